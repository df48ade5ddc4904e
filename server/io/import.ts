import { createHash } from 'node:crypto';
import type { ImportError, ImportResult } from '../../shared/api.ts';
import { type ImportFormat, type ImportItem, normalizeImportLine } from '../../shared/importLine.ts';
import type { Actor } from '../auth/userCommands.ts';
import type { Ctx } from '../context.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { type ImageResolver, projectImageResolver } from '../media/resolve.ts';
import { CsvReader } from './csv.ts';
import { JsonArrayReader } from './jsonArray.ts';
import { JsonlReader } from './jsonl.ts';
import { holdImageShapes, mergeHeldShapes } from './labelStudioImages.ts';
import { hasBom, type RecordReader, type RecordSink } from './records.ts';

/** Lines written per transaction: large enough to amortise the commit, small enough to keep memory flat. */
export const BATCH_LINES = 5000;
/** Errors listed in the result; past this only their count grows. */
export const MAX_LISTED_ERRORS = 1000;

export interface ImportProgress {
  /** Bytes of the source read so far. */
  bytes: number;
  imported: number;
  updated: number;
  duplicates: number;
  errors: number;
}

export interface ImportOptions {
  project: ProjectRecord;
  /** The file's bytes: a Readable, or any async iterable of chunks. */
  source: AsyncIterable<Buffer | string>;
  /** Left out: judged from `filename`, `contentType`, then the first character. */
  format?: ImportFormat | undefined;
  filename?: string | undefined;
  contentType?: string | undefined;
  /** Replace ids already in the project instead of counting them as duplicates. */
  update: boolean;
  actor: Actor;
  onProgress?: (p: ImportProgress) => void;
  /**
   * Finds the stored image an `"image"` line names. Left out: the project's uploaded media, then
   * GLOSS_IMPORT_ROOTS, then allowed URLs (server/media/resolve.ts); an archive passes its own.
   */
  resolveImage?: ImageResolver | undefined;
}

/**
 * The format from what the caller said, the file name or the content type; null when only the
 * content can tell. JSON and JSON Lines are told apart by the content even when a name says
 * `.json`, since many JSON Lines files are named so.
 */
function formatHint(
  o: Pick<ImportOptions, 'format' | 'filename' | 'contentType'>,
): ImportFormat | 'json*' | null {
  if (o.format) return o.format;
  const ext = o.filename?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === 'csv') return 'csv';
  if (ext === 'json' || ext === 'jsonl' || ext === 'ndjson') return 'json*';
  const type = o.contentType?.toLowerCase() ?? '';
  if (type.includes('csv')) return 'csv';
  if (type.includes('json')) return 'json*';
  return null;
}

/** Without a definite hint, `[` starts a JSON array and anything else is JSON Lines. */
function formatFor(hint: ImportFormat | 'json*' | null, first: number): ImportFormat {
  if (hint && hint !== 'json*') return hint;
  return first === 0x5b ? 'json' : 'jsonl';
}

