import { Router } from 'express';
import { MemberPutSchema } from '../../shared/api.ts';
import { projectGuard } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { parse } from '../http/validate.ts';
import { removeMember, setMember } from '../workflow/projectCommands.ts';

export function memberRoutes(ctx: Ctx) {
  const r = Router();

  r.get('/api/projects/:id/members', projectGuard(ctx, 'members.read'), (req, res) => {
    res.json(ctx.projects.members(req.project!.id));
  });

  r.put('/api/projects/:id/members/:username', projectGuard(ctx, 'members.manage'), (req, res) => {
    const { role } = parse(MemberPutSchema, req.body);
    setMember(
      ctx,
      { username: req.user!.username, ip: req.ip },
      req.project!,
      req.params.username as string,
      role,
    );
    res.json(ctx.projects.members(req.project!.id));
  });

  r.delete('/api/projects/:id/members/:username', projectGuard(ctx, 'members.manage'), (req, res) => {
    removeMember(
      ctx,
      { username: req.user!.username, ip: req.ip },
      req.project!,
      req.params.username as string,
    );
    res.status(204).end();
  });

  return r;
}
