/**
 * Image canvas benchmark (not a test): `npm run bench:canvas`.
 *
 * Builds the UI if dist/ is missing, starts a real Gloss server (`node --import tsx
 * server/main.ts`) on a free port with a throw-away data dir, and opens the canvas bench page
 * (`/bench/canvas?boxes=N`: the image editor over a generated 4000x3000 PNG with N random boxes)
 * in headless Chromium (Debian's /usr/bin/chromium or CHROMIUM_PATH, the flags of
 * e2e/chromium.ts that the e2e suite uses). For 0 boxes and for 5,000 it measures:
 *   open   from mounting the editor (its code not yet loaded) to the first full draw of image
 *          and shapes;
 *   frames requestAnimationFrame deltas while the page pans (at fit, then at 1:1) and zooms in
 *          and out one step per frame, through the editor's own viewport code;
 *   redraw one redraw from scratch (shape bitmap rebuilt, pixels rasterised): what a frame
 *          costs when the content changes, e.g. selecting another shape.
 * Targets: p95 frame time with 5,000 boxes within 2x of the empty image; open under 1 s.
 *
 * Options: --boxes N (default 5000), --runs N (page loads per case, default 3),
 * --url BASE (use a running server instead of starting one).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Browser, chromium, type Page } from '@playwright/test';
// The page's hooks, typed (this also declares window.__bench).
import type {} from '../client/pages/canvas-bench/CanvasBenchPage.tsx';
import { chromiumArgs, chromiumPath } from '../e2e/chromium.ts';

const ROOT = join(import.meta.dirname, '..');
const TARGET_RATIO = 2;
const TARGET_OPEN_MS = 1000;
const PASSWORD = 'bench-canvas-password';

const { values: opts } = parseArgs({
  options: {
    boxes: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '3' },
    url: { type: 'string' },
  },
});
const BOXES = Number(opts.boxes);
const RUNS = Number(opts.runs);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not answer /api/health within 60 s');
}

async function startServer(): Promise<{ base: string; stop(): Promise<void> }> {
  if (!existsSync(join(ROOT, 'dist', 'client', 'index.html'))) {
    console.log('dist/client is missing: building the UI first (vite build)…');
    const built = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    if (built.status !== 0) throw new Error('vite build failed');
  }
  const dir = mkdtempSync(join(tmpdir(), 'gloss-bench-canvas-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      GLOSS_DATA: join(dir, 'data'),
      GLOSS_ADMIN_PASSWORD: PASSWORD,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, child);
  return {
    base,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Frames {
  p50: number;
  p95: number;
  max: number;
  n: number;
}
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const median = (xs: number[]) => percentile(xs, 0.5);
const summary = (xs: number[]): Frames => ({
  p50: percentile(xs, 0.5),
  p95: percentile(xs, 0.95),
  max: Math.max(...xs),
  n: xs.length,
});

/** One page load: open time, frame deltas per phase and the redraw cost. */
async function measure(page: Page, base: string, boxes: number) {
  await page.goto(`${base}/bench/canvas?boxes=${boxes}`);
  const found = await page
    .waitForFunction(() => window.__bench !== undefined, null, { timeout: 15_000 })
    .then(() => true)
    .catch(() => false);
  if (!found) {
    throw new Error(
      'no window.__bench at /bench/canvas: the client router must route /bench/canvas to client/pages/canvas-bench/CanvasBenchPage.tsx',
    );
  }
  const ready = await page.evaluate(() => window.__bench!.ready);
  // Let the image pyramid build (it starts when the browser is first idle after the first draw),
  // as it would long before anyone pans.
  await page.waitForTimeout(1500);

  // No named functions inside evaluate: tsx would wrap them in a helper the page does not have.
  const phases = await page.evaluate(async () => {
    const b = window.__bench!;
    b.fit();
    await b.settle();
    const panFit = await b.pan(160, 7, 4);
    b.fit();
    await b.settle();
    const zoom = await b.zoom(160, 1.05);
    b.fit();
    b.actualSize();
    await b.settle();
    const pan1to1 = await b.pan(160, 9, 5);
    b.fit();
    await b.settle();
    return { panFit, zoom, pan1to1, redrawMs: b.drawMs(10) };
  });
  return { open: ready.openMs, ...phases };
}

