import { hashPassword, randomPassword } from './auth/passwords.ts';
import type { Ctx } from './context.ts';

/**
 * When no admin exists (an empty database, or one the CLI filled first), creates the admin `admin` with GLOSS_ADMIN_PASSWORD or a random
 * password, which is returned so the caller prints it once. Returns null when users exist.
 */
export async function ensureAdmin(ctx: Ctx, envPassword: string | undefined): Promise<string | null> {
  if (ctx.users.adminCount() > 0) return null;
  const password = envPassword && envPassword.length >= 8 ? envPassword : randomPassword();
  const passwordHash = await hashPassword(password);
  ctx.db.transaction(() => {
    if (ctx.users.adminCount() > 0 || ctx.users.byName('admin')) return;
    ctx.users.create({ username: 'admin', displayName: 'Administrator', passwordHash, role: 'admin' });
    ctx.audit.record({
      actor: null,
      action: 'user.create',
      target: 'admin',
      detail: { role: 'admin', firstStart: true },
    });
  })();
  return envPassword && envPassword.length >= 8 ? null : password;
}
