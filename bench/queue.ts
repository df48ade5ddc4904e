/**
 * `npm run bench:queue`: the annotation queue on a project of 1,000,000 items, over real HTTP on
 * loopback, with the server in its own process (so the load generator does not steal its CPU).
 *
 *   (a) 50 annotators at human pace (next, a draft save, submit, one item every 2-4 s): p50/p99
 *       per call; target p99 < 10 ms.
 *   (b) saturation: next+submit pairs per second from 16 and 32 connections, against a plain
 *       Express 5 route reading one row from the same database, measured in the same run;
 *       target >= 50% of it. Also against half the rate of `GET /api/auth/me`: two requests
 *       through Gloss's own stack that do no work, the most any pair of calls could reach.
 * After each phase, SQL checks that no item was handed out beyond its overlap.
 *
 * Options (env): BENCH_ITEMS (1000000), BENCH_HUMAN_S (60), BENCH_SAT_S (10), BENCH_OVERLAP (2),
 * BENCH_CHECKPOINT: `server` (default: WAL checkpoints as the server does them, SQLite's automatic
 * one inside the committing request plus the 30 s timer), `off` (no automatic checkpoints, the
 * timer only) or `worker` (no automatic checkpoints; a worker thread with its own connection
 * checkpoints every 500 ms, so no request waits for one). BENCH_NICE (e.g. -10, needs root): the
 * scheduling priority of the server and the load generator during (a).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import express from 'express';
import { hashPassword } from '../server/auth/passwords.ts';
import { configFromEnv, createContext } from '../server/context.ts';
import { QUEUE_SQL } from '../server/db/stores/queue.ts';
import { serve } from '../server/serve.ts';
import { insertItems, queueProject } from '../server/testing/queueFixtures.ts';
import { verifyOverlap } from './lib/checks.ts';
import { Conn, expect, loadAverage, PASSWORD, sleep, Timings } from './lib/http.ts';

const env = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const ITEMS = env('BENCH_ITEMS', 1_000_000);
const HUMAN_S = env('BENCH_HUMAN_S', 60);
const SAT_S = env('BENCH_SAT_S', 10);
const OVERLAP = env('BENCH_OVERLAP', 2);
const CHECKPOINT = process.env.BENCH_CHECKPOINT ?? 'server';
const NICE = env('BENCH_NICE', 0);
const HUMANS = 50;
const CONCURRENCY = [16, 32];
const LABELS = { topic: ['history'], entities: [{ start: 0, end: 4, label: 'PER' }] };

// ---------------------------------------------------------------- the server process

/** The server side: Gloss as `npm start` runs it, plus the plain baseline route, same database. */
async function serverProcess(dataDir: string) {
  const running = await serve(configFromEnv({}, dataDir), 0, '127.0.0.1');
  if (CHECKPOINT !== 'server') running.ctx.db.pragma('wal_autocheckpoint = 0');
  if (CHECKPOINT === 'worker') checkpointWorker(join(dataDir, 'gloss.db'));
  const one = running.ctx.db.prepare('SELECT id, ext_id, data FROM items WHERE id = ?');
  const plain = express();
  plain.get('/one/:id', (req, res) => {
    res.json(one.get(Number(req.params.id)));
  });
  const plainServer = plain.listen(0, '127.0.0.1');
  await new Promise((r) => plainServer.once('listening', r));
  let cpu = process.cpuUsage();
  let wall = performance.now();
  process.on('message', (m: string) => {
    if (m === 'cpu') {
      const used = process.cpuUsage(cpu);
      const share = (used.user + used.system) / 1000 / (performance.now() - wall);
      process.send!({ cpu: share });
    }
    cpu = process.cpuUsage();
    wall = performance.now();
  });
  process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
  // A load generator that died (or was interrupted) takes its server with it.
  process.once('disconnect', () => process.exit(0));
  const port = (s: { address(): unknown }) => (s.address() as { port: number }).port;
  process.send!({ gloss: port(running.server), plain: port(plainServer) });
}

/** Checkpoints the WAL from another thread and connection, off the event loop that serves requests. */
function checkpointWorker(file: string) {
  const code = `
    const { workerData } = require('node:worker_threads');
    const db = new (require(workerData.sqlite))(workerData.file);
    db.pragma('busy_timeout = 5000');
    setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), 500);`;
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  new Worker(code, { eval: true, workerData: { file, sqlite } }).unref();
}

