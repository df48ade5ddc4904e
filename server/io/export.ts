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
import type { Actor } from '../auth/userCommands.ts';
import type { Ctx } from '../context.ts';
import type { ExportFilter, ExportItemRow } from '../db/stores/items.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';

/** Items read per page; each page is rendered and written as one chunk. */
const PAGE = 1000;

export const EXPORT_TYPES: Record<ExportFormat, { ext: string; contentType: string }> = {
  jsonl: { ext: 'jsonl', contentType: 'application/x-ndjson; charset=utf-8' },
  doccano: { ext: 'jsonl', contentType: 'application/x-ndjson; charset=utf-8' },
  spacy: { ext: 'jsonl', contentType: 'application/x-ndjson; charset=utf-8' },
  csv: { ext: 'csv', contentType: 'text/csv; charset=utf-8' },
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

type Data = { text?: string; image?: string };
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

type Renderer = { header?: string; line(r: Row): string };

function renderer(project: ProjectRecord, format: ExportFormat): Renderer {
  const tasks = project.schema.tasks;
  switch (format) {
    case 'jsonl':
      return {
        line({ row, data, labels }) {
          const line: ExportLine = {
            id: row.ext_id,
            data: row.meta ? { ...data, meta: JSON.parse(row.meta) as Record<string, unknown> } : data,
            labels,
            status: row.status,
            annotations: row.annotations.map((a) => ({
              by: a.username,
              labels: JSON.parse(a.labels) as Labels,
              lead_time_s: a.lead_time_s,
              submitted_at: a.submitted_at,
            })),
            reviews: [],
            agreement: null,
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
  }
}

/** Writes with backpressure; false once the reader has gone away. */
async function write(out: Writable, chunk: string): Promise<boolean> {
  if (out.destroyed || out.writableEnded) return false;
  if (out.write(chunk)) return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    out.once('drain', onDrain);
    out.once('close', onClose);
    out.once('error', onClose);
  });
}

export interface ExportOptions {
  project: ProjectRecord;
  query: ExportQuery;
  actor: Actor;
  /** Called after each page with the number of items written so far. */
  onProgress?: (count: number) => void;
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
  };
  const render = renderer(project, query.format);
  let completed = render.header === undefined || (await write(out, render.header));
  let count = 0;
  let after = 0;
  while (completed) {
    const page = ctx.items.exportPage(project.id, filter, after, PAGE);
    if (page.length === 0) break;
    let chunk = '';
    for (const row of page) {
      const labels = row.final_labels ? (JSON.parse(row.final_labels) as Labels) : null;
      chunk += render.line({ row, data: JSON.parse(row.data) as Data, labels });
    }
    after = page[page.length - 1]!.id;
    completed = await write(out, chunk);
    if (completed) count += page.length;
    o.onProgress?.(count);
    if (page.length < PAGE) break;
  }
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
