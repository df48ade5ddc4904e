import type { Writable } from 'node:stream';
import type {
  DoccanoLine,
  ExportFormat,
  ExportLine,
  ExportQuery,
  SpacyLine,
} from '../../shared/exportLine.ts';
import type { Task } from '../../shared/labelSchema.ts';
import type { Labels } from '../../shared/labels.ts';
import { tierIndex } from '../../shared/review/tiers.ts';
import type { Actor } from '../auth/userCommands.ts';
import type { Ctx } from '../context.ts';
import type { ExportFilter, ExportItemRow } from '../db/stores/items.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { invalid } from '../errors.ts';
import { tiersOf } from '../workflow/review.ts';
import { writeCoco } from './coco.ts';
import { type ExportPages, write } from './exportPages.ts';
import { labelStudioTask } from './labelStudioExport.ts';
import { writeYolo } from './yolo.ts';

/** Items read per page; each page is rendered and written as one chunk. */
const PAGE = 1000;

export const EXPORT_TYPES: Record<ExportFormat, { ext: string; contentType: string }> = {
  jsonl: { ext: 'jsonl', contentType: 'application/x-ndjson; charset=utf-8' },
  doccano: { ext: 'jsonl', contentType: 'application/x-ndjson; charset=utf-8' },
  spacy: { ext: 'jsonl', contentType: 'application/x-ndjson; charset=utf-8' },
  csv: { ext: 'csv', contentType: 'text/csv; charset=utf-8' },
  coco: { ext: 'json', contentType: 'application/json; charset=utf-8' },
  yolo: { ext: 'zip', contentType: 'application/zip' },
  labelstudio: { ext: 'json', contentType: 'application/json; charset=utf-8' },
};

/** A download name made only of the project id and the options, so no header injection is possible. */
export function exportFileName(project: ProjectRecord, q: ExportQuery): string {
  const kind = q.format === 'jsonl' ? '' : `-${q.format}`;
  return `gloss-project-${project.id}-${q.status}${kind}.${EXPORT_TYPES[q.format].ext}`;
}