/** The stable id of a line that has none: re-importing the same content finds the same id. */
export function contentId(item: ImportItem): string {
  const content = 'text' in item.data ? item.data.text : item.data.image;
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

class ImportRun implements RecordSink {
  readonly result: ImportResult = {
    imported: 0,
    updated: 0,
    duplicates: 0,
    errors: [],
    errorsTruncated: false,
  };
  errorCount = 0;
  stopped = false;
  bytes = 0;
  private accepted = 0;
  batch: { line: number; extId: string; hashed: boolean; item: ImportItem; shapes: unknown[][] | null }[] =
    [];
  private readonly resolveImage: ImageResolver;
  /** Rows above this id were added by this import: a conflict with one is a duplicate inside the file. */
  private readonly maxIdBefore: number;

  constructor(
    private readonly ctx: Ctx,
    private readonly o: ImportOptions,
    private readonly auditDetail: () => Record<string, unknown>,
  ) {
    this.maxIdBefore = ctx.items.maxId();
    this.resolveImage = o.resolveImage ?? projectImageResolver(ctx, o.project.id);
  }

  record(line: number, value: unknown) {
    if (this.stopped) return;
    const held = holdImageShapes(value);
    const r = normalizeImportLine(held.value);
    if (!r.ok) {
      this.bad(line, r.message);
      return;
    }
    if (this.accepted >= this.ctx.config.maxImportItems) {
      this.bad(
        line,
        `stopped here: one import takes at most ${this.ctx.config.maxImportItems} items (GLOSS_MAX_IMPORT_ITEMS); import the rest separately`,
      );
      this.stopped = true;
      return;
    }
    this.accepted++;
    const extId = r.item.extId ?? contentId(r.item);
    this.batch.push({ line, extId, hashed: r.item.extId === null, item: r.item, shapes: held.shapes });
  }

  bad(line: number, message: string) {
    if (this.stopped) return;
    this.errorCount++;
    if (this.result.errors.length < MAX_LISTED_ERRORS) this.result.errors.push({ line, message });
    else this.result.errorsTruncated = true;
  }

  /**
   * Finds the stored image of each image line (a line whose image cannot be found or is refused
   * is reported and left out) and measures its Label Studio shapes against it. An id already in
   * the project is left alone without touching its image, unless the import updates.
   */
  private async resolveImages(batch: ImportRun['batch']): Promise<ImportRun['batch']> {
    const { ctx, o } = this;
    const ready: ImportRun['batch'] = [];
    for (const entry of batch) {
      const { item } = entry;
      if (!('image' in item.data)) {
        ready.push(entry);
        continue;
      }
      const existing = o.update ? undefined : ctx.items.idOf(o.project.id, entry.extId);
      if (existing !== undefined && existing <= this.maxIdBefore) {
        this.result.duplicates++;
        continue;
      }
      const found = await this.resolveImage(item.data.image);
      if (typeof found === 'string') {
        this.bad(entry.line, found);
        continue;
      }
      item.data = { image: item.data.image, ...found };
      if (entry.shapes) {
        const problem = mergeHeldShapes(o.project.schema, item, entry.shapes, found);
        if (problem) {
          this.bad(entry.line, problem);
          continue;
        }
      }
      ready.push(entry);
    }
    return ready;
  }

  /**
   * Writes the pending lines in one transaction. A conflict on (project, ext_id) with a row this
   * import added is a duplicate inside the file; with an older row it is a duplicate of an item
   * already there, left alone or (with `update`) replaced. Only the id bound is remembered, never
   * the ids seen, so memory does not grow with the file. (With `update`, an id that was already in
   * the project and appears twice in the file is replaced twice: the last line wins.)
   */
  async flush(final: boolean) {
    const { ctx, o } = this;
    const projectId = o.project.id;
    const batch = await this.resolveImages(this.batch);
    this.batch = [];
    const inFile: ImportError[] = [];
    ctx.db.transaction(() => {
      for (const { line, extId, hashed, item } of batch) {
        if (ctx.items.insertNew(projectId, extId, item) !== null) {
          this.result.imported++;
          continue;
        }
        const existing = ctx.items.idOf(projectId, extId)!;
        if (existing > this.maxIdBefore) {
          inFile.push({
            line,
            message: hashed
              ? `the same ${item.kind} as an earlier line (no id given, so its id is the content hash ${extId})`
              : `duplicate id "${extId}": it appears earlier in this file`,
          });
        } else if (o.update) {
          ctx.items.replaceData(projectId, existing, item);
          this.result.updated++;
        } else {
          this.result.duplicates++;
        }
      }
      if (final) this.audit({});
    })();
    for (const e of inFile) this.bad(e.line, e.message);
  }

  audit(extra: Record<string, unknown>) {
    const { imported, updated, duplicates } = this.result;
    this.ctx.audit.record({
      actor: this.o.actor.username,
      action: 'import',
      projectId: this.o.project.id,
      target: this.o.project.name,
      detail: { ...this.auditDetail(), imported, updated, duplicates, errors: this.errorCount, ...extra },
      ip: this.o.actor.ip,
    });
  }

  progress() {
    const { imported, updated, duplicates } = this.result;
    this.o.onProgress?.({ bytes: this.bytes, imported, updated, duplicates, errors: this.errorCount });
  }
}

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

function readerFor(format: ImportFormat, sink: RecordSink, maxLine: number): RecordReader {
  if (format === 'csv') return new CsvReader(sink, maxLine);
  return format === 'json' ? new JsonArrayReader(sink, maxLine) : new JsonlReader(sink, maxLine);
}

/**
 * Imports a file into a project: the one code path behind the HTTP route, the CLI, the demo and
 * the benchmark. The source is read chunk by chunk and written in transactions of BATCH_LINES
 * lines, so memory stays flat at any file size; bad lines are reported with their line number
 * and the good ones still go in. The audit event is written with the last batch.
 *
 * If the source fails part way (a client gone, an upload over the limit), the batches already
 * written stay, an audit event records how far it got, and the error is thrown on.
 */
export async function importItems(ctx: Ctx, o: ImportOptions): Promise<ImportResult> {
  let format: ImportFormat | null = null;
  const hint = formatHint(o);
  const run = new ImportRun(ctx, o, () => ({ format, file: o.filename ?? null, update: o.update }));
  const maxLine = ctx.config.maxLineBytes;
  let reader: RecordReader | null = null;
  /** Chunks read before the first non-blank byte, which decides the format. */
  let head: Buffer[] = [];
  try {
    for await (const piece of o.source) {
      const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
      run.bytes += chunk.length;
      if (!reader) {
        head.push(chunk);
        let all = head.length === 1 ? chunk : Buffer.concat(head);
        // Wait for a whole byte-order mark before deciding it is not one.
        if (all.length < 3 && (all.length === 0 || all[0] === 0xef)) continue;
        if (hasBom(all, 0)) all = all.subarray(3);
        let i = 0;
        while (i < all.length && isSpace(all[i]!)) i++;
        if (i === all.length) {
          head = [all];
          continue;
        }
        format = formatFor(hint, all[i]!);
        reader = readerFor(format, run, maxLine);
        head = [];
        reader.push(all);
      } else {
        reader.push(chunk);
      }
      if (run.batch.length >= BATCH_LINES) await run.flush(false);
      run.progress();
      if (run.stopped) break;
    }
    const rest = Buffer.concat(head);
    if (!reader && rest.some((b) => !isSpace(b))) {
      // One or two bytes that began like a byte-order mark: read them, so they are reported.
      format = formatFor(hint, rest[0]!);
      reader = readerFor(format, run, maxLine);
      reader.push(rest);
    }
    if (reader && !run.stopped) reader.end();
  } catch (err) {
    if (run.result.imported + run.result.updated > 0) run.audit({ aborted: (err as Error).message });
    throw err;
  }
  await run.flush(true);
  run.progress();
  run.result.errors.sort((a, b) => a.line - b.line);
  return run.result;
}
