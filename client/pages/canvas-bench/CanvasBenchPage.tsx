/**
 * The canvas benchmark's page (`/bench/canvas?boxes=5000`): the image editor over a generated
 * 4000x3000 PNG with N random boxes, and `window.__bench` hooks that bench/canvas.ts drives from
 * headless Chromium. Also a playground: every tool works, and Ctrl+Z / Ctrl+Shift+Z undo through
 * an ImageHistory the way an annotator page does it; `?readonly=1` shows the review view instead.
 * Nothing here touches the server.
 */
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Vec2, Viewport } from '../../../shared/geometry.ts';
import type { Task } from '../../../shared/labelSchema.ts';
import type { Labels } from '../../../shared/labels.ts';
import {
  type ChangeMeta,
  ImageEditor,
  type ImageEditorHandle,
  ImageHistory,
  ImageView,
} from '../../annotate/image/index.ts';
import { comboOf } from '../../annotate/keys.ts';

/** What bench/canvas.ts reads and drives. */
export interface CanvasBench {
  boxes: number;
  /** Resolves once the image and every shape have been drawn. */
  ready: Promise<{ openMs: number; imageMs: number; sinceNavigationMs: number }>;
  panBy(dx: number, dy: number): void;
  zoomBy(factor: number, at?: Vec2): void;
  fit(): void;
  viewport(): Viewport;
  /** Mean time of `n` synchronous redraws from scratch (shape cache rebuilt, pixels rasterised), ms. */
  drawMs(n: number): number;
  /** Frame times (rAF deltas) over `n` frames panning by (dx, dy) a frame, turning back every 40. */
  pan(n: number, dx: number, dy: number): Promise<number[]>;
  /** Frame times over `n` frames zooming by `factor` a frame at the view's centre, back every 40. */
  zoom(n: number, factor: number): Promise<number[]>;
  actualSize(): void;
  /** Waits until a zoom has settled and the shapes are crisp again. */
  settle(): Promise<void>;
  /** The labels as they are now (to check what a drawing gesture produced). */
  labels(): Labels;
}

const TURN_EVERY = 40;
const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/** requestAnimationFrame deltas while `stepAt(i)` moves the view once per frame. */
async function frameTimes(n: number, stepAt: (i: number) => void): Promise<number[]> {
  const deltas: number[] = [];
  let last = await nextFrame();
  for (let i = 0; i < n; i++) {
    stepAt(i);
    const t = await nextFrame();
    deltas.push(t - last);
    last = t;
  }
  return deltas;
}

function canvasCentre(): Vec2 {
  const r = document.querySelector('.ie-canvas')?.getBoundingClientRect();
  return r ? [r.width / 2, r.height / 2] : [0, 0];
}

declare global {
  interface Window {
    __bench?: CanvasBench;
  }
}

const TASKS: Task[] = [
  {
    name: 'objects',
    type: 'boxes',
    labels: [
      { value: 'car', color: '#e11d48', hotkey: '1' },
      { value: 'person', color: '#2563eb', hotkey: '2' },
      { value: 'bike', color: '#16a34a', hotkey: '3' },
      { value: 'sign', color: '#d97706', hotkey: '4' },
    ],
  },
  { name: 'regions', type: 'polygons', labels: [{ value: 'road', color: '#7c3aed', hotkey: '5' }] },
  { name: 'keypoints', type: 'points', labels: [{ value: 'corner', color: '#0891b2', hotkey: '6' }] },
];
const LABELS = ['car', 'person', 'bike', 'sign'];

