import type { z } from 'zod';
import type { Project, ProjectCreateSchema, ProjectPatchSchema } from '../../shared/api.ts';
import { completeSchema } from '../../shared/labelSchema.ts';
import type { ProjectRole } from '../../shared/permissions.ts';
import { DEFAULT_TIERS } from '../../shared/review/tiers.ts';
import type { Actor } from '../auth/userCommands.ts';
import type { Ctx } from '../context.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { notFound } from '../errors.ts';

export function presentProject(ctx: Ctx, p: ProjectRecord, myRole: ProjectRole | null): Project {
  return { ...p, myRole, counts: ctx.projects.counts(p.id) };
}

/**
 * Creates a project; colours and hotkeys left out of the schema are assigned here, and review
 * tiers left out get the default two (an empty list asks for no review).
 */
export function createProject(
  ctx: Ctx,
  actor: Actor & { userId: number | null },
  input: z.output<typeof ProjectCreateSchema>,
): ProjectRecord {
  return ctx.db.transaction(() => {
    const p = ctx.projects.create({
      ...input,
      schema: completeSchema(input.schema),
      settings: { ...input.settings, tiers: input.settings.tiers ?? DEFAULT_TIERS },
      createdBy: actor.userId,
    });
    ctx.audit.record({
      actor: actor.username,
      action: 'project.create',
      projectId: p.id,
      target: p.name,
      ip: actor.ip,
    });
    return p;
  })();
}

export function updateProject(
  ctx: Ctx,
  actor: Actor,
  project: ProjectRecord,
  patch: z.output<typeof ProjectPatchSchema>,
): ProjectRecord {
  return ctx.db.transaction(() => {
    ctx.projects.update(project.id, {
      ...patch,
      schema: patch.schema && completeSchema(patch.schema),
      settings: patch.settings && { ...project.settings, ...patch.settings },
    });
    const action =
      patch.archived === true
        ? 'project.archive'
        : patch.archived === false
          ? 'project.unarchive'
          : 'project.update';
    ctx.audit.record({
      actor: actor.username,
      action,
      projectId: project.id,
      target: project.name,
      detail: { fields: Object.keys(patch) },
      ip: actor.ip,
    });
    return ctx.projects.byId(project.id)!;
  })();
}

export function setMember(
  ctx: Ctx,
  actor: Actor,
  project: ProjectRecord,
  username: string,
  role: ProjectRole,
) {
  const user = ctx.users.byName(username);
  if (!user) throw notFound('no such user');
  ctx.db.transaction(() => {
    const before = ctx.projects.roleOf(project.id, user.id);
    ctx.projects.setMember(project.id, user.id, role);
    ctx.audit.record({
      actor: actor.username,
      action: before ? 'member.role' : 'member.add',
      projectId: project.id,
      target: user.username,
      detail: { role, before },
      ip: actor.ip,
    });
  })();
}

export function removeMember(ctx: Ctx, actor: Actor, project: ProjectRecord, username: string) {
  const user = ctx.users.byName(username);
  if (!user) throw notFound('no such user');
  ctx.db.transaction(() => {
    if (!ctx.projects.removeMember(project.id, user.id)) throw notFound('not a member');
    ctx.audit.record({
      actor: actor.username,
      action: 'member.remove',
      projectId: project.id,
      target: user.username,
      ip: actor.ip,
    });
  })();
}