type Measured = Awaited<ReturnType<typeof measure>>;

async function loadOnce(browser: Browser, base: string, boxes: number): Promise<Measured> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  try {
    // Log in first, in case the route sits behind the session like the rest of the app.
    await context.request.post(`${base}/api/auth/login`, { data: { username: 'admin', password: PASSWORD } });
    return await measure(await context.newPage(), base, boxes);
  } finally {
    await context.close();
  }
}

function summarise(boxes: number, runs: Measured[]) {
  // The first frames of a phase still settle the previous one: keep the steady state.
  const steady = (key: 'panFit' | 'zoom' | 'pan1to1') => runs.flatMap((m) => m[key].slice(5));
  const panFit = steady('panFit');
  const zoom = steady('zoom');
  const pan1to1 = steady('pan1to1');
  const opens = runs.map((m) => m.open);
  return {
    boxes,
    open: median(opens),
    openWorst: Math.max(...opens),
    redraw: median(runs.map((m) => m.redrawMs)),
    panFit: summary(panFit),
    zoom: summary(zoom),
    pan1to1: summary(pan1to1),
    all: summary([...panFit, ...zoom, ...pan1to1]),
  };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

async function main() {
  const server = opts.url ? { base: opts.url.replace(/\/$/, ''), stop: async () => {} } : await startServer();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    // Interleaved, so that a busy moment of the machine hits both cases alike.
    const emptyRuns: Measured[] = [];
    const fullRuns: Measured[] = [];
    for (let r = 0; r < RUNS; r++) {
      emptyRuns.push(await loadOnce(browser, server.base, 0));
      fullRuns.push(await loadOnce(browser, server.base, BOXES));
    }
    const empty = summarise(0, emptyRuns);
    const full = summarise(BOXES, fullRuns);
    console.log(`\nCanvas benchmark: ${RUNS} page loads per case, 1280x800 viewport, 4000x3000 image\n`);
    console.log('| | 0 boxes | %s boxes |', BOXES.toLocaleString('en'));
    console.log('|---|---|---|');
    for (const [name, key] of [
      ['pan at fit', 'panFit'],
      ['zoom in/out', 'zoom'],
      ['pan at 1:1', 'pan1to1'],
      ['all frames', 'all'],
    ] as const) {
      const a = empty[key];
      const b = full[key];
      console.log(
        `| ${name}: p50 / p95 / max | ${ms(a.p50)} / ${ms(a.p95)} / ${ms(a.max)} | ${ms(b.p50)} / ${ms(b.p95)} / ${ms(b.max)} |`,
      );
    }
    console.log(
      `| open (median, worst) | ${ms(empty.open)}, ${ms(empty.openWorst)} | ${ms(full.open)}, ${ms(full.openWorst)} |`,
    );
    console.log(`| redraw from scratch (median) | ${ms(empty.redraw)} | ${ms(full.redraw)} |`);
    const ratio = full.all.p95 / empty.all.p95;
    const okRatio = ratio <= TARGET_RATIO;
    const okOpen = full.open < TARGET_OPEN_MS;
    console.log(
      `\np95 frame ratio ${BOXES} boxes / empty: ${ratio.toFixed(2)} (target <= ${TARGET_RATIO}) ${okRatio ? 'OK' : 'MISSED'}`,
    );
    console.log(
      `open with ${BOXES} boxes: ${ms(full.open)} (target < ${TARGET_OPEN_MS} ms) ${okOpen ? 'OK' : 'MISSED'}`,
    );
    if (!okRatio || !okOpen) process.exitCode = 1;
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
