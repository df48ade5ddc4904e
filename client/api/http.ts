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
  return () => {
    unauthorizedListeners.delete(fn);
  };
}

/** A path with a query string; undefined and empty values are left out. */
export function withQuery(path: string, query: Record<string, unknown>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Turns a reply into its parsed value or an ApiError; shared by fetch and XHR calls. */
function settle<S extends z.ZodType>(path: string, status: number, text: string, schema?: S): z.output<S> {
  if (status === 401 && path !== '/api/auth/login') for (const fn of unauthorizedListeners) fn();
  if (status === 204) return null as z.output<S>;
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(status, 'bad_reply', `unexpected reply from the server (${status})`);
  }
  if (status < 200 || status >= 300) {
    const err = (json as ErrorBody | null)?.error;
    throw new ApiError(status, err?.id ?? 'error', err?.message ?? `request failed (${status})`, err?.field);
  }
  return (schema ? schema.parse(json) : json) as z.output<S>;
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
  return settle(path, res.status, await res.text(), opts.schema);
}

/** A call whose reply carries nothing (204). */
export async function send(method: string, path: string, body?: unknown): Promise<void> {
  await api(method, path, { body });
}

export interface UploadProgress {
  loaded: number;
  total: number;
  /** All bytes are sent; the server is still working on them. */
  sent: boolean;
}

/**
 * Sends a file as multipart form data. XMLHttpRequest, not fetch, because only it reports upload
 * progress; the reply is parsed and errors are raised exactly as for `api`.
 */
export function upload<S extends z.ZodType>(
  path: string,
  file: File,
  opts: { schema: S; onProgress: (p: UploadProgress) => void; signal?: AbortSignal },
): Promise<z.output<S>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) =>
      opts.onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size, sent: false });
    xhr.upload.onload = () => opts.onProgress({ loaded: file.size, total: file.size, sent: true });
    xhr.onload = () => {
      try {
        resolve(settle(path, xhr.status, xhr.responseText, opts.schema));
      } catch (e) {
        reject(e);
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'offline', 'the upload was interrupted'));
    xhr.onabort = () => reject(new DOMException('upload cancelled', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
