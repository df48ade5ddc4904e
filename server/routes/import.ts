import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import busboy from 'busboy';
import { type Request, type Response, Router } from 'express';
import { ImportQuerySchema } from '../../shared/importLine.ts';
import { projectGuard } from '../auth/guard.ts';
import { authenticate } from '../auth/sessions.ts';
import type { Ctx } from '../context.ts';
import { badRequest, HttpError, tooLarge } from '../errors.ts';
import { parse } from '../http/validate.ts';
import { importItems } from '../io/import.ts';
import { formatBytes } from '../io/records.ts';

const overLimit = (max: number) =>
  tooLarge(`the upload is larger than the limit of ${formatBytes(max)} (GLOSS_MAX_UPLOAD_MB)`);

/**
 * The importer hears of a failed source through its iterator; once it has stopped reading, a
 * late failure (the client hanging up after the reply) has no listener and must not crash.
 */
function quietAfterwards(source: Readable) {
  source.on('error', () => {});
  return source;
}

/** Passes bytes through until `max`, then fails with 413: a body without a length is still capped. */
function capped(max: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > max) cb(overLimit(max));
      else cb(null, chunk);
    },
  });
}

const malformed = (err: unknown) =>
  badRequest(`the multipart upload is malformed: ${(err as Error).message}`);

interface Upload {
  source: Readable;
  filename: string | undefined;
  contentType: string | undefined;
  /** Lets the rest of the request through once the import stops reading. */
  drain(): void;
}

/** The raw request body, streamed as it arrives. */
function rawUpload(req: Request, max: number, filename: string | undefined): Upload {
  const source = quietAfterwards(req.pipe(capped(max)));
  req.on('error', (err) => source.destroy(err));
  return { source, filename, contentType: req.get('content-type'), drain: () => req.resume() };
}

/** The first file of a multipart form; any later file and the other fields are ignored. */
function multipartUpload(req: Request, max: number): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      // busboy reports reaching fileSize, so one byte more means "over the limit".
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: max + 1, fields: 20, parts: 40 } });
    } catch (err) {
      reject(malformed(err));
      return;
    }
    let current: Readable | null = null;
    bb.on('file', (_field, file, info) => {
      const source = quietAfterwards(file.pipe(capped(max)));
      current = source;
      file.on('limit', () => source.destroy(overLimit(max)));
      file.on('error', (err) => source.destroy(malformed(err)));
      resolve({ source, filename: info.filename, contentType: info.mimeType, drain: () => file.resume() });
    });
    bb.on('error', (err) => {
      const e = malformed(err);
      if (current) current.destroy(e);
      else reject(e);
    });
    bb.on('close', () => reject(badRequest('no file in the upload: send the file as a form field')));
    req.on('error', (err) => bb.destroy(err));
    req.pipe(bb);
  });
}

/**
 * `POST /api/projects/:id/import`: a multipart form (the first file) or the raw file as the body,
 * streamed straight into the importer. Mounted before the JSON body parser so a body of any
 * content type arrives unread; it authenticates for itself for the same reason.
 */
export function importRoutes(ctx: Ctx) {
  const r = Router();
  r.post(
    '/api/projects/:id/import',
    authenticate(ctx),
    projectGuard(ctx, 'items.import'),
    async (req: Request, res: Response) => {
      const q = parse(ImportQuerySchema, req.query);
      const max = ctx.config.maxUploadBytes;
      if (Number(req.get('content-length')) > max) {
        // The body is not read: close the connection instead of receiving it all.
        res.set('Connection', 'close');
        throw tooLarge(`${overLimit(max).message}: nothing was imported`);
      }
      const upload = req.is('multipart/form-data')
        ? await multipartUpload(req, max)
        : rawUpload(req, max, q.filename);
      let written = 0;
      try {
        const result = await importItems(ctx, {
          project: req.project!,
          source: upload.source,
          format: q.format,
          filename: upload.filename ?? q.filename,
          contentType: upload.contentType,
          update: q.update,
          actor: { username: req.user!.username, ip: req.ip },
          onProgress: (p) => {
            written = p.imported + p.updated;
          },
        });
        res.json(result);
      } catch (err) {
        res.set('Connection', 'close');
        // A body without a length is only found too large part way: say what is already in.
        if (err instanceof HttpError && err.status === 413) {
          throw tooLarge(
            `${err.message}: reading stopped there, ${written ? `after ${written} items were written` : 'nothing was imported'}`,
          );
        }
        throw err;
      } finally {
        upload.drain();
      }
    },
  );
  return r;
}
