import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import type { ImportResult } from '../../shared/api.ts';
import { EXPORT_FORMATS, ExportQuerySchema } from '../../shared/exportLine.ts';
import { UPLOAD_FORMATS, type UploadFormat } from '../../shared/importLine.ts';
import type { Ctx } from '../context.ts';
import { parse } from '../http/validate.ts';
import { exportItems } from '../io/export.ts';
import { ImportSession } from '../io/images.ts';
import { CLI_ACTOR, EXIT, UsageError, withCtx, withData } from './common.ts';
import { progress } from './progress.ts';
import { projectRef } from './projects.ts';

/** Errors printed after an import; the rest are counted. */
const PRINTED_ERRORS = 50;

/** The file argument of `gloss import`, checked before anything is opened. */
function importable(file: string): { size: number; folder: boolean } {
  try {
    const st = statSync(file);
    return { size: st.size, folder: st.isDirectory() };
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

export interface ImportFileOptions {
  project: string;
  file: string;
  update: boolean;
  format?: UploadFormat | undefined;
}

/**
 * `gloss import`: a JSONL, JSON, CSV or COCO file, an image, a zip of images (with or without a
 * tasks file) or a folder of them, through the same ImportSession as an upload, with progress
 * in bytes for a file and in files for an archive or folder.
 */
export async function importFile(ctx: Ctx, o: ImportFileOptions): Promise<ImportResult> {
  const { size, folder } = importable(o.file);
  const project = projectRef(ctx, o.project);
  let bar = progress('import', size, 'bytes');
  let byFiles = false;
  const session = new ImportSession(ctx, {
    project,
    update: o.update,
    actor: CLI_ACTOR,
    format: o.format,
    onProgress: (p) => {
      if (!byFiles)
        bar.update(p.bytes, {
          status: `${p.imported + p.updated} items, ${p.duplicates} duplicates, ${p.errors} errors`,
        });
    },
    onFiles: (done, total) => {
      if (!byFiles) {
        bar.stop();
        bar = progress('import', total, 'items');
        byFiles = true;
      }
      bar.update(done, { status: 'files' });
    },
  });
  try {
    if (folder) await session.addFolder(o.file);
    else
      await session.add({
        source: createReadStream(o.file, { highWaterMark: 256 * 1024 }),
        filename: o.file,
      });
    return await session.finish();
  } finally {
    bar.stop();
  }
}

function printSummary(r: ImportResult) {
  const errors = r.errors.length + (r.errorsTruncated ? '+' : '');
  console.log(`imported ${r.imported}, updated ${r.updated}, duplicates ${r.duplicates}, errors ${errors}`);
  for (const e of r.errors.slice(0, PRINTED_ERRORS))
    console.log(e.line ? `line ${e.line}: ${e.message}` : e.message);
  const more = r.errors.length - PRINTED_ERRORS;
  if (more > 0 || r.errorsTruncated)
    console.log(`... and ${r.errorsTruncated ? 'more than ' : ''}${Math.max(more, 0)} more`);
}

export interface ExportFileOptions {
  project: string;
  status: string;
  format: string;
  from?: string | undefined;
  to?: string | undefined;
  /** A file to write; standard output when left out. */
  output?: string | undefined;
}

/**
 * `gloss export`: to standard output, or to a file written under a temporary name and renamed
 * at the end, so a failed export never leaves a file that looks complete.
 */
export async function exportToFile(ctx: Ctx, o: ExportFileOptions): Promise<number> {
  const project = projectRef(ctx, o.project);
  const query = parse(ExportQuerySchema, { status: o.status, format: o.format, from: o.from, to: o.to });
  if (!o.output) {
    // A closed pipe (`| head`) ends the export quietly instead of crashing.
    process.stdout.on('error', () => {});
    const r = await exportItems(ctx, process.stdout, { project, query, actor: CLI_ACTOR });
    return r.count;
  }
  const part = `${o.output}.part`;
  const out = createWriteStream(part);
  const counts = ctx.projects.counts(project.id);
  const total =
    query.status === 'accepted' ? (counts.accepted ?? 0) : Object.values(counts).reduce((a, b) => a + b, 0);
  const bar = progress('export', total, 'items');
  try {
    const r = await exportItems(ctx, out, {
      project,
      query,
      actor: CLI_ACTOR,
      onProgress: (n) => bar.update(n),
    });
    out.end();
    await once(out, 'finish');
    if (!r.completed) throw new Error(`could not write ${o.output}`);
    renameSync(part, o.output);
    return r.count;
  } catch (e) {
    out.destroy();
    rmSync(part, { force: true });
    throw e;
  } finally {
    bar.stop();
  }
}

export function registerIoCommands(program: Command) {
  withData(program.command('import <file>'))
    .description(
      'import items from a JSONL, JSON (Label Studio tasks), CSV or COCO file, images, a zip of images or a folder',
    )
    .requiredOption('--project <name-or-id>', 'project')
    .option('--update', 'replace the data of ids already in the project instead of skipping them')
    .option(
      '--format <format>',
      `${UPLOAD_FORMATS.join(', ')} (default: from the file; zips and images by their bytes)`,
    )
    .addHelpText(
      'after',
      '\nExit status: 0 when every non-blank line was imported (or was already there), 1 when any line\nwas rejected (the good lines stay imported), 2 for a usage error.\n',
    )
    .action(
      async (file: string, o: { project: string; update?: boolean; format?: string; data?: string }) => {
        if (o.format && !(UPLOAD_FORMATS as readonly string[]).includes(o.format)) {
          throw new UsageError(`--format must be one of ${UPLOAD_FORMATS.join(', ')}`);
        }
        importable(file);
        await withCtx(o, async (ctx) => {
          const r = await importFile(ctx, {
            project: o.project,
            file,
            update: !!o.update,
            format: o.format as UploadFormat | undefined,
          });
          printSummary(r);
          return r.errors.length > 0 ? EXIT.failed : EXIT.ok;
        });
      },
    );

  withData(program.command('export'))
    .description(
      'export a project as JSONL (or doccano, spaCy, CSV, COCO, a YOLO zip, Label Studio JSON) to standard output or a file',
    )
    .requiredOption('--project <name-or-id>', 'project')
    .option('--status <status>', 'accepted or all', 'accepted')
    .option('--format <format>', EXPORT_FORMATS.join(', '), 'jsonl')
    .option('--from <date>', 'only items created on or after this date (2026-05-01)')
    .option('--to <date>', 'only items created on or before this date')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (o: ExportFileOptions & { data?: string }) =>
      withCtx(o, async (ctx) => {
        const count = await exportToFile(ctx, o);
        if (o.output) console.error(`exported ${count} items to ${o.output}`);
        return EXIT.ok;
      }),
    );
}
