import type { Request } from 'express';
import type { ProjectAction } from '../../shared/permissions.ts';
import { checkProject } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { HttpError, notFound } from '../errors.ts';

/**
 * Checks `action` in the project `projectId` (looked up from a row named in the URL) and answers
 * 404 `no such <what>` both when the row does not exist and when the caller is not a member, so
 * ids reveal nothing about other projects.
 */
function checkOwner(
  ctx: Ctx,
  req: Request,
  projectId: number | undefined,
  action: ProjectAction,
  what: string,
) {
  if (projectId === undefined) throw notFound(`no such ${what}`);
  try {
    return checkProject(ctx, req, projectId, action);
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) throw notFound(`no such ${what}`);
    throw err;
  }
}

const idParam = (req: Request) => {
  const id = Number(req.params.id);
  return Number.isSafeInteger(id) ? id : null;
};

/** The item in `:id` and its project, with `action` checked there. */
export function checkItem(ctx: Ctx, req: Request, action: ProjectAction) {
  const itemId = idParam(req);
  const project = checkOwner(
    ctx,
    req,
    itemId === null ? undefined : ctx.queue.projectOf(itemId),
    action,
    'item',
  );
  return { itemId: itemId!, project };
}

/** The annotation in `:id` and its project, with `action` checked there. */
export function checkAnnotation(ctx: Ctx, req: Request, action: ProjectAction) {
  const annotationId = idParam(req);
  const projectId = annotationId === null ? undefined : ctx.annotations.projectOf(annotationId);
  const project = checkOwner(ctx, req, projectId, action, 'annotation');
  return { annotationId: annotationId!, project };
}
