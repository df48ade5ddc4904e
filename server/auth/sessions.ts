import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { jwtVerify, SignJWT } from 'jose';
import type { Ctx } from '../context.ts';
import type { UserRow } from '../db/stores/users.ts';
import { hashToken } from './secrets.ts';

export const COOKIE = 'gloss_session';

/** Issues a session: a row in the database named by a signed JWT in an httpOnly cookie. */
export async function startSession(ctx: Ctx, req: Request, res: Response, user: UserRow) {
  const sid = randomUUID();
  const expiresAt = new Date(Date.now() + ctx.config.sessionHours * 3600_000);
  ctx.sessions.createSession({
    id: sid,
    userId: user.id,
    expiresAt,
    ip: req.ip,
    userAgent: req.get('user-agent'),
  });
  const jwt = await new SignJWT({ sid })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(user.id))
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(ctx.key);
  res.cookie(COOKIE, jwt, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.secureCookies,
    path: '/',
    expires: expiresAt,
  });
}

function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * Resolves the caller from a Bearer token or the session cookie. Both are checked against the
 * database on every request, so a revoked token, a logout, a password change or a disabled user
 * takes effect on the very next request.
 */
export function authenticate(ctx: Ctx) {
  const attach = (req: Request, claims: Claims | null) => {
    if (!claims) return;
    const row = ctx.sessions.sessionUser(claims.sid);
    if (row && String(row.id) === claims.sub) {
      req.user = row;
      req.sessionId = claims.sid;
    }
  };
  return (req: Request, _res: Response, next: NextFunction) => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const row = ctx.sessions.tokenUser(hashToken(auth.slice(7).trim()));
      if (row) req.user = row;
      return next();
    }
    const jwt = readCookie(req, COOKIE);
    if (!jwt) return next();
    // The usual case, a cookie seen before, stays synchronous: no promise per request.
    const known = rememberedClaims(ctx, jwt);
    if (known) {
      attach(req, known);
      return next();
    }
    return verified(ctx, jwt).then((claims) => {
      attach(req, claims);
      next();
    });
  };
}

interface Claims {
  sid: string;
  sub: string;
  expMs: number;
}

/**
 * Signature checks remembered per cookie value: a browser sends the same cookie with every
 * request, and verifying it each time was a large share of a queue call's CPU. Only the
 * signature check is cached; the session row is still read on every request, so revocation stays
 * immediate. One cache per signing key; bounded, the oldest entries go first.
 */
const verifiedByKey = new WeakMap<Uint8Array, Map<string, Claims>>();
const CACHE_MAX = 10_000;

function cacheOf(ctx: Ctx): Map<string, Claims> {
  let cache = verifiedByKey.get(ctx.key);
  if (!cache) {
    cache = new Map();
    verifiedByKey.set(ctx.key, cache);
  }
  return cache;
}

function rememberedClaims(ctx: Ctx, jwt: string): Claims | null {
  const hit = cacheOf(ctx).get(jwt);
  return hit && hit.expMs > Date.now() ? hit : null;
}

async function verified(ctx: Ctx, jwt: string): Promise<Claims | null> {
  const verifiedCache = cacheOf(ctx);
  try {
    const { payload } = await jwtVerify(jwt, ctx.key, { algorithms: ['HS256'] });
    if (typeof payload.sid !== 'string' || typeof payload.sub !== 'string' || !payload.exp) return null;
    const claims = { sid: payload.sid, sub: payload.sub, expMs: payload.exp * 1000 };
    if (verifiedCache.size >= CACHE_MAX) verifiedCache.delete(verifiedCache.keys().next().value!);
    verifiedCache.set(jwt, claims);
    return claims;
  } catch {
    // A bad or expired cookie is the same as none.
    return null;
  }
}

export function clearSessionCookie(res: Response) {
  res.clearCookie(COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' });
}
