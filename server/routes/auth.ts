import { Router } from 'express';
import { LoginBodySchema, PasswordChangeSchema } from '../../shared/api.ts';
import { requireLogin } from '../auth/guard.ts';
import type { LoginLimiter } from '../auth/loginLimiter.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../auth/passwords.ts';
import { authenticate, clearSessionCookie, startSession } from '../auth/sessions.ts';
import type { Ctx } from '../context.ts';
import { presentUser } from '../db/stores/users.ts';
import { HttpError, tooManyRequests } from '../errors.ts';
import { parse } from '../http/validate.ts';

export function authRoutes(ctx: Ctx, limiter: LoginLimiter) {
  const r = Router();

  r.post('/api/auth/login', async (req, res) => {
    const body = parse(LoginBodySchema, req.body);
    const ip = req.ip ?? 'unknown';
    const wait = await limiter.blockedFor(body.username, ip);
    if (wait > 0) {
      res.set('Retry-After', String(wait));
      throw tooManyRequests(`too many failed logins: try again in ${Math.ceil(wait / 60)} min`, 'locked_out');
    }
    const user = ctx.users.byName(body.username);
    const ok = await verifyPassword(body.password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) {
      await limiter.fail(body.username, ip);
      ctx.audit.record({
        actor: body.username,
        action: 'login.failed',
        ip,
        detail: { reason: !user ? 'unknown user' : user.disabled ? 'disabled' : 'wrong password' },
      });
      throw new HttpError(401, 'bad_credentials', 'wrong username or password');
    }
    await limiter.succeed(body.username);
    await startSession(ctx, req, res, user);
    ctx.audit.record({ actor: user.username, action: 'login', ip });
    res.json(presentUser(user));
  });

  r.post('/api/auth/logout', requireLogin, (req, res) => {
    if (req.sessionId) ctx.sessions.deleteSession(req.sessionId);
    clearSessionCookie(res);
    res.status(204).end();
  });

  r.get('/api/auth/me', requireLogin, (req, res) => {
    res.json(presentUser(req.user!));
  });

  /** Changing one's own password ends every session, this one included, then starts a new one. */
  r.post('/api/auth/password', requireLogin, async (req, res) => {
    const body = parse(PasswordChangeSchema, req.body);
    const user = req.user!;
    if (!(await verifyPassword(body.current, user.password_hash))) {
      throw new HttpError(400, 'bad_credentials', 'the current password is wrong', 'current');
    }
    const hash = await hashPassword(body.password);
    ctx.db.transaction(() => {
      ctx.users.update(user.id, { passwordHash: hash });
      ctx.sessions.deleteUserSessions(user.id);
      ctx.audit.record({ actor: user.username, action: 'user.password', target: user.username, ip: req.ip });
    })();
    await startSession(ctx, req, res, user);
    res.status(204).end();
  });

  return r;
}

export { authenticate };
