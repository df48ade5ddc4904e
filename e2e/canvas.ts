import type { Page } from '@playwright/test';
import type { Vec2, Viewport } from '../shared/geometry.ts';

/** Maps between page pixels and image pixels for one viewport of the image canvas. */
export function canvasTransform(box: { left: number; top: number }, vp: Viewport) {
  return {
    /** The page point (whole pixels, as a mouse lands) over an image point. */
    toPage: ([x, y]: Vec2): Vec2 => [
      Math.round(box.left + vp.x + x * vp.scale),
      Math.round(box.top + vp.y + y * vp.scale),
    ],
    /** The image point under a page point: what the editor must have stored. */
    toImage: ([px, py]: Vec2): Vec2 => [(px - box.left - vp.x) / vp.scale, (py - box.top - vp.y) / vp.scale],
  };
}

/** A mouse drag in a few steps, as a hand would move: the canvas sees a real drag, not a jump. */
export async function drag(page: Page, from: Vec2, to: Vec2) {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move(from[0] + (to[0] - from[0]) / 3, from[1] + (to[1] - from[1]) / 3, { steps: 4 });
  await page.mouse.move(...to, { steps: 8 });
  await page.mouse.up();
}
