import { createHash } from 'node:crypto';
import type { ImportError, ImportResult } from '../../shared/api.ts';
import { type ImportFormat, type ImportItem, normalizeImportLine } from '../../shared/importLine.ts';
import type { Actor } from '../auth/userCommands.ts';
import type { Ctx } from '../context.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { CsvReader } from './csv.ts';
import { JsonArrayReader } from './jsonArray.ts';
import { JsonlReader } from './jsonl.ts';
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
  private batch: { line: number; extId: string; hashed: boolean; item: ImportItem }[] = [];
  /** Rows above this id were added by this import: a conflict with one is a duplicate inside the file. */
  private readonly maxIdBefore: number;

  constructor(
    private readonly ctx: Ctx,
    private readonly o: ImportOptions,
    private readonly auditDetail: () => Record<string, unknown>,
  ) {
    this.maxIdBefore = ctx.items.maxId();
  }

  record(line: number, value: unknown) {
    if (this.stopped) return;
    const r = normalizeImportLine(value);
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
    this.batch.push({ line, extId, hashed: r.item.extId === null, item: r.item });
    if (this.batch.length >= BATCH_LINES) this.flush(false);
  }

  bad(line: number, message: string) {
    if (this.stopped) return;
    this.errorCount++;
    if (this.result.errors.length < MAX_LISTED_ERRORS) this.result.errors.push({ line, message });
    else this.result.errorsTruncated = true;
  }

  /**
   * Writes the pending lines in one transaction. A conflict on (project, ext_id) with a row this
   * import added is a duplicate inside the file; with an older row it is a duplicate of an item
   * already there, left alone or (with `update`) replaced. Only the id bound is remembered, never
   * the ids seen, so memory does not grow with the file. (With `update`, an id that was already in
   * the project and appears twice in the file is replaced twice: the last line wins.)
   */
  flush(final: boolean) {
    const { ctx, o } = this;
    const projectId = o.project.id;
    const batch = this.batch;
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
        reader =
          format === 'csv'
            ? new CsvReader(run, maxLine)
            : format === 'json'
              ? new JsonArrayReader(run, maxLine)
              : new JsonlReader(run, maxLine);
        head = [];
        reader.push(all);
      } else {
        reader.push(chunk);
      }
      run.progress();
      if (run.stopped) break;
    }
    if (reader && !run.stopped) reader.end();
  } catch (err) {
    if (run.result.imported + run.result.updated > 0) run.audit({ aborted: (err as Error).message });
    throw err;
  }
  run.flush(true);
  run.progress();
  run.result.errors.sort((a, b) => a.line - b.line);
  return run.result;
}
