import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Ctx } from '../context.ts';
import { unsafeEntry } from '../io/paths.ts';
import { formatBytes } from '../io/records.ts';
import { type ImageRef, ImageRejected, storeImage, tooLargeImage } from './ingest.ts';

/**
 * Finds (storing it if need be) the image an import line's `"image"` names; a string is the
 * reason it could not, which the import reports against the line.
 */
export type ImageResolver = (path: string) => Promise<ImageRef | string>;

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** True when `inner` is `outer` or below it. */
export function isInside(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

async function stored(ctx: Ctx, projectId: number, path: string, bytes: Buffer): Promise<ImageRef | string> {
  try {
    return await storeImage(ctx, projectId, path, bytes);
  } catch (e) {
    if (e instanceof ImageRejected) return `image "${path}" ${e.message}`;
    throw e;
  }
}

/**
 * A relative path under one of the admin's GLOSS_IMPORT_ROOTS. Both the root and the file are
 * resolved through realpath and the file must stay inside the root, so neither `..` nor a
 * symbolic link can reach the rest of the disk. Null when no root has the file.
 */
async function fromRoots(ctx: Ctx, projectId: number, path: string): Promise<ImageRef | string | null> {
  for (const root of ctx.config.importRoots) {
    let realRoot: string;
    try {
      realRoot = await realpath(root);
    } catch {
      continue;
    }
    const candidate = resolve(realRoot, path);
    if (!isInside(realRoot, candidate)) return `image "${path}" is outside GLOSS_IMPORT_ROOTS`;
    try {
      await lstat(candidate);
    } catch {
      continue;
    }
    let real: string;
    try {
      real = await realpath(candidate);
    } catch {
      return `image "${path}" is a broken symbolic link`;
    }
    if (!isInside(realRoot, real)) {
      return `image "${path}" leads outside GLOSS_IMPORT_ROOTS through a symbolic link: refused`;
    }
    const st = await stat(real);
    if (!st.isFile()) return `image "${path}" is not a file`;
    if (st.size > ctx.config.maxImageBytes)
      return `image "${path}" ${tooLargeImage(ctx.config.maxImageBytes)}`;
    return stored(ctx, projectId, path, await readFile(real));
  }
  return null;
}

/**
 * Fetches an http(s) image from a host the admin listed in GLOSS_IMPORT_HOSTS. Redirects are not
 * followed (one could lead to an internal address) and the body is read up to the image limit.
 */
async function fromUrl(ctx: Ctx, projectId: number, path: string): Promise<ImageRef | string> {
  let url: URL;
  try {
    url = new URL(path);
  } catch {
    return `image "${path}" is not a valid URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `image "${path}": only relative paths and http(s) URLs can be imported`;
  }
  const hosts = ctx.config.importHosts;
  if (!hosts.includes(url.hostname.toLowerCase()) && !hosts.includes(url.host.toLowerCase())) {
    return `image "${path}" is a remote URL and its host ${url.host} is not listed in GLOSS_IMPORT_HOSTS: Gloss does not fetch it (upload the image, or ask an admin to allow the host)`;
  }
  const max = ctx.config.maxImageBytes;
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(60_000) });
  } catch (e) {
    return `image "${path}" could not be fetched: ${(e as Error).message}`;
  }
  if (!res.ok || !res.body) return `image "${path}" could not be fetched: HTTP ${res.status}`;
  if (Number(res.headers.get('content-length')) > max) {
    await res.body.cancel();
    return `image "${path}" ${tooLargeImage(max)}`;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    size += r.value.length;
    if (size > max) {
      await reader.cancel();
      return `image "${path}" ${tooLargeImage(max)} (stopped after ${formatBytes(size)})`;
    }
    chunks.push(Buffer.from(r.value));
  }
  return stored(ctx, projectId, path, Buffer.concat(chunks));
}

/**
 * The resolver every import uses for `"image"` paths: an http(s) URL only from an allowed host;
 * otherwise the media already uploaded to the project under that path, then a file under
 * GLOSS_IMPORT_ROOTS. Absolute paths and `..` are refused outright.
 */
export function projectImageResolver(ctx: Ctx, projectId: number): ImageResolver {
  return async (path) => {
    if (URL_SCHEME.test(path) && !/^[a-zA-Z]:[\\/]/.test(path)) return fromUrl(ctx, projectId, path);
    const known = ctx.media.byPath(projectId, path);
    if (known) return { mediaId: known.id, width: known.width, height: known.height };
    if (unsafeEntry(path)) {
      return `image "${path}" is an absolute path or leaves its folder (..): give a path relative to the upload or to a folder in GLOSS_IMPORT_ROOTS`;
    }
    const found = await fromRoots(ctx, projectId, path);
    if (found !== null) return found;
    return ctx.config.importRoots.length
      ? `image "${path}" was not found: upload it (or a zip holding it and this file), or put it under a folder in GLOSS_IMPORT_ROOTS`
      : `image "${path}" was not found: upload it first (or a zip holding it and this file); an admin can also allow server folders with GLOSS_IMPORT_ROOTS`;
  };
}
