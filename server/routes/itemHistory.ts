import { Router } from 'express';
import { projectAllows } from '../../shared/permissions.ts';
import { requireLogin } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { forbidden } from '../errors.ts';
import { itemTimeline } from '../workflow/review.ts';
import { checkItem } from './itemAccess.ts';

/**
 * An item's timeline. Whoever may browse items sees all of it; an annotator sees only an item
 * of their own queue, and in it only their own work and the decisions on it.
 */
export function itemHistoryRoutes(ctx: Ctx) {
  const r = Router();
  r.get('/api/items/:id/history', requireLogin, (req, res) => {
    const { itemId } = checkItem(ctx, req, 'project.read');
    const user = req.user!;
    if (projectAllows(user.role, req.projectRole ?? null, 'items.read')) {
      res.json(itemTimeline(ctx, itemId, null));
      return;
    }
    const own =
      projectAllows(user.role, req.projectRole ?? null, 'annotate') && ctx.queue.assignment(itemId, user.id);
    if (!own) throw forbidden('you can see the history of your own items only');
    res.json(itemTimeline(ctx, itemId, user.id));
  });
  return r;
}
