import type { z } from 'zod';

/**
 * Validation messages by dotted path (`settings.leaseMinutes`, `schema.tasks.0.name`), the same
 * form the server uses for `error.field`, so local and server errors land on the same field.
 * With `prefix`, only paths under it are kept, relative to it.
 */
export function issueMap(error: z.ZodError | undefined, prefix?: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const issue of error?.issues ?? []) {
    let path = issue.path.map(String).join('.');
    if (prefix !== undefined) {
      if (path === prefix) path = '';
      else if (path.startsWith(`${prefix}.`)) path = path.slice(prefix.length + 1);
      else continue;
    }
    if (!out.has(path)) out.set(path, issue.message);
  }
  return out;
}

/** A number input's text as a number; blank is NaN so validation names the field. */
export const toNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
