import { Router } from 'express';
import { ProjectCreateSchema, ProjectPatchSchema } from '../../shared/api.ts';
import { projectGuard, requireGlobal, requireLogin } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { parse } from '../http/validate.ts';
import { createProject, presentProject, updateProject } from '../workflow/projectCommands.ts';

export function projectRoutes(ctx: Ctx) {
  const r = Router();

  /** Admins see every project; members see the ones they belong to. */
  r.get('/api/projects', requireLogin, (req, res) => {
    const user = req.user!;
    res.json(
      ctx.projects.listFor(user.id, user.role === 'admin').map((p) => presentProject(ctx, p, p.myRole)),
    );
  });

  r.post('/api/projects', requireGlobal('project.create'), (req, res) => {
    const input = parse(ProjectCreateSchema, req.body);
    const p = createProject(ctx, { username: req.user!.username, userId: req.user!.id, ip: req.ip }, input);
    res.status(201).json(presentProject(ctx, p, null));
  });

  r.get('/api/projects/:id', projectGuard(ctx, 'project.read'), (req, res) => {
    res.json(presentProject(ctx, req.project!, req.projectRole ?? null));
  });

  r.patch('/api/projects/:id', projectGuard(ctx, 'project.update'), (req, res) => {
    const patch = parse(ProjectPatchSchema, req.body);
    const p = updateProject(ctx, { username: req.user!.username, ip: req.ip }, req.project!, patch);
    res.json(presentProject(ctx, p, req.projectRole ?? null));
  });

  return r;
}
