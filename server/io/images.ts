import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportError, ImportResult } from '../../shared/api.ts';
import type { UploadFormat } from '../../shared/importLine.ts';
import type { Actor } from '../auth/userCommands.ts';
import type { Ctx } from '../context.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { IMAGE_EXTENSIONS, sniffImage } from '../media/headers.ts';
import { type ImageRef, ImageRejected, storeImage, tooLargeImage } from '../media/ingest.ts';
import { type ImageResolver, projectImageResolver } from '../media/resolve.ts';
import {
  type Archive,
  type ArchiveEntry,
  ArchiveRefused,
  EntryUnreadable,
  openFolder,
  openZip,
} from './archive.ts';
import { importCoco, looksLikeCoco } from './coco.ts';
import { type ImportProgress, importItems, MAX_LISTED_ERRORS } from './import.ts';
import { unsafeEntry } from './paths.ts';
import { formatBytes } from './records.ts';

/**
 * Everything an upload can hold, sorted out by its bytes: PNG/JPEG/WebP/GIF images, zip archives
 * of images (with or without a tasks file), COCO JSON files, and the line formats (JSONL, JSON,
 * CSV) whose `"image"` lines name images already uploaded or under GLOSS_IMPORT_ROOTS. The HTTP
 * route, the CLI and the demo all import through `ImportSession`.
 */

export interface UploadOptions {
  project: ProjectRecord;
  update: boolean;
  actor: Actor;
  /** Applies to every file of the session; zips and images are recognised by their bytes anyway. */
  format?: UploadFormat | undefined;
  onProgress?: (p: ImportProgress) => void;
  /** Files of an archive or folder handled so far, of how many. */
  onFiles?: (done: number, total: number) => void;
}

export interface UploadFile {
  source: AsyncIterable<Buffer | string>;
  filename?: string | undefined;
  contentType?: string | undefined;
}

/** Bytes looked at to tell the kind of a file. */
const HEAD_BYTES = 4096;
const TASK_FILE = /\.(jsonl|ndjson|json|csv)$/i;
const ZIP_MAGIC = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
];

const isZip = (b: Buffer, name: string | undefined) =>
  ZIP_MAGIC.some((m) => m.every((v, i) => b[i] === v)) || (b.length === 0 && /\.zip$/i.test(name ?? ''));

/** Hidden files and macOS resource forks that archivers add: skipped without a word. */
const isJunk = (path: string) => path.split('/').some((p) => p.startsWith('.') || p === '__MACOSX');

const emptyResult = (): ImportResult => ({
  imported: 0,
  updated: 0,
  duplicates: 0,
  errors: [],
  errorsTruncated: false,
});

/** Adds `r` into `into`, each error message prefixed with where it came from. */
function addResult(into: ImportResult, r: ImportResult, prefix = '') {
  into.imported += r.imported;
  into.updated += r.updated;
  into.duplicates += r.duplicates;
  for (const e of r.errors) {
    if (into.errors.length >= MAX_LISTED_ERRORS) {
      into.errorsTruncated = true;
      break;
    }
    into.errors.push(prefix ? { line: e.line, message: `${prefix}: ${e.message}` } : e);
  }
  into.errorsTruncated ||= r.errorsTruncated;
}

/** Reads the first bytes of a stream and hands back the whole stream again. */
async function peek(source: AsyncIterable<Buffer | string>, want: number) {
  const it = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < want) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    head.push(chunk);
    size += chunk.length;
  }
  async function* whole() {
    yield* head;
    if (done) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { head: Buffer.concat(head), whole };
}

/** Reads a whole stream up to `max` bytes; null (after reading it to the end) when it is larger. */
async function readUpTo(source: AsyncIterable<Buffer | string>, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const piece of source) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    size += chunk.length;
    if (size <= max) chunks.push(chunk);
  }
  return size > max ? null : Buffer.concat(chunks);
}

/** JSONL lines that make one item of each image: its path is both its id and its image. */
function imageLines(paths: readonly string[]): string[] {
  return paths.map((p) => `${JSON.stringify({ id: p, image: p })}\n`);
}

/**
 * One import of one or more files into a project. Images uploaded as files are collected and
 * become items together at `finish`; archives, COCO and line files are imported as they come.
 */
export class ImportSession {
  private readonly result = emptyResult();
  private readonly loose = new Map<string, ImageRef>();
  private looseErrors: ImportError[] = [];
  private files = 0;
  private readonly resolver: ImageResolver;

  constructor(
    private readonly ctx: Ctx,
    private readonly o: UploadOptions,
  ) {
    this.resolver = projectImageResolver(ctx, o.project.id);
  }

