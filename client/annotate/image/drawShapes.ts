/**
 * Draws the static shapes (everything but the selected one) straight onto a 2D context, in
 * screen space: one path per colour for all boxes and polygons, one fill and one stroke each, so
 * 5,000 boxes cost a handful of canvas calls instead of 5,000 Konva nodes. Coordinates are
 * transformed here rather than by the context, which keeps line widths constant at any zoom and
 * lines on whole pixels.
 */
import type { Viewport } from '../../../shared/geometry.ts';
import type { SceneShape } from './scene.ts';
import type { ShapeRef } from './tools.ts';

export const STROKE_PX = 2;
export const POINT_RADIUS_PX = 5;
const FILL_ALPHA = 0.14;
/** Above this many shapes on screen, names are left off: a wall of tags hides the image. */
export const LABEL_BUDGET = 250;
/** Shapes narrower than this on screen get no name tag. */
const LABEL_MIN_PX = 28;
export const TAG_FONT_FAMILY = 'system-ui, sans-serif';
const LABEL_FONT = `600 11px ${TAG_FONT_FAMILY}`;
const TAG_H = 16;

export interface DrawOptions {
  exclude: ShapeRef | null;
  /** Draw name tags (subject to LABEL_BUDGET). */
  labels: boolean;
  /** Outlines only, no fills or tags: the quick draft drawn while a zoom is in motion. */
  lite?: boolean;
}

const textWidths = new Map<string, number>();
function textWidth(ctx: CanvasRenderingContext2D, text: string): number {
  let w = textWidths.get(text);
  if (w === undefined) {
    w = ctx.measureText(text).width;
    textWidths.set(text, w);
  }
  return w;
}

/** A box on screen, snapped to whole pixels so its 2 px outline stays crisp. */
function screenRect(sh: SceneShape, s: number, tx: number, ty: number): [number, number, number, number] {
  const b = sh.bounds;
  const x = Math.round(b.x * s + tx);
  const y = Math.round(b.y * s + ty);
  return [x, y, Math.round((b.x + b.width) * s + tx) - x, Math.round((b.y + b.height) * s + ty) - y];
}

export function drawShapes(
  ctx: CanvasRenderingContext2D,
  shapes: readonly SceneShape[],
  vp: Viewport,
  opts: DrawOptions,
): void {
  const { scale: s, x: tx, y: ty } = vp;
  const skip = (sh: SceneShape) =>
    opts.exclude !== null && sh.ref.index === opts.exclude.index && sh.ref.task === opts.exclude.task;

  const byColor = new Map<string, SceneShape[]>();
  for (const sh of shapes) {
    if (skip(sh)) continue;
    const list = byColor.get(sh.color);
    if (list) list.push(sh);
    else byColor.set(sh.color, [sh]);
  }

  ctx.save();
  ctx.lineWidth = STROKE_PX;
  ctx.lineJoin = 'round';
  for (const [color, list] of byColor) {
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
    // Boxes one by one: fillRect/strokeRect are the rasteriser's fast path, where one path of
    // thousands of overlapping rectangles costs a slow general fill.
    ctx.globalAlpha = FILL_ALPHA;
    for (const sh of opts.lite ? [] : list) {
      if (sh.kind !== 'boxes') continue;
      const [x, y, w, h] = screenRect(sh, s, tx, ty);
      ctx.fillRect(x, y, w, h);
    }
    ctx.globalAlpha = 1;
    for (const sh of list) {
      if (sh.kind !== 'boxes') continue;
      const [x, y, w, h] = screenRect(sh, s, tx, ty);
      ctx.strokeRect(x, y, w, h);
    }
    let polygons = false;
    let points = false;
    ctx.beginPath();
    for (const sh of list) {
      const shape = sh.shape;
      if (!('points' in shape)) {
        points ||= sh.kind === 'points';
        continue;
      }
      polygons = true;
      const pts = shape.points;
      ctx.moveTo(Math.round(pts[0]![0] * s + tx), Math.round(pts[0]![1] * s + ty));
      for (let i = 1; i < pts.length; i++)
        ctx.lineTo(Math.round(pts[i]![0] * s + tx), Math.round(pts[i]![1] * s + ty));
      ctx.closePath();
    }
    if (polygons) {
      if (!opts.lite) {
        ctx.globalAlpha = FILL_ALPHA;
        ctx.fill();
        ctx.globalAlpha = 1;
      }
      ctx.stroke();
    }

    if (points) {
      ctx.beginPath();
      for (const sh of list) {
        if (sh.kind !== 'points') continue;
        const px = sh.bounds.x * s + tx;
        const py = sh.bounds.y * s + ty;
        ctx.moveTo(px + POINT_RADIUS_PX, py);
        ctx.arc(px, py, POINT_RADIUS_PX, 0, Math.PI * 2);
      }
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
      ctx.lineWidth = STROKE_PX;
    }
  }

  if (opts.labels && !opts.lite && shapes.length <= LABEL_BUDGET) drawTags(ctx, shapes, vp, skip);
  ctx.restore();
}

function drawTags(
  ctx: CanvasRenderingContext2D,
  shapes: readonly SceneShape[],
  vp: Viewport,
  skip: (sh: SceneShape) => boolean,
): void {
  ctx.font = LABEL_FONT;
  ctx.textBaseline = 'middle';
  for (const sh of shapes) {
    if (skip(sh)) continue;
    const b = sh.bounds;
    const w = b.width * vp.scale;
    if (sh.kind !== 'points' && w < LABEL_MIN_PX) continue;
    const text = sh.shape.label;
    const tw = Math.ceil(textWidth(ctx, text)) + 8;
    const x = Math.round(b.x * vp.scale + vp.x) + (sh.kind === 'points' ? POINT_RADIUS_PX + 2 : 0);
    // Above the shape when there is room on screen, else just inside its top edge.
    const top = Math.round(b.y * vp.scale + vp.y);
    const y = sh.kind === 'points' ? top - TAG_H / 2 : top >= TAG_H ? top - TAG_H : top;
    ctx.fillStyle = sh.color;
    ctx.fillRect(x, y, tw, TAG_H);
    ctx.fillStyle = '#ffffff';
    ctx.fillText(text, x + 4, y + TAG_H / 2 + 0.5);
  }
}
