import { type Request, Router } from 'express';
import { UserCreateSchema, UserPatchSchema } from '../../shared/api.ts';
import { requireGlobal } from '../auth/guard.ts';
import type { LoginLimiter } from '../auth/loginLimiter.ts';
import { createUser, updateUser } from '../auth/userCommands.ts';
import type { Ctx } from '../context.ts';
import { presentUser } from '../db/stores/users.ts';
import { notFound } from '../errors.ts';
import { parse } from '../http/validate.ts';

export function userRoutes(ctx: Ctx, limiter: LoginLimiter) {
  const r = Router();
  const actor = (req: Request) => ({ username: req.user!.username, ip: req.ip });

  r.get('/api/users', requireGlobal('user.list'), (_req, res) => {
    res.json(ctx.users.list().map(presentUser));
  });

  r.post('/api/users', requireGlobal('user.manage'), async (req, res) => {
    const user = await createUser(ctx, actor(req), parse(UserCreateSchema, req.body));
    res.status(201).json(presentUser(user));
  });

  r.patch('/api/users/:username', requireGlobal('user.manage'), async (req, res) => {
    const user = await updateUser(
      ctx,
      actor(req),
      req.params.username as string,
      parse(UserPatchSchema, req.body),
    );
    res.json(presentUser(user));
  });

  r.delete('/api/users/:username/lockout', requireGlobal('user.manage'), async (req, res) => {
    const user = ctx.users.byName(req.params.username as string);
    if (!user) throw notFound('no such user');
    await limiter.clear(user.username);
    ctx.audit.record({ actor: req.user!.username, action: 'user.unlock', target: user.username, ip: req.ip });
    res.status(204).end();
  });

  return r;
}
