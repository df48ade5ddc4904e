import { type Request, Router } from 'express';
import { DraftPutSchema, SkipSchema, SubmitSchema } from '../../shared/annotate.ts';
import { checkProject, commitInProject, requireLogin } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { HttpError, notFound } from '../errors.ts';
import { parse } from '../http/validate.ts';
import { labelsValidator, submitAnnotation } from '../workflow/annotations.ts';
import { saveDraft, skipItem, workItem } from '../workflow/queue.ts';

/**
 * Loads the item in the URL and checks `annotate` in its project. Someone outside that project
 * gets the same 404 as for an id that does not exist, so item ids reveal nothing.
 */
function annotatorItem(ctx: Ctx, req: Request) {
  const id = Number(req.params.id);
  const projectId = Number.isSafeInteger(id) ? ctx.queue.projectOf(id) : undefined;
  if (projectId === undefined) throw notFound('no such item');
  try {
    return { itemId: id, project: checkProject(ctx, req, projectId, 'annotate') };
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) throw notFound('no such item');
    throw err;
  }
}

/** The annotator's calls on one item: open it, autosave, submit, skip. */
export function annotationRoutes(ctx: Ctx) {
  const r = Router();

  r.get('/api/items/:id', requireLogin, (req, res) => {
    const { itemId } = annotatorItem(ctx, req);
    res.json(workItem(ctx, itemId, req.user!.id));
  });

  r.put('/api/items/:id/draft', requireLogin, async (req, res) => {
    const { itemId, project } = annotatorItem(ctx, req);
    const body = parse(DraftPutSchema, req.body);
    const labels = parse(labelsValidator(project.schema), body.labels);
    await commitInProject(ctx, req, 'annotate', (p) => saveDraft(ctx, p, itemId, req.user!.id, labels));
    res.status(204).end();
  });

  r.post('/api/items/:id/annotations', requireLogin, async (req, res) => {
    const { itemId, project } = annotatorItem(ctx, req);
    const body = parse(SubmitSchema, req.body);
    const labels = parse(labelsValidator(project.schema), body.labels);
    const input = { ...body, labels };
    const result = await commitInProject(ctx, req, 'annotate', (p) =>
      submitAnnotation(ctx, p, itemId, req.user!.id, input),
    );
    res.status(201).json(result);
  });

  r.post('/api/items/:id/skip', requireLogin, async (req, res) => {
    const { itemId } = annotatorItem(ctx, req);
    const body = parse(SkipSchema, req.body ?? {});
    const reason = body.reason?.trim() || null;
    await commitInProject(ctx, req, 'annotate', (p) => skipItem(ctx, p, itemId, req.user!.id, reason));
    res.status(204).end();
  });

  return r;
}
