import { Router } from 'express';
import { ItemListQuerySchema } from '../../shared/api.ts';
import { ItemPatchSchema } from '../../shared/review/api.ts';
import { projectGuard, requireLogin } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { parse } from '../http/validate.ts';
import { patchItem } from '../workflow/items.ts';
import { checkItem } from './itemAccess.ts';

export function itemRoutes(ctx: Ctx) {
  const r = Router();
  r.get('/api/projects/:id/items', projectGuard(ctx, 'items.read'), (req, res) => {
    const q = parse(ItemListQuerySchema, req.query);
    res.json(ctx.items.list(req.project!.id, q));
  });

  /** A manager sets an item's tags (skill routing) or priority. */
  r.patch('/api/items/:id', requireLogin, (req, res) => {
    const { itemId, project } = checkItem(ctx, req, 'items.update');
    const patch = parse(ItemPatchSchema, req.body);
    res.json(patchItem(ctx, { username: req.user!.username, ip: req.ip }, project, itemId, patch));
  });

  return r;
}
