import { Router } from 'express';
import { ExportQuerySchema } from '../../shared/exportLine.ts';
import { projectGuard } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { parse } from '../http/validate.ts';
import { EXPORT_TYPES, exportFileName, exportItems } from '../io/export.ts';

export function exportRoutes(ctx: Ctx) {
  const r = Router();

  /** Streamed download; the file name is built from the project id only. */
  r.get('/api/projects/:id/export', projectGuard(ctx, 'items.export'), async (req, res) => {
    const query = parse(ExportQuerySchema, req.query);
    const project = req.project!;
    res.set({
      'Content-Type': EXPORT_TYPES[query.format].contentType,
      'Content-Disposition': `attachment; filename="${exportFileName(project, query)}"`,
    });
    try {
      await exportItems(ctx, res, { project, query, actor: { username: req.user!.username, ip: req.ip } });
    } catch (err) {
      // Once bytes are out, a JSON error cannot follow: cut the download so it is not taken as whole.
      if (res.headersSent) {
        res.destroy(err as Error);
        return;
      }
      res.removeHeader('Content-Disposition');
      throw err;
    }
    res.end();
  });

  return r;
}
