import type { z } from 'zod';
import type { UserCreateSchema, UserPatchSchema } from '../../shared/api.ts';
import type { Ctx } from '../context.ts';
import type { UserRow } from '../db/stores/users.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { hashPassword } from './passwords.ts';

/** Who did it and from where, for the audit log. */
export interface Actor {
  username: string | null;
  ip?: string | undefined;
}

export async function createUser(
  ctx: Ctx,
  actor: Actor,
  input: z.output<typeof UserCreateSchema>,
): Promise<UserRow> {
  if (ctx.users.byName(input.username)) throw conflict(`user "${input.username}" already exists`, 'exists');
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(() => {
    const user = ctx.users.create({ ...input, passwordHash });
    ctx.audit.record({
      actor: actor.username,
      action: 'user.create',
      target: user.username,
      detail: { role: user.role },
      ip: actor.ip,
    });
    return user;
  })();
}

/**
 * Changes a user. Disabling or a new password ends their sessions in the same transaction, so
 * the change bites on their next request. The last active admin cannot be demoted or disabled.
 */
export async function updateUser(
  ctx: Ctx,
  actor: Actor,
  username: string,
  patch: z.output<typeof UserPatchSchema>,
): Promise<UserRow> {
  const user = ctx.users.byName(username);
  if (!user) throw notFound('no such user');
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  return ctx.db.transaction(() => {
    const losesAdmin =
      user.role === 'admin' && !user.disabled && (patch.role === 'member' || patch.disabled === true);
    if (losesAdmin && ctx.users.activeAdminCount() <= 1) {
      throw badRequest('this is the last active admin: make another admin first');
    }
    ctx.users.update(user.id, {
      displayName: patch.displayName,
      role: patch.role,
      disabled: patch.disabled,
      skills: patch.skills,
      passwordHash,
    });
    if (patch.disabled || passwordHash) ctx.sessions.deleteUserSessions(user.id);
    const changes: Record<string, unknown> = { ...patch };
    if (patch.password) changes.password = 'changed';
    const action =
      patch.role !== undefined && patch.role !== user.role
        ? 'user.role'
        : patch.disabled !== undefined
          ? patch.disabled
            ? 'user.disable'
            : 'user.enable'
          : patch.password
            ? 'user.password'
            : 'user.update';
    ctx.audit.record({ actor: actor.username, action, target: user.username, detail: changes, ip: actor.ip });
    return ctx.users.byId(user.id)!;
  })();
}
