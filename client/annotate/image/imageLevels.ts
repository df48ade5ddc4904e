/**
 * Halved copies of a large image (a mip pyramid), so each frame samples about as many pixels as
 * it shows: fitting an 8000x6000 picture into a 1000 px wide view resamples a 1000 px copy, not
 * 48 million pixels, on every pan step. Built once the image is on screen, when the browser is
 * idle: the first copy from the <img> holds up frames for a moment in a software-rendered canvas,
 * so it must not delay the first draw. The full image is used until then.
 */
import { useEffect, useState } from 'react';

export interface ImageLevel {
  source: CanvasImageSource;
  width: number;
  height: number;
}

/** Halve until the longest side is at most this. */
const SMALLEST_SIDE = 1024;

/** The pyramid of `image`; with `build` false it stays the full image alone (before the first draw). */
export function useImageLevels(image: HTMLImageElement | null, build: boolean): ImageLevel[] {
  const [levels, setLevels] = useState<ImageLevel[]>([]);
  useEffect(() => {
    setLevels(image ? [{ source: image, width: image.naturalWidth, height: image.naturalHeight }] : []);
  }, [image]);
  useEffect(() => {
    if (!image || !build) return;
    let live = true;
    const made: ImageBitmap[] = [];
    const run = async () => {
      const out: ImageLevel[] = [{ source: image, width: image.naturalWidth, height: image.naturalHeight }];
      let prev: ImageBitmap | HTMLImageElement = image;
      let width = image.naturalWidth;
      let height = image.naturalHeight;
      while (live && Math.max(width, height) > SMALLEST_SIDE) {
        width = Math.max(1, Math.round(width / 2));
        height = Math.max(1, Math.round(height / 2));
        // Each level from the one before: only the first reads the <img>.
        const bmp: ImageBitmap = await createImageBitmap(prev, {
          resizeWidth: width,
          resizeHeight: height,
          resizeQuality: 'medium',
        });
        made.push(bmp);
        out.push({ source: bmp, width, height });
        prev = bmp;
      }
      if (live) setLevels(out);
    };
    const idle = typeof requestIdleCallback === 'function';
    const handle = idle
      ? requestIdleCallback(() => void run(), { timeout: 1000 })
      : setTimeout(() => void run(), 200);
    return () => {
      live = false;
      if (idle) cancelIdleCallback(handle as number);
      else clearTimeout(handle);
      for (const b of made) b.close();
    };
  }, [image, build]);
  return levels;
}

/**
 * The smallest level that still has at least one source pixel per screen pixel at this zoom
 * (`scale` = screen px per image px, `imageWidth` = the image's width in image px).
 */
export function pickLevel(
  levels: readonly ImageLevel[],
  scale: number,
  imageWidth: number,
): ImageLevel | undefined {
  let best = levels[0];
  for (const l of levels) if (l.width / imageWidth >= scale) best = l;
  return best;
}
