import { normalize, sep } from 'node:path';

/**
 * True when an archive entry name (or an import line's relative path) would land outside its
 * folder: absolute paths, drive letters and any `..` segment (zip-slip).
 */
export function unsafeEntry(name: string): boolean {
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name)) return true;
  const n = normalize(name);
  return n === '..' || n.startsWith(`..${sep}`) || n.split(/[\\/]/).includes('..');
}
