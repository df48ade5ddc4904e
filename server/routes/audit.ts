import { type Response, Router } from 'express';
import { type AuditEvent, AuditQuerySchema } from '../../shared/api.ts';
import { requireGlobal } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { parse } from '../http/validate.ts';
import { csvCell } from '../io/export.ts';

/** The filters of the audit page; the CSV holds every event they match, not one page. */
const AuditCsvQuerySchema = AuditQuerySchema.pick({ action: true, actor: true, projectId: true });
/** Events read per query while streaming the CSV. */
const CSV_PAGE = 1000;

const csvRow = (cells: (string | number | null)[]) =>
  `${cells.map((c) => csvCell(c === null ? '' : String(c))).join(',')}\r\n`;

const eventRow = (e: AuditEvent) =>
  csvRow([
    e.id,
    e.at,
    e.actor,
    e.action,
    e.projectId,
    e.target,
    e.detail ? JSON.stringify(e.detail) : null,
    e.ip,
  ]);

/** Waits until `res` can take more, or is gone. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export function auditRoutes(ctx: Ctx) {
  const r = Router();
  r.get('/api/audit', requireGlobal('audit.read'), (req, res) => {
    const q = parse(AuditQuerySchema, req.query);
    const events = ctx.audit.list(q);
    res.json({ events, next: events.length === q.limit ? events[events.length - 1]!.id : null });
  });

  /**
   * `GET /api/audit.csv`: the events matching the filters, newest first, streamed a page at a
   * time with backpressure. Cells that a spreadsheet would run as a formula are neutralised.
   */
  r.get('/api/audit.csv', requireGlobal('audit.read'), async (req, res) => {
    const q = parse(AuditCsvQuerySchema, req.query);
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="gloss-audit.csv"',
    });
    let chunk = csvRow(['id', 'at', 'actor', 'action', 'project_id', 'target', 'detail', 'ip']);
    let before: number | undefined;
    for (;;) {
      const events = ctx.audit.list({ ...q, before, limit: CSV_PAGE });
      for (const e of events) chunk += eventRow(e);
      if (!res.write(chunk)) await drained(res);
      chunk = '';
      if (res.destroyed || events.length < CSV_PAGE) break;
      before = events[events.length - 1]!.id;
    }
    res.end();
  });
  return r;
}
