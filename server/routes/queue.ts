import { Router } from 'express';
import { HistoryQuerySchema, NextQuerySchema } from '../../shared/annotate.ts';
import { commitInProject, projectGuard } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { parse } from '../http/validate.ts';
import { myStats } from '../workflow/annotations.ts';
import { myHistory, nextItem } from '../workflow/queue.ts';

/** The annotator's queue in a project: the next item, my history, my stats. */
export function queueRoutes(ctx: Ctx) {
  const r = Router();

  r.get('/api/projects/:id/next', projectGuard(ctx, 'annotate'), async (req, res) => {
    const q = parse(NextQuerySchema, req.query);
    const item = await commitInProject(ctx, req, 'annotate', (p) => nextItem(ctx, p, req.user!.id, q));
    if (item) res.json(item);
    else res.status(204).end();
  });

  r.get('/api/projects/:id/history', projectGuard(ctx, 'annotate'), (req, res) => {
    const q = parse(HistoryQuerySchema, req.query);
    res.json(myHistory(ctx, req.project!.id, req.user!.id, q.limit));
  });

  r.get('/api/projects/:id/stats/me', projectGuard(ctx, 'annotate'), (req, res) => {
    res.json(myStats(ctx, req.project!.id, req.user!.id));
  });

  return r;
}
