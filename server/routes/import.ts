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
import { ImportSession } from '../io/images.ts';
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

/**
 * Passes bytes through until `max`, then fails with 413: a body without a length is still capped.
 * The files of one multipart upload share `seen`, so the cap is on all of them together.
 */
function capped(max: number, seen = { bytes: 0 }) {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen.bytes += chunk.length;
      if (seen.bytes > max) cb(overLimit(max));
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
  /** Lets the rest of the file through once the import stops reading it. */
  drain(): void;
}

/** Most files one multipart upload may carry. */
const MAX_FILES = 10_000;

/** The raw request body, streamed as it arrives. */
async function* rawUpload(req: Request, max: number, filename: string | undefined): AsyncGenerator<Upload> {
  const source = quietAfterwards(req.pipe(capped(max)));
  req.on('error', (err) => source.destroy(err));
  yield { source, filename, contentType: req.get('content-type'), drain: () => req.resume() };
}

/**
 * The files of a multipart form, one after the other as they arrive (busboy waits while a file
 * is being read); other fields are ignored. `max` caps all files together.
 */
async function* multipartUpload(req: Request, max: number): AsyncGenerator<Upload> {
  let bb: busboy.Busboy;
  try {
    // busboy reports reaching fileSize, so one byte more means "over the limit".
    bb = busboy({
      headers: req.headers,
      limits: { files: MAX_FILES, fileSize: max + 1, fields: 20, parts: MAX_FILES + 40 },
    });
  } catch (err) {
    throw malformed(err);
  }
  const queue: Upload[] = [];
  let ended = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  let current: Readable | null = null;
  const received = { bytes: 0 };
  bb.on('file', (_field, file, info) => {
    const source = quietAfterwards(file.pipe(capped(max, received)));
    current = source;
    file.on('limit', () => source.destroy(overLimit(max)));
    file.on('error', (err) => source.destroy(malformed(err)));
    queue.push({ source, filename: info.filename, contentType: info.mimeType, drain: () => file.resume() });
    notify();
  });
  bb.on('error', (err) => {
    const e = malformed(err);
    if (current) current.destroy(e);
    failure = e;
    notify();
  });
  bb.on('close', () => {
    ended = true;
    notify();
  });
  req.on('error', (err) => bb.destroy(err));
  req.pipe(bb);
  let seen = 0;
  for (;;) {
    const next = queue.shift();
    if (next) {
      seen++;
      yield next;
      continue;
    }
    if (failure && seen === 0) throw failure;
    if (ended || failure) break;
    await new Promise<void>((r) => (wake = r));
  }
  if (seen === 0) throw badRequest('no file in the upload: send the file as a form field');
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
      const uploads = req.is('multipart/form-data')
        ? multipartUpload(req, max)
        : rawUpload(req, max, q.filename);
      let written = 0;
      let drain: () => void = () => req.resume();
      const session = new ImportSession(ctx, {
        project: req.project!,
        format: q.format,
        update: q.update,
        actor: { username: req.user!.username, ip: req.ip },
        onProgress: (p) => {
          written = p.imported + p.updated;
        },
      });
      try {
        for await (const upload of uploads) {
          drain = upload.drain;
          await session.add({
            source: upload.source,
            filename: upload.filename ?? q.filename,
            contentType: upload.contentType,
          });
          upload.drain();
        }
        res.json(await session.finish());
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
        drain();
      }
    },
  );
  return r;
}
