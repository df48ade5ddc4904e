import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { checkProject } from '../auth/guard.ts';
import type { Ctx } from '../context.ts';
import { HttpError, notFound, unauthorized } from '../errors.ts';
import { MediaFiles } from '../media/files.ts';

/** Media never change under an id (the id names the bytes' hash), so browsers keep them for a year. */
const CACHE = 'private, max-age=31536000, immutable';

export function mediaRoutes(ctx: Ctx) {
  const r = Router();
  const files = new MediaFiles(ctx.config.dataDir);

  /**
   * `GET /api/media/:id`: a stored image, to members of a project that holds it (`project.read`);
   * anyone else gets 404, as for an id that does not exist. Served by id only: no path from the
   * client ever reaches the disk.
   */
  r.get('/api/media/:id', async (req, res) => {
    if (!req.user) throw unauthorized();
    const id = Number(req.params.id);
    const media = Number.isSafeInteger(id) && id > 0 ? ctx.media.byId(id) : undefined;
    if (!media) throw notFound('no such media');
    let allowed = false;
    for (const projectId of ctx.media.projectsOf(media.id)) {
      try {
        checkProject(ctx, req, projectId, 'project.read');
        allowed = true;
        break;
      } catch (e) {
        if (!(e instanceof HttpError) || (e.status !== 404 && e.status !== 403)) throw e;
      }
    }
    if (!allowed) throw notFound('no such media');
    const etag = `"${media.sha256}"`;
    res.set({
      'Cache-Control': CACHE,
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
      'Content-Type': media.mime,
    });
    const match = req.get('if-none-match');
    if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')) {
      res.status(304).end();
      return;
    }
    res.set('Content-Length', String(media.bytes));
    try {
      await pipeline(files.open(media.sha256), res);
    } catch (e) {
      // A reader that hangs up mid-image is normal; a file that cannot be read is the server's problem.
      if (!res.headersSent) throw e;
    }
  });

  return r;
}
