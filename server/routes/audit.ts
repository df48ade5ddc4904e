import { Router } from 'express';
import { AuditQuerySchema } from '../../shared/api.ts';
import { requireGlobal } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { parse } from '../http/validate.ts';

export function auditRoutes(ctx: Ctx) {
  const r = Router();
  r.get('/api/audit', requireGlobal('audit.read'), (req, res) => {
    const q = parse(AuditQuerySchema, req.query);
    const events = ctx.audit.list(q);
    res.json({ events, next: events.length === q.limit ? events[events.length - 1]!.id : null });
  });
  return r;
}