// ---------------------------------------------------------------- the load generator

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-bench-queue-'));
  const dataDir = join(dir, 'data');
  try {
    const { projectId, dbFile } = await build(dataDir);
    const child = fork(import.meta.filename, ['serve', dataDir], {
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
    });
    const ports = await new Promise<{ gloss: number; plain: number }>((r) =>
      child.once('message', r as never),
    );
    const serverCpu = () =>
      new Promise<number>((r) => {
        child.once('message', (m: { cpu: number }) => r(m.cpu));
        child.send('cpu');
      });
    const check = new Database(dbFile, { readonly: true });
    try {
      // On a shared machine, a higher priority for the two (mostly idle) processes of (a) measures
      // Gloss's latency rather than the neighbours' CPU use; (b) compares within one run anyway.
      const renice = (n: number) => {
        setPriority(child.pid!, n);
        setPriority(n);
      };
      if (NICE) renice(NICE);
      await humanPace(ports.gloss, projectId, () => child.send('reset'), serverCpu);
      if (NICE) renice(0);
      verify(check, projectId, 'after (a)');
      console.log(
        `\n(b) saturation, ${SAT_S} s per run; server CPU: the share of one core it used, and its CPU time per unit of work`,
      );
      console.log(
        '\n| connections | plain Express route (1 row) | GET /api/auth/me (Gloss stack) | next+submit pairs | pairs / plain | pairs / (/me ÷ 2) | next p50/p99 | submit p50/p99 |',
      );
      console.log('|---|---|---|---|---|---|---|---|');
      for (const c of CONCURRENCY) {
        const run = async (step: Step, logins: string[] | null) => {
          const conns = await connections(logins ? ports.gloss : ports.plain, c, logins);
          child.send('reset');
          const r = await saturate(conns, step);
          return { ...r, cpu: await serverCpu() };
        };
        const fast = Array.from({ length: c }, (_, i) => `fast${i}`);
        const plain = await run((conn) => plainRead(conn), null);
        const me = await run((conn) => meRead(conn), fast);
        const pairs = await run((conn, t) => nextSubmit(conn, projectId, t), fast);
        const rate = (r: { perSecond: number; cpu: number }, unit: string) =>
          `${r.perSecond.toFixed(0)} ${unit}/s (CPU ${(r.cpu * 100).toFixed(0)}%, ${((r.cpu * 1e6) / r.perSecond).toFixed(0)} µs per ${unit === 'req' ? 'request' : 'pair'})`;
        const pct = (t: Timings) => `${t.pct(50).toFixed(2)} / ${t.pct(99).toFixed(2)} ms`;
        console.log(
          `| ${c} | ${rate(plain, 'req')} | ${rate(me, 'req')} | ${rate(pairs, 'pairs')} | ` +
            `**${((pairs.perSecond / plain.perSecond) * 100).toFixed(0)}%** | ${((pairs.perSecond / (me.perSecond / 2)) * 100).toFixed(0)}% | ${pct(pairs.timings.next)} | ${pct(pairs.timings.submit)} |`,
        );
      }
      verify(check, projectId, 'after (b)');
      console.log(`load average ${loadAverage()}`);
    } finally {
      check.close();
      child.kill();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh data dir with the users and a project of ITEMS text items, filled by batched INSERTs. */
async function build(dataDir: string) {
  const ctx = createContext(configFromEnv({}, dataDir));
  const hash = await hashPassword(PASSWORD);
  // An admin exists, so the server's first-start bootstrap stays quiet.
  ctx.users.create({ username: 'admin', passwordHash: hash, role: 'admin' });
  const project = queueProject(ctx, { name: 'bench', overlap: OVERLAP });
  const names = [
    ...Array.from({ length: HUMANS }, (_, i) => `human${i}`),
    ...Array.from({ length: Math.max(...CONCURRENCY) }, (_, i) => `fast${i}`),
  ];
  for (const username of names) {
    const id = ctx.users.create({ username, passwordHash: hash, role: 'member' }).id;
    ctx.projects.setMember(project.id, id, 'annotator');
  }
  const t0 = performance.now();
  const filler = ' The committee met on Tuesday to discuss the budget and the new library wing.';
  insertItems(ctx.db, project.id, ITEMS, (n) => ({
    text: `Item ${n}.${filler}${filler}`,
    priority: n % 97 === 0 ? 1 : 0,
  }));
  const s = (performance.now() - t0) / 1000;
  console.log(
    `built ${ITEMS.toLocaleString('en')} items in ${s.toFixed(1)} s (${(ITEMS / s).toFixed(0)} items/s)`,
  );
  const plan = ctx.db.prepare(`EXPLAIN QUERY PLAN ${QUEUE_SQL.front}`).all(1, project.id, OVERLAP) as {
    detail: string;
  }[];
  console.log(`next-item plan: ${plan.map((p) => p.detail).join(' / ')}`);
  console.log(`WAL checkpoints: ${CHECKPOINT}; load average ${loadAverage()}`);
  ctx.db.pragma('wal_checkpoint(TRUNCATE)');
  ctx.db.close();
  return { projectId: project.id, dbFile: join(dataDir, 'gloss.db') };
}

/** Phase (a); `reset` and `serverCpu` bracket the timed part for the server's CPU share. */
async function humanPace(
  port: number,
  projectId: number,
  reset: () => void,
  serverCpu: () => Promise<number>,
) {
  const calls = { next: new Timings(), draft: new Timings(), submit: new Timings() };
  const conns: Conn[] = [];
  for (let i = 0; i < HUMANS; i++) {
    conns.push(new Conn(port));
    await conns[i]!.login(`human${i}`);
  }
  reset();
  const started = performance.now();
  const deadline = started + HUMAN_S * 1000;
  let items = 0;
  const annotator = async (c: Conn) => {
    await sleep(Math.random() * 3000);
    while (performance.now() < deadline) {
      const cycle = 2000 + Math.random() * 2000;
      const start = performance.now();
      const r = await calls.next.time(() => c.request('GET', `/api/projects/${projectId}/next`));
      if (r.status === 204) break;
      const { id } = JSON.parse(expect(r, 200, 'next').body) as { id: number };
      await sleep(cycle * 0.4);
      const draft = await calls.draft.time(() =>
        c.request('PUT', `/api/items/${id}/draft`, { labels: LABELS }),
      );
      expect(draft, 204, 'draft');
      await sleep(cycle * 0.4);
      const lead = (performance.now() - start) / 1000;
      const sub = await calls.submit.time(() =>
        c.request('POST', `/api/items/${id}/annotations`, { labels: LABELS, lead_time_s: lead }),
      );
      expect(sub, 201, 'submit');
      items++;
      await sleep(Math.max(0, cycle - (performance.now() - start)));
    }
    c.close();
  };
  await Promise.all(conns.map(annotator));
  console.log(
    `\n(a) ${HUMANS} annotators at human pace for ${HUMAN_S} s${NICE ? ` (nice ${NICE})` : ''}: ${items} items submitted`,
  );
  for (const [name, t] of Object.entries(calls)) console.log(`  ${name.padEnd(6)} ${t.summary()}`);
  const cpuMs = (await serverCpu()) * (performance.now() - started);
  const n = Object.values(calls).reduce((sum, t) => sum + t.ms.length, 0);
  console.log(`  server CPU time per call, on average: ${((cpuMs * 1000) / n).toFixed(0)} µs`);
}

/** One unit of work on a connection, timing its calls into `t`. */
type Step = (conn: Conn, t: { next: Timings; submit: Timings }) => Promise<void>;

async function connections(port: number, n: number, logins: string[] | null) {
  const conns = Array.from({ length: n }, () => new Conn(port));
  if (logins) await Promise.all(conns.map((c, i) => c.login(logins[i]!)));
  return conns;
}

/** Runs `step` in a loop on every connection for SAT_S seconds; completed steps per second. */
async function saturate(conns: Conn[], step: Step) {
  const timings = { next: new Timings(), submit: new Timings() };
  let done = 0;
  const deadline = performance.now() + SAT_S * 1000;
  await Promise.all(
    conns.map(async (c) => {
      while (performance.now() < deadline) {
        await step(c, timings);
        done++;
      }
      c.close();
    }),
  );
  return { perSecond: done / SAT_S, timings };
}

const plainRead = async (c: Conn) => {
  expect(await c.request('GET', `/one/${1 + Math.floor(Math.random() * ITEMS)}`), 200, 'plain');
};
const meRead = async (c: Conn) => {
  expect(await c.request('GET', '/api/auth/me'), 200, 'me');
};
async function nextSubmit(c: Conn, projectId: number, t: { next: Timings; submit: Timings }) {
  const r = await t.next.time(() => c.request('GET', `/api/projects/${projectId}/next`));
  const { id } = JSON.parse(expect(r, 200, 'next').body) as { id: number };
  const s = await t.submit.time(() =>
    c.request('POST', `/api/items/${id}/annotations`, { labels: LABELS, lead_time_s: 1 }),
  );
  expect(s, 201, 'submit');
}

function verify(db: Database.Database, projectId: number, when: string) {
  if (!verifyOverlap(db, projectId, OVERLAP, when)) process.exitCode = 1;
}

if (process.argv[2] === 'serve') await serverProcess(process.argv[3]!);
else await main();