/** Small deterministic PRNG (mulberry32): the same query draws the same scene on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBoxes(n: number, width: number, height: number, seed: number): Labels {
  const rnd = random(seed);
  const objects = Array.from({ length: n }, () => {
    const w = Math.round(16 + rnd() * 140);
    const h = Math.round(16 + rnd() * 140);
    return {
      x: Math.round(rnd() * (width - w)),
      y: Math.round(rnd() * (height - h)),
      width: w,
      height: h,
      label: LABELS[Math.floor(rnd() * LABELS.length)]!,
    };
  });
  return { objects };
}

/** A synthetic photo-like PNG (gradients, blobs, a grid), drawn offscreen: no third-party image. */
async function generateImage(width: number, height: number, seed: number): Promise<string> {
  const rnd = random(seed ^ 0x9e3779b9);
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  const sky = ctx.createLinearGradient(0, 0, 0, height);
  sky.addColorStop(0, '#8fb8de');
  sky.addColorStop(0.55, '#d9e4dd');
  sky.addColorStop(0.56, '#7b8b6f');
  sky.addColorStop(1, '#3f4a3a');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, width, height);
  for (let i = 0; i < 400; i++) {
    const r = 20 + rnd() * 220;
    ctx.fillStyle = `hsla(${Math.floor(rnd() * 360)}, 45%, ${35 + rnd() * 40}%, 0.55)`;
    ctx.beginPath();
    ctx.arc(rnd() * width, rnd() * height, r, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.strokeStyle = 'rgba(255,255,255,0.25)';
  ctx.lineWidth = 2;
  for (let x = 0; x < width; x += 250) ctx.strokeRect(x, 0, 250, height);
  for (let y = 0; y < height; y += 250) ctx.strokeRect(0, y, width, 250);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return URL.createObjectURL(blob);
}

function readQuery() {
  const q = new URLSearchParams(window.location.search);
  const int = (name: string, dflt: number, max: number) => {
    const v = Number(q.get(name));
    return Number.isInteger(v) && v >= 0 ? Math.min(v, max) : dflt;
  };
  return {
    boxes: int('boxes', 5000, 100_000),
    width: int('width', 4000, 8000) || 4000,
    height: int('height', 3000, 6000) || 3000,
    seed: int('seed', 1, 2 ** 31),
    /** `?readonly=1` shows the review view (ImageView) instead of the editor. */
    readOnly: q.get('readonly') === '1',
  };
}

export default function CanvasBenchPage() {
  const query = useMemo(readQuery, []);
  const [src, setSrc] = useState<string | null>(null);
  const [value, setValue] = useState<Labels>(() =>
    randomBoxes(query.boxes, query.width, query.height, query.seed),
  );
  const valueRef = useRef(value);
  valueRef.current = value;
  const history = useMemo(() => new ImageHistory(), []);
  const editor = useRef<ImageEditorHandle>(null);
  const timing = useRef({ imageMs: 0, mountAt: 0 });
  const resolveReady = useRef<(r: { openMs: number; imageMs: number; sinceNavigationMs: number }) => void>(
    () => {},
  );

  useEffect(() => {
    let url: string | null = null;
    const t0 = performance.now();
    void generateImage(query.width, query.height, query.seed).then((u) => {
      url = u;
      timing.current.imageMs = performance.now() - t0;
      timing.current.mountAt = performance.now();
      setSrc(u);
    });
    const ready = new Promise<{ openMs: number; imageMs: number; sinceNavigationMs: number }>((resolve) => {
      resolveReady.current = resolve;
    });
    window.__bench = {
      boxes: query.boxes,
      ready,
      panBy: (dx, dy) => editor.current?.panBy(dx, dy),
      zoomBy: (f, at) => editor.current?.zoomBy(f, at),
      fit: () => editor.current?.fit(),
      viewport: () => editor.current?.viewport() ?? { scale: 1, x: 0, y: 0 },
      pan: (n, dx, dy) =>
        frameTimes(n, (i) => {
          const sign = Math.floor(i / TURN_EVERY) % 2 === 0 ? 1 : -1;
          editor.current?.panBy(sign * dx, sign * dy);
        }),
      zoom: (n, factor) => {
        const at = canvasCentre();
        return frameTimes(n, (i) => {
          const f = Math.floor(i / TURN_EVERY) % 2 === 0 ? factor : 1 / factor;
          editor.current?.zoomBy(f, at);
        });
      },
      actualSize: () => editor.current?.actualSize(),
      labels: () => valueRef.current,
      settle: () => new Promise((resolve) => setTimeout(resolve, 400)),
      drawMs: (n) => {
        const canvases = [...document.querySelectorAll<HTMLCanvasElement>('.ie-canvas canvas')];
        const t = performance.now();
        for (let i = 0; i < n; i++) {
          editor.current?.drawNow();
          // Reading a pixel makes the canvas rasterise now, so the time includes the real work.
          for (const c of canvases) c.getContext('2d')?.getImageData(0, 0, 1, 1);
        }
        return (performance.now() - t) / n;
      },
    };
    return () => {
      if (url) URL.revokeObjectURL(url);
      delete window.__bench;
    };
  }, [query]);

  const onReady = useCallback(() => {
    const now = performance.now();
    resolveReady.current({
      openMs: now - timing.current.mountAt,
      imageMs: timing.current.imageMs,
      sinceNavigationMs: now,
    });
  }, []);

  const onChange = useCallback(
    (next: Labels, meta: ChangeMeta) => {
      history.record(valueRef.current, next, meta);
      valueRef.current = next;
      setValue(next);
    },
    [history],
  );

  // The host page owns undo: the editor only reports changes.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const combo = comboOf(e);
      const back = combo === 'mod+z' ? history.undo(valueRef.current) : null;
      const forth = combo === 'mod+shift+z' || combo === 'mod+y' ? history.redo(valueRef.current) : null;
      const next = back ?? forth;
      if (!next) return;
      e.preventDefault();
      valueRef.current = next;
      setValue(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [history]);

  return (
    <div
      className="canvas-bench"
      style={{ height: '100vh', padding: 8, display: 'flex', flexDirection: 'column' }}
    >
      <p className="small muted" style={{ margin: '0 0 6px' }}>
        Canvas benchmark: {query.boxes.toLocaleString()} boxes on a generated {query.width}×{query.height}{' '}
        image.
      </p>
      <div style={{ flex: 1, minHeight: 0 }}>
        {src ? (
          <Suspense fallback={<p className="muted">Loading the editor…</p>}>
            {query.readOnly ? (
              <ImageView
                ref={editor}
                src={src}
                width={query.width}
                height={query.height}
                tasks={TASKS}
                value={value}
                onReady={onReady}
              />
            ) : (
              <ImageEditor
                ref={editor}
                src={src}
                width={query.width}
                height={query.height}
                tasks={TASKS}
                value={value}
                onChange={onChange}
                onReady={onReady}
              />
            )}
          </Suspense>
        ) : (
          <p className="muted">Generating the image…</p>
        )}
      </div>
    </div>
  );
}
