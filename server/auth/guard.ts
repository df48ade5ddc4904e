import type { NextFunction, Request, Response } from 'express';
import {
  type GlobalAction,
  globalAllows,
  type ProjectAction,
  projectAllows,
} from '../../shared/permissions.ts';
import type { Ctx } from '../context.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { forbidden, notFound, unauthorized } from '../errors.ts';

/** Requires a logged-in caller allowed `action` by the global part of the permission table. */
export function requireGlobal(action: GlobalAction) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.user) throw unauthorized();
    if (!globalAllows(req.user.role, action)) throw forbidden();
    next();
  };
}

/** Requires any logged-in caller (routes about oneself: me, logout). */
export function requireLogin(req: Request, _res: Response, next: NextFunction) {
  if (!req.user) throw unauthorized();
  next();
}

/**
 * Loads the project from `projectId` (a value the route resolved, e.g. from :id or from an
 * item's project) and checks `action` for the caller's role in it. Someone who is not a member
 * gets 404, exactly as for a project that does not exist, so ids reveal nothing.
 */
export function checkProject(ctx: Ctx, req: Request, projectId: number, action: ProjectAction) {
  if (!req.user) throw unauthorized();
  const project = Number.isSafeInteger(projectId) ? ctx.projects.byId(projectId) : undefined;
  if (!project) throw notFound('no such project');
  const role = ctx.projects.roleOf(project.id, req.user.id);
  if (req.user.role !== 'admin' && !role) throw notFound('no such project');
  if (!projectAllows(req.user.role, role, action)) throw forbidden();
  req.project = project;
  req.projectRole = role;
  return project;
}

/** Middleware form of `checkProject` for routes under /api/projects/:id. */
export function projectGuard(ctx: Ctx, action: ProjectAction) {
  return (req: Request, _res: Response, next: NextFunction) => {
    checkProject(ctx, req, Number(req.params.id), action);
    next();
  };
}

/**
 * Runs a write through the group commit (server/db/groupCommit.ts) with the request's project
 * loaded and `action` checked again inside it: the unit runs up to one event-loop turn after the
 * request's own check, and a settings change (tiers, overlap, lease time) or a removed membership
 * committed in between must count. The route must have checked the project first.
 */
export function commitInProject<T>(
  ctx: Ctx,
  req: Request,
  action: ProjectAction,
  fn: (project: ProjectRecord) => T,
): Promise<T> {
  const projectId = req.project!.id;
  return ctx.commits.run(() => fn(checkProject(ctx, req, projectId, action)));
}
