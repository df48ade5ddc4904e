import { Router } from 'express';
import { ProjectCreateSchema, ProjectPatchSchema } from '../../shared/api.ts';
import { TierEditPreviewBodySchema } from '../../shared/review/tierEdit.ts';
import { projectGuard, requireGlobal, requireLogin } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { parse } from '../http/validate.ts';
import {
  createProject,
  presentProject,
  previewTierEdit,
  updateProject,
} from '../workflow/projectCommands.ts';

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

  /** A change of `settings.tiers` moves the items of removed tiers; the preview below says how. */
  r.patch('/api/projects/:id', projectGuard(ctx, 'project.update'), (req, res) => {
    const patch = parse(ProjectPatchSchema, req.body);
    const actor = { username: req.user!.username, userId: req.user!.id, ip: req.ip };
    const p = updateProject(ctx, actor, req.project!, patch);
    res.json(presentProject(ctx, p, req.projectRole ?? null));
  });

  /** What saving these tiers would do: each removed or renamed tier, with the items at it. Changes nothing. */
  r.post('/api/projects/:id/tiers/preview', projectGuard(ctx, 'project.update'), (req, res) => {
    const { tiers } = parse(TierEditPreviewBodySchema, req.body);
    res.json({ moves: previewTierEdit(ctx, req.project!, tiers) });
  });

  return r;
}
