import { createHash } from 'node:crypto';
import type { Ctx } from '../context.ts';
import { formatBytes } from '../io/records.ts';
import { MediaFiles } from './files.ts';
import { probeImage } from './headers.ts';

/** What an image item's data records about its stored image (shared/annotate.ts ItemDataSchema). */
export interface ImageRef {
  mediaId: number;
  width: number;
  height: number;
}

/** An image that was refused, with the reason in words; the import reports it and goes on. */
export class ImageRejected extends Error {}

export const tooLargeImage = (max: number) =>
  `is larger than the limit of ${formatBytes(max)} per image (GLOSS_MAX_IMAGE_MB)`;

/**
 * Stores an image for a project under its original `path`: checks it is a real PNG, JPEG, WebP
 * or GIF within the size limits, writes it once by content hash and records that the project
 * holds it under that path. Throws ImageRejected with the reason.
 */
export async function storeImage(
  ctx: Ctx,
  projectId: number,
  path: string,
  bytes: Buffer,
): Promise<ImageRef> {
  const { maxImageBytes, maxImagePixels } = ctx.config;
  if (bytes.length > maxImageBytes) throw new ImageRejected(tooLargeImage(maxImageBytes));
  const probe = probeImage(bytes);
  if (!probe.ok) throw new ImageRejected(probe.message);
  const { width, height, mime } = probe.info;
  if (width * height > maxImagePixels) {
    throw new ImageRejected(
      `is ${width}x${height}, more than the limit of ${maxImagePixels.toLocaleString('en')} pixels (GLOSS_MAX_IMAGE_PIXELS)`,
    );
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const files = new MediaFiles(ctx.config.dataDir);
  await files.put(sha256, bytes);
  const media = ctx.media.upsert({ sha256, mime, bytes: bytes.length, width, height });
  ctx.media.link(projectId, path, media.id);
  return { mediaId: media.id, width, height };
}
