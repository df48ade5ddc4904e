import { Router } from 'express';
import { ProjectCreateSchema, ProjectDeleteBodySchema, ProjectPatchSchema } from '../../shared/api.ts';
import { TierEditPreviewBodySchema } from '../../shared/review/tierEdit.ts';
import { projectGuard, requireGlobal, requireLogin } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { invalid } from '../errors.ts';
import { parse } from '../http/validate.ts';
import {
  createProject,
  presentProject,
  previewTierEdit,
  updateProject,
} from '../workflow/projectCommands.ts';
import { deleteProject, previewProjectDelete } from '../workflow/projectDelete.ts';

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

  /**
   * Deleting is for admins only, checked after the project: someone who is not a member gets 404
   * as for any project route, a member who is not an admin 403.
   */
  const deleteGuard = [projectGuard(ctx, 'project.read'), requireGlobal('project.delete')];

  /** What a delete would remove: the numbers the confirmation shows. Changes nothing. */
  r.get('/api/projects/:id/delete-preview', ...deleteGuard, (req, res) => {
    res.json(previewProjectDelete(ctx, req.project!));
  });

  /**
   * Deletes the project with all its data; `confirm` must be its exact name. It is gone from
   * every route at once; a project of up to DELETE_WAIT_ITEMS items is deleted before the reply
   * (200 with the counts), a larger one in the background (202), finishing after a restart if need be.
   */
  r.delete('/api/projects/:id', ...deleteGuard, async (req, res) => {
    const { confirm } = parse(ProjectDeleteBodySchema, req.body ?? {});
    const project = req.project!;
    if (confirm !== project.name) {
      throw invalid('confirm: type the name of the project exactly to delete it', 'confirm');
    }
    const { quick, run } = deleteProject(ctx, { username: req.user!.username, ip: req.ip }, project);
    if (!quick) {
      run.catch((e: unknown) => console.error(`[gloss] deleting project ${project.id} stopped:`, e));
      res.status(202).json({ deleting: true });
      return;
    }
    const deleted = await run;
    res.json({
      deleted: true,
      items: deleted?.items ?? 0,
      annotations: deleted?.annotations ?? 0,
      reviews: deleted?.reviews ?? 0,
      mediaFiles: deleted?.mediaFiles ?? 0,
    });
  });

  return r;
}
