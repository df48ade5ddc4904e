import { Router } from 'express';
import { projectGuard } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { projectDashboard } from '../workflow/dashboard.ts';

/** What a manager watches: where the items are, the pace, each annotator, agreement, cost. */
export function dashboardRoutes(ctx: Ctx) {
  const r = Router();
  r.get('/api/projects/:id/dashboard', projectGuard(ctx, 'stats.read'), (req, res) => {
    res.json(projectDashboard(ctx, req.project!));
  });
  return r;
}
