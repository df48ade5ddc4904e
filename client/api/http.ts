import type { z } from 'zod';
import type { ErrorBody } from '../../shared/api.ts';

/** A failed API call: the server's stable error id, its message and the field it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Listeners told when any call comes back 401, so the app can show the login screen. */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(fn: () => void) {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

/**
 * Calls the API with the session cookie and parses the reply with the shared schema, so the
 * client never trusts a shape it has not checked. 204 resolves to null.
 */
export async function api<S extends z.ZodType>(
  method: string,
  path: string,
  opts: { body?: unknown; schema?: S; signal?: AbortSignal } = {},
): Promise<z.output<S>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: opts.body === undefined ? {} : { 'content-type': 'application/json' },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'offline', 'the server cannot be reached');
  }
  if (res.status === 401 && path !== '/api/auth/login') for (const fn of unauthorizedListeners) fn();
  if (res.status === 204) return null as z.output<S>;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(res.status, 'bad_reply', `unexpected reply from the server (${res.status})`);
  }
  if (!res.ok) {
    const err = (json as ErrorBody | null)?.error;
    throw new ApiError(
      res.status,
      err?.id ?? 'error',
      err?.message ?? `request failed (${res.status})`,
      err?.field,
    );
  }
  return (opts.schema ? opts.schema.parse(json) : json) as z.output<S>;
}
