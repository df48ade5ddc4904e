/**
 * The static shapes layer as a cached bitmap. Rasterising 5,000 outlines costs tens of ms a frame
 * in a software-rendered canvas, so the shapes are drawn once into an offscreen canvas covering
 * the view plus a margin, and each frame only blits that bitmap:
 * - panning moves the blit; the bitmap is redrawn only when the view leaves the cached region;
 * - zooming scales the blit while the zoom is in motion (from half to three times the cached
 *   scale), redraws a quick outline-only draft when it goes past that, and redraws it in full once
 *   the zoom has been still for SETTLE_MS;
 * - any change of content (labels, selection, hidden labels) redraws it at once.
 */
import {
  inflateRect,
  type Rect,
  rectContains,
  rectIntersection,
  type Size,
  type Viewport,
  visibleRect,
} from '../../../shared/geometry.ts';
import { type DrawOptions, drawShapes } from './drawShapes.ts';
import type { SceneShape } from './scene.ts';

export const SETTLE_MS = 150;
/** How far a moving zoom may stretch the bitmap before it is redrawn. */
const MIN_STRETCH = 0.5;
const MAX_STRETCH = 3;

export interface CacheContent {
  /** Compared item by item (identity): any difference means the content changed. */
  key: readonly unknown[];
  /** The shapes to draw inside a rect of the image (culled, hidden labels left out). */
  cull(rect: Rect): readonly SceneShape[];
  opts: DrawOptions;
}

export class ShapeLayerCache {
  #canvas: HTMLCanvasElement | null = null;
  /** The viewport the bitmap was drawn with, in the bitmap's own coordinates. */
  #at: Viewport = { scale: 1, x: 0, y: 0 };
  #cssSize: Size = { width: 0, height: 0 };
  #key: readonly unknown[] = [];
  /** The bitmap is a draft (drawn during a zoom): redraw it in full once the zoom settles. */
  #draft = false;
  #seenScale = 0;
  #scaleChangedAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #settled: () => void;
  /** Bitmap redraws so far (tests and the benchmark read it). */
  renders = 0;

  /** `settled` asks for a redraw once a zoom has come to rest (the crisp re-render). */
  constructor(settled: () => void) {
    this.#settled = settled;
  }

  /** Forgets the bitmap: the next draw renders from scratch. */
  invalidate(): void {
    this.#key = [];
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#canvas = null;
  }

  draw(
    ctx: CanvasRenderingContext2D,
    vp: Viewport,
    view: Size,
    image: Size,
    content: CacheContent,
    pixelRatio: number,
    now = performance.now(),
  ): void {
    if (vp.scale !== this.#seenScale) {
      // The first scale is no zoom in motion: the first bitmap is drawn in full, name tags included.
      if (this.#seenScale !== 0) this.#scaleChangedAt = now;
      this.#seenScale = vp.scale;
    }
    const k = vp.scale / this.#at.scale;
    const zooming = now - this.#scaleChangedAt < SETTLE_MS;
    let render = !this.#canvas || !sameKey(content.key, this.#key) || !this.#covers(vp, view, image);
    if (!render && k !== 1) {
      if (zooming && k >= MIN_STRETCH && k <= MAX_STRETCH) this.#settleLater();
      else render = true;
    }
    if (!render && this.#draft && !zooming) render = true;
    if (render) {
      this.#render(vp, view, content, pixelRatio, zooming);
      if (zooming) this.#settleLater();
    }
    this.#blit(ctx, vp);
  }

  /** Whether the bitmap holds every part of the image the view now shows. */
  #covers(vp: Viewport, view: Size, image: Size): boolean {
    const cached = visibleRect(this.#at, this.#cssSize);
    // Name tags may stick out of the image a little; beyond that there is nothing to draw.
    const plane = inflateRect({ x: 0, y: 0, ...image }, 24 / vp.scale);
    const needed = rectIntersection(visibleRect(vp, view), plane);
    return !needed || rectContains(cached, needed);
  }

  #render(vp: Viewport, view: Size, content: CacheContent, pr: number, draft: boolean): void {
    const margin = Math.round(Math.max(view.width, view.height) * (pr > 1 ? 0.25 : 0.5));
    const width = view.width + 2 * margin;
    const height = view.height + 2 * margin;
    this.#canvas ??= document.createElement('canvas');
    const canvas = this.#canvas;
    if (canvas.width !== Math.ceil(width * pr) || canvas.height !== Math.ceil(height * pr)) {
      canvas.width = Math.ceil(width * pr);
      canvas.height = Math.ceil(height * pr);
    }
    const c = canvas.getContext('2d')!;
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.clearRect(0, 0, canvas.width, canvas.height);
    c.scale(pr, pr);
    const at = { scale: vp.scale, x: vp.x + margin, y: vp.y + margin };
    const region = visibleRect(at, { width, height });
    drawShapes(c, content.cull(region), at, { ...content.opts, lite: draft });
    this.#draft = draft;
    this.#at = at;
    this.#cssSize = { width, height };
    this.#key = content.key;
    this.renders++;
  }

  #blit(ctx: CanvasRenderingContext2D, vp: Viewport): void {
    const canvas = this.#canvas;
    if (!canvas) return;
    const k = vp.scale / this.#at.scale;
    let dx = vp.x - this.#at.x * k;
    let dy = vp.y - this.#at.y * k;
    if (k === 1) {
      // Whole pixels: the bitmap lands exactly, no resampling blur.
      dx = Math.round(dx);
      dy = Math.round(dy);
    }
    ctx.drawImage(canvas, dx, dy, this.#cssSize.width * k, this.#cssSize.height * k);
  }

  #settleLater(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#settled();
    }, SETTLE_MS + 10);
  }
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
