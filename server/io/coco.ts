import { Readable, type Writable } from 'node:stream';
import type { ImportResult } from '../../shared/api.ts';
import { CocoDatasetSchema, cocoAnnotations, cocoCategories, fromCoco } from '../../shared/formats/coco.ts';
import type { Actor } from '../auth/userCommands.ts';
import type { Ctx } from '../context.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { type ImageResolver, projectImageResolver } from '../media/resolve.ts';
import { type ExportPages, imageOf, write } from './exportPages.ts';
import { type ImportProgress, importItems } from './import.ts';

/** A JSON object whose first key is one COCO files start with: tells COCO from JSON Lines. */
export function looksLikeCoco(head: string): boolean {
  return /^\uFEFF?\s*\{\s*"(info|licenses|images|annotations|categories)"\s*:/.test(head);
}

export interface CocoImportOptions {
  project: ProjectRecord;
  /** The whole COCO file: it is one JSON object, read at once. */
  bytes: Buffer;
  filename?: string | undefined;
  update: boolean;
  actor: Actor;
  resolveImage?: ImageResolver | undefined;
  onProgress?: (p: ImportProgress) => void;
}

const failed = (message: string): ImportResult => ({
  imported: 0,
  updated: 0,
  duplicates: 0,
  errors: [{ line: 0, message }],
  errorsTruncated: false,
});

/**
 * Imports a COCO detection file: one item per COCO image (its `file_name` is the item's id and
 * image path, found like any import line's image), with the image's shapes as a pre-annotation
 * of the model "coco", placed into the schema's tasks by shared/formats/coco.ts. An image whose
 * stored size differs from what the file says is refused rather than shown with shifted shapes.
 */
export async function importCoco(ctx: Ctx, o: CocoImportOptions): Promise<ImportResult> {
  let json: unknown;
  try {
    json = JSON.parse(o.bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    return failed(`not valid JSON: ${(e as Error).message}`);
  }
  const parsed = CocoDatasetSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return failed(`not a COCO file: "${issue.path.join('.')}" ${issue.message}`);
  }
  const { images, errors } = fromCoco(parsed.data, o.project.schema);
  const sizes = new Map(images.map((im) => [im.fileName, im]));
  const resolve = o.resolveImage ?? projectImageResolver(ctx, o.project.id);
  const lines = images.map(
    (im) =>
      `${JSON.stringify({
        id: im.fileName,
        image: im.fileName,
        predictions: Object.keys(im.labels).length ? [{ model: 'coco', labels: im.labels }] : undefined,
      })}\n`,
  );
  const result = await importItems(ctx, {
    project: o.project,
    source: Readable.from(lines),
    format: 'jsonl',
    filename: o.filename,
    update: o.update,
    actor: o.actor,
    onProgress: o.onProgress,
    resolveImage: async (path) => {
      const found = await resolve(path);
      const want = sizes.get(path);
      if (typeof found === 'string' || !want) return found;
      if (found.width !== want.width || found.height !== want.height) {
        return `image "${path}" is ${found.width}x${found.height} but the COCO file says ${want.width}x${want.height}`;
      }
      return found;
    },
  });
  result.errors.unshift(
    ...errors.map((e) => ({ line: 0, message: `annotation ${e.annotationId}: ${e.message}` })),
  );
  return result;
}

/**
 * Streams a COCO file of the exported image items: categories from the schema, then every image,
 * then (a second walk over the same items) every annotation, so memory stays flat whatever the
 * project's size. Image ids are Gloss item ids; annotation ids count from 1.
 */
export async function writeCoco(
  out: Writable,
  project: ProjectRecord,
  pages: ExportPages,
  onProgress?: (count: number) => void,
): Promise<{ count: number; completed: boolean }> {
  const categories = cocoCategories(project.schema);
  const ids = new Map(categories.map((c) => [c.name, c.id]));
  const head = {
    info: { description: `Exported from Gloss: ${project.name}`, date_created: new Date().toISOString() },
    licenses: [],
    categories,
  };
  let completed = await write(out, `${JSON.stringify(head).slice(0, -1)},\n"images":[`);
  let count = 0;
  let first = true;
  for await (const page of pages()) {
    if (!completed) break;
    let chunk = '';
    for (const row of page) {
      const im = imageOf(row);
      if (!im) continue;
      chunk += `${first ? '\n' : ',\n'}${JSON.stringify({ id: row.id, file_name: im.path, width: im.width, height: im.height })}`;
      first = false;
      count++;
    }
    completed = await write(out, chunk);
    onProgress?.(count);
  }
  if (completed) completed = await write(out, '\n],\n"annotations":[');
  let next = 1;
  first = true;
  for await (const page of pages()) {
    if (!completed) break;
    let chunk = '';
    for (const row of page) {
      const im = imageOf(row);
      if (!im?.labels) continue;
      for (const a of cocoAnnotations(project.schema, { id: row.id, labels: im.labels }, ids, () => next++)) {
        chunk += `${first ? '\n' : ',\n'}${JSON.stringify(a)}`;
        first = false;
      }
    }
    completed = await write(out, chunk);
  }
  if (completed) completed = await write(out, '\n]}\n');
  return { count, completed };
}
