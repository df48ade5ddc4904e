import { Router } from 'express';
import { ItemListQuerySchema } from '../../shared/api.ts';
import { projectGuard } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { parse } from '../http/validate.ts';

export function itemRoutes(ctx: Ctx) {
  const r = Router();
  r.get('/api/projects/:id/items', projectGuard(ctx, 'items.read'), (req, res) => {
    const q = parse(ItemListQuerySchema, req.query);
    res.json(ctx.items.list(req.project!.id, q));
  });

  return r;
}