  /** Imports one file; its problems go into the session's result (never thrown, but for I/O). */
  async add(file: UploadFile): Promise<void> {
    const n = ++this.files;
    const name = file.filename ? basename(file.filename) : undefined;
    const { head, whole } = await peek(file.source, HEAD_BYTES);
    const prefix = name ?? (n > 1 ? `file ${n}` : 'upload');
    if (sniffImage(head)) {
      const bytes = await readUpTo(whole(), this.ctx.config.maxImageBytes);
      const path = name ?? `upload-${randomBytes(4).toString('hex')}`;
      if (!bytes) {
        this.looseErrors.push({
          line: 0,
          message: `${prefix}: ${tooLargeImage(this.ctx.config.maxImageBytes)}`,
        });
        return;
      }
      if (this.loose.has(path)) {
        this.looseErrors.push({
          line: 0,
          message: `${prefix}: another image of this upload has the same name`,
        });
        return;
      }
      try {
        this.loose.set(path, await storeImage(this.ctx, this.o.project.id, path, bytes));
      } catch (e) {
        if (!(e instanceof ImageRejected)) throw e;
        this.looseErrors.push({ line: 0, message: `${prefix}: ${e.message}` });
      }
      return;
    }
    if (isZip(head, name)) {
      addResult(this.result, await this.importZip(whole()), prefix);
      return;
    }
    const format = this.o.format;
    if (format === 'coco' || (format === undefined && looksLikeCoco(head.toString('utf8')))) {
      const max = this.ctx.config.maxUploadBytes;
      const bytes = await readUpTo(whole(), max);
      if (!bytes) {
        this.result.errors.push({
          line: 0,
          message: `${prefix}: the COCO file is larger than ${formatBytes(max)} (GLOSS_MAX_UPLOAD_MB)`,
        });
        return;
      }
      addResult(this.result, await importCoco(this.ctx, { ...this.common(), bytes, filename: name }));
      return;
    }
    if (IMAGE_EXTENSIONS.test(name ?? '') || file.contentType?.startsWith('image/')) {
      await readUpTo(whole(), 0);
      this.looseErrors.push({ line: 0, message: `${prefix}: is not a PNG, JPEG, WebP or GIF image` });
      return;
    }
    const r = await importItems(this.ctx, {
      ...this.common(),
      source: whole(),
      format,
      filename: file.filename,
      contentType: file.contentType,
    });
    addResult(this.result, r, n > 1 ? prefix : '');
  }

  /** `gloss import --project P FOLDER`: the folder is read like a zip archive. */
  async addFolder(dir: string): Promise<void> {
    this.files++;
    let archive: Archive;
    try {
      archive = await openFolder(dir, this.ctx.config.maxZipEntries);
    } catch (e) {
      if (!(e instanceof ArchiveRefused)) throw e;
      this.result.errors.push({ line: 0, message: `${basename(dir)}: ${e.message}` });
      return;
    }
    addResult(this.result, await this.importArchive(archive, basename(dir)), basename(dir));
  }

  /** Makes items of the images uploaded as files, and returns what the whole session did. */
  async finish(): Promise<ImportResult> {
    if (this.loose.size) {
      const loose = this.loose;
      const r = await importItems(this.ctx, {
        ...this.common(),
        source: Readable.from(imageLines([...loose.keys()])),
        format: 'jsonl',
        filename: loose.size === 1 ? [...loose.keys()][0] : `${loose.size} images`,
        resolveImage: async (p) => loose.get(p) ?? this.resolver(p),
      });
      // A line number means nothing to someone who uploaded pictures: name the file instead.
      const paths = [...loose.keys()];
      addResult(this.result, {
        ...r,
        errors: r.errors.map((e) => ({ line: 0, message: `${paths[e.line - 1] ?? ''}: ${e.message}` })),
      });
    }
    const out = emptyResult();
    addResult(out, { ...emptyResult(), errors: this.looseErrors });
    addResult(out, this.result);
    return out;
  }

  private common() {
    const { project, update, actor, onProgress } = this.o;
    return { project, update, actor, onProgress, resolveImage: this.resolver };
  }

  /** Spools an uploaded zip to a private temporary file (zips are read from their end), then imports it. */
  private async importZip(source: AsyncIterable<Buffer | string>): Promise<ImportResult> {
    const tmpDir = join(this.ctx.config.dataDir, 'tmp');
    await mkdir(tmpDir, { recursive: true, mode: 0o700 });
    const file = join(tmpDir, `upload-${randomBytes(8).toString('hex')}.zip`);
    try {
      await pipeline(Readable.from(source), createWriteStream(file, { mode: 0o600 }));
      let archive: Archive;
      try {
        archive = await openZip(file, this.ctx.config.maxZipEntries);
      } catch (e) {
        if (!(e instanceof ArchiveRefused)) throw e;
        return { ...emptyResult(), errors: [{ line: 0, message: e.message }] };
      }
      try {
        return await this.importArchive(archive, 'archive');
      } finally {
        archive.close();
      }
    } finally {
      await rm(file, { force: true });
    }
  }

