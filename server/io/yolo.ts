import { posix } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import yazl from 'yazl';
import { toYoloLines, yoloClasses, yoloClassesTxt, yoloDataYaml } from '../../shared/formats/yolo.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { type ExportPages, imageOf } from './exportPages.ts';
import { unsafeEntry } from './paths.ts';

/** Bytes of label files that may be queued in the zip ahead of the reader: about one page. */
const SLACK = 512 * 1024;

/**
 * The label file of an image inside the zip: `labels/` plus the image's own path with `.txt`
 * for its extension, the layout Ultralytics expects beside `images/`. A URL or an unsafe path
 * is named after the item instead; a name taken twice gets the item id.
 */
function labelFileName(path: string, extId: string, itemId: number, taken: Set<string>): string {
  const usable = !/^[a-z][a-z0-9+.-]*:/i.test(path) && !unsafeEntry(path) && !path.includes('\\');
  const base = usable ? posix.normalize(path).replace(/\.[^./]*$/, '') : extId.replace(/[^\w.-]+/g, '_');
  let name = `labels/${base}.txt`;
  if (taken.has(name)) name = `labels/${base}-${itemId}.txt`;
  taken.add(name);
  return name;
}

/**
 * Streams a YOLO zip: `classes.txt`, an Ultralytics `data.yaml` and one `labels/<image>.txt` per
 * image item (empty for an image without objects: a background image for the trainer). Boxes
 * and polygons are written as boxes, `class cx cy w h` in fractions of the image size. The zip is
 * written to `out` as it is built and waits for a slow reader page by page.
 */
export async function writeYolo(
  out: Writable,
  project: ProjectRecord,
  pages: ExportPages,
  onProgress?: (count: number) => void,
): Promise<{ count: number; completed: boolean }> {
  const classes = yoloClasses(project.schema);
  const zip = new yazl.ZipFile();
  let sent = 0;
  let fed = 0;
  let gone = false;
  let wake: (() => void) | null = null;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      sent += chunk.length;
      if (wake && sent >= fed - SLACK) {
        wake();
        wake = null;
      }
      cb(null, chunk);
    },
  });
  const onGone = () => {
    gone = true;
    wake?.();
    wake = null;
  };
  out.once('close', onGone);
  out.once('error', onGone);
  const finished = new Promise<void>((resolve) => counter.once('end', resolve));
  zip.outputStream.pipe(counter).pipe(out, { end: false });

  const add = (name: string, text: string) => {
    const data = Buffer.from(text);
    fed += data.length;
    // Label files are a few bytes of text: stored, so each is written out at once.
    zip.addBuffer(data, name, { compress: false, mtime: new Date(0) });
  };
  add('classes.txt', yoloClassesTxt(classes));
  add('data.yaml', yoloDataYaml(classes));
  const taken = new Set<string>();
  let count = 0;
  try {
    for await (const page of pages()) {
      if (gone) break;
      for (const row of page) {
        const im = imageOf(row);
        if (!im) continue;
        const lines = im.labels ? toYoloLines(project.schema, im.labels, im) : [];
        add(labelFileName(im.path, row.ext_id, row.id, taken), lines.map((l) => `${l}\n`).join(''));
        count++;
      }
      onProgress?.(count);
      if (sent < fed - SLACK && !gone) await new Promise<void>((r) => (wake = r));
    }
    if (!gone) {
      zip.end();
      await Promise.race([finished, new Promise<void>((r) => out.once('close', r))]);
    }
  } finally {
    out.off('close', onGone);
    out.off('error', onGone);
    if (gone) zip.outputStream.unpipe(counter);
  }
  return { count, completed: !gone };
}
