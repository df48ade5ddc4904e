import type { Writable } from 'node:stream';
import type { Labels } from '../../shared/labels.ts';
import type { ExportItemRow } from '../db/stores/items.ts';

/** Walks the exported items a page at a time, from the start, each time it is called. */
export type ExportPages = () => AsyncIterable<ExportItemRow[]>;

/** Writes with backpressure; false once the reader has gone away. */
export async function write(out: Writable, chunk: string | Buffer): Promise<boolean> {
  if (out.destroyed || out.writableEnded) return false;
  if (chunk.length === 0) return true;
  if (out.write(chunk)) return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    out.once('drain', onDrain);
    out.once('close', onClose);
    out.once('error', onClose);
  });
}

/** The stored image data of an image item. */
export interface StoredImage {
  path: string;
  mediaId: number;
  width: number;
  height: number;
}

/**
 * The labels a one-answer-per-item format (COCO, YOLO) exports: the final labels, or, for an item
 * not finished yet (exported with status=all), its newest submitted annotation.
 */
export function labelsOf(row: ExportItemRow): Labels | null {
  if (row.final_labels) return JSON.parse(row.final_labels) as Labels;
  const last = row.annotations.at(-1);
  return last ? (JSON.parse(last.labels) as Labels) : null;
}

/** An image item's stored image and its labels; null for a text item. */
export function imageOf(row: ExportItemRow): (StoredImage & { labels: Labels | null }) | null {
  if (row.kind !== 'image') return null;
  const d = JSON.parse(row.data) as Partial<StoredImage> & { image?: string };
  if (typeof d.image !== 'string' || !d.width || !d.height || d.mediaId === undefined) return null;
  return { path: d.image, mediaId: d.mediaId, width: d.width, height: d.height, labels: labelsOf(row) };
}