  /**
   * Stores every image of an archive (or folder) under its path there, then makes the items: from
   * the tasks files it holds (`.jsonl`, `.json`, `.csv`, or a COCO `.json`), whose image paths
   * resolve against the archive (relative to the tasks file, then to the archive's top), or,
   * without a tasks file, one item per image with its path as id. The declared sizes of all
   * entries read are budgeted against GLOSS_MAX_UNZIPPED_MB: past it (a zip bomb) no item is made.
   */
  private async importArchive(archive: Archive, name: string): Promise<ImportResult> {
    const { ctx } = this;
    const out = emptyResult();
    const images = new Map<string, ImageRef>();
    const taskFiles: ArchiveEntry[] = [];
    const entries = [...archive.entries].sort((a, b) =>
      a.path.localeCompare(b.path, 'en', { numeric: true }),
    );
    let budget = ctx.config.maxUnzippedBytes;
    const refuse = (e: ArchiveEntry, why: string) =>
      out.errors.push({ line: 0, message: `"${e.path}" ${why}` });
    let done = 0;
    for (const e of entries) {
      this.o.onFiles?.(done++, entries.length);
      if (isJunk(e.path)) continue;
      if (unsafeEntry(e.path)) {
        refuse(e, 'has an absolute path or leaves the archive (..): refused');
        continue;
      }
      if (e.symlink) {
        refuse(e, 'is a symbolic link: refused');
        continue;
      }
      const isImage = IMAGE_EXTENSIONS.test(e.path);
      if (!isImage && !TASK_FILE.test(e.path)) {
        refuse(e, 'is not an image (PNG, JPEG, WebP, GIF) or a tasks file (.jsonl, .json, .csv): skipped');
        continue;
      }
      if (e.size > budget) {
        out.errors.push({
          line: 0,
          message: `stopped at "${e.path}": the ${name} unpacks to more than ${formatBytes(ctx.config.maxUnzippedBytes)} (GLOSS_MAX_UNZIPPED_MB); nothing was imported from it`,
        });
        return out;
      }
      budget -= e.size;
      if (!isImage) {
        taskFiles.push(e);
        continue;
      }
      if (e.size > ctx.config.maxImageBytes) {
        refuse(e, tooLargeImage(ctx.config.maxImageBytes));
        continue;
      }
      try {
        images.set(e.path, await storeImage(ctx, this.o.project.id, e.path, await e.read()));
      } catch (err) {
        if (err instanceof EntryUnreadable) refuse(e, `cannot be read: ${err.message}`);
        else if (err instanceof ImageRejected) refuse(e, err.message);
        else throw err;
      }
    }
    this.o.onFiles?.(entries.length, entries.length);

    if (taskFiles.length === 0) {
      const paths = [...images.keys()];
      const r = await importItems(ctx, {
        ...this.common(),
        source: Readable.from(imageLines(paths)),
        format: 'jsonl',
        filename: name,
        resolveImage: async (p) => images.get(p) ?? `image "${p}" was not stored`,
      });
      addResult(out, {
        ...r,
        errors: r.errors.map((e) => ({ line: 0, message: `"${paths[e.line - 1]}" ${e.message}` })),
      });
      return out;
    }
    for (const tf of taskFiles) {
      const dir = posix.dirname(tf.path);
      const resolveImage: ImageResolver = async (p) => {
        const inArchive = images.get(posix.normalize(posix.join(dir, p))) ?? images.get(posix.normalize(p));
        return inArchive ?? this.resolver(p);
      };
      try {
        const { head, whole } = await peek(await tf.stream(), HEAD_BYTES);
        const r = looksLikeCoco(head.toString('utf8'))
          ? await importCoco(ctx, {
              ...this.common(),
              bytes: (await readUpTo(whole(), Number.MAX_SAFE_INTEGER))!,
              filename: tf.path,
              resolveImage,
            })
          : await importItems(ctx, { ...this.common(), source: whole(), filename: tf.path, resolveImage });
        addResult(out, r, tf.path);
      } catch (err) {
        // Lines read before the damage stay imported, as with any source that fails part way.
        if (!(err instanceof EntryUnreadable)) throw err;
        refuse(tf, `cannot be read to the end: ${err.message}`);
      }
    }
    return out;
  }
}
