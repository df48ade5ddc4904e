import { Router } from 'express';
import { type Token, TokenCreateSchema } from '../../shared/api.ts';
import { requireGlobal } from '../auth/guard.ts';
import { hashToken, newToken } from '../auth/secrets.ts';
import type { Ctx } from '../context.ts';
import type { TokenRow } from '../db/stores/sessions.ts';
import { notFound } from '../errors.ts';
import { parse } from '../http/validate.ts';

const present = (t: TokenRow): Token => ({
  id: t.id,
  name: t.name,
  createdAt: t.created_at,
  lastUsedAt: t.last_used_at,
});

/** The caller's own API tokens. The secret is returned once, at creation, and stored hashed. */
export function tokenRoutes(ctx: Ctx) {
  const r = Router();
  const guard = requireGlobal('token.own');

  r.get('/api/tokens', guard, (req, res) => {
    res.json(ctx.sessions.listTokens(req.user!.id).map(present));
  });

  r.post('/api/tokens', guard, (req, res) => {
    const { name } = parse(TokenCreateSchema, req.body);
    const token = newToken();
    const row = ctx.db.transaction(() => {
      const t = ctx.sessions.createToken(req.user!.id, name, hashToken(token));
      ctx.audit.record({ actor: req.user!.username, action: 'token.create', target: name, ip: req.ip });
      return t;
    })();
    res.status(201).json({ ...present(row), token });
  });

  r.delete('/api/tokens/:tokenId', guard, (req, res) => {
    const changed = ctx.db.transaction(() => {
      const n = ctx.sessions.revokeToken(req.user!.id, Number(req.params.tokenId));
      if (n)
        ctx.audit.record({
          actor: req.user!.username,
          action: 'token.revoke',
          target: String(req.params.tokenId),
          ip: req.ip,
        });
      return n;
    })();
    if (!changed) throw notFound('no such token');
    res.status(204).end();
  });

  return r;
}