/** A plain date as the bound of a whole day; an ISO time as itself, in UTC like created_at. */
function bound(v: string | undefined, endOfDay: boolean): string | undefined {
  if (v === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`;
  return new Date(v).toISOString();
}

type Data = { text?: string; image?: string; mediaId?: number; width?: number; height?: number };
interface Row {
  row: ExportItemRow;
  data: Data;
  labels: Labels | null;
}

/** Spans of every spans task, by start then end; choices of every choices task. */
function spansAndChoices(tasks: Task[], labels: Labels | null) {
  const spans: { start: number; end: number; label: string }[] = [];
  const choices: string[] = [];
  if (labels) {
    for (const task of tasks) {
      const v = labels[task.name];
      if (!Array.isArray(v)) continue;
      if (task.type === 'spans') {
        for (const s of v as { start: number; end: number; label: string }[]) {
          spans.push({ start: s.start, end: s.end, label: s.label });
        }
      } else if (task.type === 'choices') {
        choices.push(...(v as string[]));
      }
    }
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  return { spans, choices };
}

/** Spreadsheet apps run cells that start like a formula; a leading quote keeps them text. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A format written item by item: an optional header, each item's text, an optional footer. */
type Renderer = { header?: string; footer?: string; line(r: Row, first: boolean): string };

/** The export line's data: the text, or the image path with its natural size (never the media id). */
function exportData({ text, image, width, height }: Data): ExportLine['data'] {
  return image !== undefined ? { image, width, height } : { text };
}

function renderer(project: ProjectRecord, format: Exclude<ExportFormat, 'coco' | 'yolo'>): Renderer {
  const tasks = project.schema.tasks;
  switch (format) {
    case 'jsonl':
      return {
        line({ row, data, labels }) {
          const line: ExportLine = {
            id: row.ext_id,
            data: row.meta
              ? { ...exportData(data), meta: JSON.parse(row.meta) as Record<string, unknown> }
              : exportData(data),
            labels,
            status: row.status,
            annotations: row.annotations.map((a) => ({
              by: a.username,
              labels: JSON.parse(a.labels) as Labels,
              lead_time_s: a.lead_time_s,
              submitted_at: a.submitted_at,
            })),
            reviews: row.reviews.map((r) => ({
              tier: r.tier_name,
              by: r.username,
              decision: r.decision,
              ...(r.comment === null ? {} : { comment: r.comment }),
              at: r.created_at,
            })),
            agreement: row.agreement,
          };
          return `${JSON.stringify(line)}\n`;
        },
      };
    case 'doccano':
      return {
        line({ row, data, labels }) {
          const { spans, choices } = spansAndChoices(tasks, labels);
          const line: DoccanoLine = {
            id: row.ext_id,
            text: data.text ?? '',
            label: spans.map((s) => [s.start, s.end, s.label]),
            cats: choices,
          };
          return `${JSON.stringify(line)}\n`;
        },
      };
    case 'spacy':
      return {
        line({ row, data, labels }) {
          const { spans, choices } = spansAndChoices(tasks, labels);
          const line: SpacyLine = {
            id: row.ext_id,
            text: data.text ?? '',
            spans,
            cats: Object.fromEntries(choices.map((c) => [c, 1])),
          };
          return `${JSON.stringify(line)}\n`;
        },
      };
    case 'csv': {
      const choiceTasks = tasks.filter((t) => t.type === 'choices');
      return {
        header: `${['id', 'text', ...choiceTasks.map((t) => t.name)].map(csvCell).join(',')}\r\n`,
        line({ row, data, labels }) {
          const cells = [row.ext_id, data.text ?? data.image ?? ''];
          for (const t of choiceTasks) {
            const v = labels?.[t.name];
            cells.push(Array.isArray(v) ? v.join('|') : '');
          }
          return `${cells.map(csvCell).join(',')}\r\n`;
        },
      };
    }
    case 'labelstudio':
      return {
        header: '[',
        footer: '\n]\n',
        line: ({ row }, first) => `${first ? '\n' : ',\n'}${JSON.stringify(labelStudioTask(project, row))}`,
      };
  }
}

/** The `tier` filter as the bit `items.reached` sets for that tier; a tier the project lacks is a 400. */
function reachedBit(project: ProjectRecord, tier: string | undefined): number | undefined {
  if (tier === undefined) return undefined;
  const index = tierIndex(tiersOf(project), tier);
  if (index === null) throw invalid(`tier: this project has no review tier "${tier}"`, 'tier');
  return 1 << index;
}

export interface ExportOptions {
  project: ProjectRecord;
  query: ExportQuery;
  actor: Actor;
  /** Called after each page with the number of items written so far. */
  onProgress?: (count: number) => void;
}

/** Writes a line-by-line format page by page, waiting whenever `out` is full. */
async function writeLines(
  out: Writable,
  render: Renderer,
  pages: ExportPages,
  onProgress?: (count: number) => void,
): Promise<{ count: number; completed: boolean }> {
  let completed = render.header === undefined || (await write(out, render.header));
  let count = 0;
  for await (const page of pages()) {
    if (!completed) break;
    let chunk = '';
    for (const row of page) {
      const labels = row.final_labels ? (JSON.parse(row.final_labels) as Labels) : null;
      chunk += render.line({ row, data: JSON.parse(row.data) as Data, labels }, count === 0 && chunk === '');
    }
    completed = await write(out, chunk);
    if (completed) count += page.length;
    onProgress?.(count);
  }
  if (completed && render.footer !== undefined) completed = await write(out, render.footer);
  return { count, completed };
}

/**
 * Streams a project's items to `out` a page at a time, waiting whenever `out` is full, so memory
 * stays flat and a slow reader slows the export instead of filling the server. Does not end
 * `out`. Returns how many items were written and whether the reader stayed to the end; the
 * audit event records both.
 */
export async function exportItems(
  ctx: Ctx,
  out: Writable,
  o: ExportOptions,
): Promise<{ count: number; completed: boolean }> {
  const { project, query } = o;
  const filter: ExportFilter = {
    status: query.status === 'accepted' ? 'accepted' : undefined,
    from: bound(query.from, false),
    to: bound(query.to, true),
    reached: reachedBit(project, query.tier),
  };
  // Pages are read afresh for every walk; between pages no database cursor stays open.
  const pages: ExportPages = async function* () {
    let after = 0;
    for (;;) {
      const page = ctx.items.exportPage(project.id, filter, after, PAGE);
      if (page.length === 0) return;
      yield page;
      if (page.length < PAGE) return;
      after = page[page.length - 1]!.id;
    }
  };
  const { count, completed } =
    query.format === 'coco'
      ? await writeCoco(out, project, pages, o.onProgress)
      : query.format === 'yolo'
        ? await writeYolo(out, project, pages, o.onProgress)
        : await writeLines(out, renderer(project, query.format), pages, o.onProgress);
  ctx.audit.record({
    actor: o.actor.username,
    action: 'export',
    projectId: project.id,
    target: project.name,
    detail: { format: query.format, status: query.status, from: query.from, to: query.to, count, completed },
    ip: o.actor.ip,
  });
  return { count, completed };
}
