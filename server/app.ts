import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { loginLimiter } from './auth/loginLimiter.ts';
import { authenticate } from './auth/sessions.ts';
import type { Ctx } from './context.ts';
import { HttpError, notFound } from './errors.ts';
import { securityHeaders } from './http/securityHeaders.ts';
import './http/types.ts';
import { annotationRoutes } from './routes/annotations.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { exportRoutes } from './routes/export.ts';
import { healthRoutes } from './routes/health.ts';
import { importRoutes } from './routes/import.ts';
import { itemHistoryRoutes } from './routes/itemHistory.ts';
import { itemRoutes } from './routes/items.ts';
import { mediaRoutes } from './routes/media.ts';
import { memberRoutes } from './routes/members.ts';
import { projectRoutes } from './routes/projects.ts';
import { queueRoutes } from './routes/queue.ts';
import { reviewRoutes } from './routes/review.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { userRoutes } from './routes/users.ts';

const CLIENT_DIR = join(import.meta.dirname, '..', 'dist', 'client');

export interface AppOptions {
  /** Where the built UI lives; tests of the API alone pass null. */
  clientDir?: string | null;
  limiter?: ReturnType<typeof loginLimiter>;
}

export function createApp(ctx: Ctx, opts: AppOptions = {}) {
  const app = express();
  const limiter = opts.limiter ?? loginLimiter();
  app.disable('x-powered-by');
  // API replies are `no-store`, so hashing every JSON body for an ETag is wasted work; media and
  // static files set their own.
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders());
  app.use(importRoutes(ctx));
  app.use(express.json({ limit: ctx.config.maxJsonBytes }));
  app.use(authenticate(ctx));

  // Express tries the routers in order, every route of each: the calls an annotator or reviewer
  // makes many times a minute go first.
  app.use(queueRoutes(ctx));
  app.use(annotationRoutes(ctx));
  app.use(reviewRoutes(ctx));
  app.use(mediaRoutes(ctx));
  app.use(itemRoutes(ctx));
  app.use(authRoutes(ctx, limiter));
  app.use(projectRoutes(ctx));
  app.use(itemHistoryRoutes(ctx));
  app.use(healthRoutes(ctx));
  app.use(tokenRoutes(ctx));
  app.use(userRoutes(ctx, limiter));
  app.use(memberRoutes(ctx));
  app.use(exportRoutes(ctx));
  app.use(auditRoutes(ctx));
  app.use(dashboardRoutes(ctx));

  app.use('/api', () => {
    throw notFound('no such API route');
  });

  const clientDir = opts.clientDir === undefined ? CLIENT_DIR : opts.clientDir;
  if (clientDir && existsSync(clientDir)) {
    app.use(
      '/assets',
      express.static(join(clientDir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
    );
    app.use(express.static(clientDir, { index: false }));
    app.get('/{*splat}', (_req, res) => {
      res.set('Cache-Control', 'no-cache');
      res.sendFile(join(clientDir, 'index.html'));
    });
  }

  app.use(errorHandler);
  return app;
}

function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction) {
  if (err instanceof HttpError) {
    res.status(err.status).json({ error: { id: err.id, message: err.message, field: err.field } });
    return;
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.too.large') {
    res.status(413).json({ error: { id: 'too_large', message: 'request body too large' } });
    return;
  }
  if (e.type === 'entity.parse.failed') {
    res.status(400).json({ error: { id: 'bad_json', message: 'request body is not valid JSON' } });
    return;
  }
  if (e.status === 404) {
    res.status(404).json({ error: { id: 'not_found', message: 'not found' } });
    return;
  }
  // Other client errors raised by middleware (an unknown body encoding, a charset, a path the
  // static files refuse) are the client's: a 4xx, not a 500 in the log.
  if (e.status !== undefined && e.status >= 400 && e.status < 500) {
    res.status(e.status).json({ error: { id: 'bad_request', message: e.message ?? 'bad request' } });
    return;
  }
  console.error(`[gloss] ${req.method} ${req.path}:`, err);
  res.status(500).json({ error: { id: 'internal', message: 'internal error: see the server log' } });
}
