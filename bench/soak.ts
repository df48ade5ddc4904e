/**
 * `npm run bench:soak`: 50 annotators and 5 reviewers work a project of 1,000,000 items for
 * 10 minutes, over real HTTP on loopback, with the server in its own process. The project has
 * overlap 1 and one review tier that sees every item; reviewers reject about 10% with a comment,
 * and the annotators take those items back (`WorkItem.rejection`) and resubmit them.
 *
 * Every acknowledged submit (201) and review decision is recorded; at the end, SQL on the
 * database checks: no 5xx, every acknowledged submit present with its labels, no item beyond its
 * overlap, the review decisions all stored, `PRAGMA integrity_check`; plus the WAL size and
 * p50/p99/max per call type. Exit code 1 when a check fails.
 *
 * Options (env): BENCH_SOAK_S (600), BENCH_ITEMS (1000000).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hashPassword } from '../server/auth/passwords.ts';
import { configFromEnv, createContext } from '../server/context.ts';
import { serve } from '../server/serve.ts';
import { insertItems, queueProject } from '../server/testing/queueFixtures.ts';
import type { WorkItem } from '../shared/annotate.ts';
import type { Labels } from '../shared/labels.ts';
import type { ReviewWork } from '../shared/review/api.ts';
import type { ReviewDecisionKind } from '../shared/review/decision.ts';
import { verifyOverlap } from './lib/checks.ts';
import { Conn, loadAverage, PASSWORD, type Reply, sleep, Timings } from './lib/http.ts';

const env = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const SOAK_S = env('BENCH_SOAK_S', 600);
const ITEMS = env('BENCH_ITEMS', 1_000_000);
const ANNOTATORS = 50;
const REVIEWERS = 5;
const TIER = 'Review';
const SKIP_RATE = 0.03;
const REJECT_RATE = 0.1;
/** An idle worker (empty queue) asks again after this long, so no loop spins. */
const IDLE_MS = 1000;

const CALLS = ['next', 'draft', 'submit', 'resubmit', 'skip', 'review_next', 'review'] as const;
type Call = (typeof CALLS)[number];

/** What the load generator saw: latencies, status codes, and every acknowledged write. */
const seen = {
  timings: Object.fromEntries(CALLS.map((c) => [c, new Timings()])) as Record<Call, Timings>,
  statuses: new Map<string, number>(),
  /** Annotation id -> the labels and version of its latest acknowledged submit. */
  acked: new Map<number, { labels: Labels; version: number }>(),
  submits: 0,
  resubmits: 0,
  skips: 0,
  rejectionsSeen: 0,
  decisions: { approve: 0, reject: 0 } as Record<Extract<ReviewDecisionKind, 'approve' | 'reject'>, number>,
  /** Replies that were not the expected status, by call and status (none is expected). */
  unexpected: new Map<string, number>(),
  walMax: 0,
};

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/** One timed call; counts its status, and any status other than `ok` as unexpected. */
async function call(c: Conn, kind: Call, ok: number[], method: string, path: string, body?: unknown) {
  const r: Reply = await seen.timings[kind].time(() => c.request(method, path, body));
  bump(seen.statuses, String(r.status));
  if (!ok.includes(r.status)) {
    bump(seen.unexpected, `${kind} ${r.status}`);
    if (seen.unexpected.get(`${kind} ${r.status}`) === 1) console.log(`  ${kind} ${r.status}: ${r.body}`);
  }
  return r;
}

// ---------------------------------------------------------------- the server process

async function serverProcess(dataDir: string) {
  const running = await serve(configFromEnv({}, dataDir), 0, '127.0.0.1');
  process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
  // A load generator that died (or was interrupted) takes its server with it.
  process.once('disconnect', () => process.exit(0));
  process.send!({ port: (running.server.address() as { port: number }).port });
}

// ---------------------------------------------------------------- the load generator

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-bench-soak-'));
  const dataDir = join(dir, 'data');
  try {
    const { projectId, dbFile } = await build(dataDir);
    const child = fork(import.meta.filename, ['serve', dataDir], {
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
    });
    const exited = new Promise((r) => child.once('exit', r));
    const { port } = await new Promise<{ port: number }>((r) => child.once('message', r as never));
    const annotators = await logins(port, 'ann', ANNOTATORS);
    const reviewers = await logins(port, 'rev', REVIEWERS);
    const wal = `${dbFile}-wal`;
    const walSize = () => {
      try {
        return statSync(wal).size;
      } catch {
        return 0;
      }
    };
    const sampler = setInterval(() => {
      seen.walMax = Math.max(seen.walMax, walSize());
    }, 1000);
    console.log(
      `\nsoak: ${ANNOTATORS} annotators, ${REVIEWERS} reviewers, ${SOAK_S} s; load average ${loadAverage()}`,
    );
    const started = performance.now();
    const deadline = started + SOAK_S * 1000;
    const progress = setInterval(() => {
      const s = ((performance.now() - started) / 1000).toFixed(0);
      console.log(
        `  ${s} s: ${seen.submits} submits, ${seen.resubmits} resubmits, ${seen.decisions.approve + seen.decisions.reject} reviews, WAL ${mb(walSize())}, load ${loadAverage()}`,
      );
    }, 60_000);
    await Promise.all([
      ...annotators.map((c, i) => annotator(c, i, projectId, deadline)),
      ...reviewers.map((c) => reviewer(c, projectId, deadline)),
    ]);
    const elapsed = (performance.now() - started) / 1000;
    clearInterval(progress);
    clearInterval(sampler);
    const walAtEnd = walSize();
    seen.walMax = Math.max(seen.walMax, walAtEnd);
    for (const c of [...annotators, ...reviewers]) c.close();
    const loadAtEnd = loadAverage();
    child.kill('SIGTERM');
    await exited;
    report(elapsed, walAtEnd, loadAtEnd);
    const db = new Database(dbFile, { readonly: true });
    try {
      if (!check(db, projectId)) process.exitCode = 1;
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh data dir: admin, annotators, reviewers, and a project of ITEMS text items with one review tier. */
async function build(dataDir: string) {
  const ctx = createContext(configFromEnv({}, dataDir));
  const hash = await hashPassword(PASSWORD);
  // An admin exists, so the server's first-start bootstrap stays quiet.
  ctx.users.create({ username: 'admin', passwordHash: hash, role: 'admin' });
  const project = queueProject(ctx, { name: 'soak', overlap: 1 });
  ctx.projects.update(project.id, {
    settings: { ...project.settings, tiers: [{ name: TIER, role: 'reviewer', policy: { kind: 'all' } }] },
  });
  const member = (username: string, role: 'annotator' | 'reviewer') => {
    const id = ctx.users.create({ username, passwordHash: hash, role: 'member' }).id;
    ctx.projects.setMember(project.id, id, role);
  };
  for (let i = 0; i < ANNOTATORS; i++) member(`ann${i}`, 'annotator');
  for (let i = 0; i < REVIEWERS; i++) member(`rev${i}`, 'reviewer');
  const t0 = performance.now();
  const filler = ' The committee met on Tuesday to discuss the budget and the new library wing.';
  insertItems(ctx.db, project.id, ITEMS, (n) => ({ text: `Item ${n}.${filler}${filler}` }));
  console.log(
    `built ${ITEMS.toLocaleString('en')} items in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  ctx.db.pragma('wal_checkpoint(TRUNCATE)');
  ctx.db.close();
  return { projectId: project.id, dbFile: join(dataDir, 'gloss.db') };
}

async function logins(port: number, prefix: string, n: number) {
  const conns: Conn[] = [];
  for (let i = 0; i < n; i++) {
    const c = new Conn(port);
    await c.login(`${prefix}${i}`);
    conns.push(c);
  }
  return conns;
}

/** Labels that differ per submit, so a lost or stale write cannot pass for the acknowledged one. */
function labelsFor(who: number, n: number): Labels {
  return {
    entities: [{ start: 0, end: 1 + (n % 4), label: n % 2 ? 'PER' : 'ORG' }],
    topic: [n % 3 ? 'history' : 'science'],
    note: `ann${who} #${n}`,
  };
}

/** next, a draft save, submit (or, now and then, skip), one item every 2-4 s; rejected items come back first. */
async function annotator(c: Conn, who: number, projectId: number, deadline: number) {
  await sleep(Math.random() * 3000);
  let n = 0;
  while (performance.now() < deadline) {
    const cycle = 2000 + Math.random() * 2000;
    const start = performance.now();
    const r = await call(c, 'next', [200, 204], 'GET', `/api/projects/${projectId}/next`);
    if (r.status !== 200) {
      await sleep(IDLE_MS);
      continue;
    }
    const work = JSON.parse(r.body) as WorkItem;
    const redo = work.rejection !== null;
    if (redo) seen.rejectionsSeen++;
    const labels = labelsFor(who, n++);
    await sleep(cycle * 0.4);
    await call(c, 'draft', [204], 'PUT', `/api/items/${work.id}/draft`, { labels });
    await sleep(cycle * 0.4);
    if (!redo && Math.random() < SKIP_RATE) {
      const s = await call(c, 'skip', [204], 'POST', `/api/items/${work.id}/skip`, { reason: 'unclear' });
      if (s.status === 204) seen.skips++;
    } else {
      const lead = (performance.now() - start) / 1000;
      const version = work.annotation?.version;
      const s = await call(
        c,
        redo ? 'resubmit' : 'submit',
        [201],
        'POST',
        `/api/items/${work.id}/annotations`,
        {
          labels,
          lead_time_s: lead,
          ...(version === undefined ? {} : { version }),
        },
      );
      if (s.status === 201) {
        const ack = JSON.parse(s.body) as { annotationId: number; version: number };
        seen.acked.set(ack.annotationId, { labels, version: ack.version });
        if (redo) seen.resubmits++;
        else seen.submits++;
      }
    }
    await sleep(Math.max(0, cycle - (performance.now() - start)));
  }
}

/** The next item at the tier, a look at it for 1-2 s, then approve (or, ~10%, reject with a comment). */
async function reviewer(c: Conn, projectId: number, deadline: number) {
  await sleep(Math.random() * 2000);
  while (performance.now() < deadline) {
    const r = await call(
      c,
      'review_next',
      [200, 204],
      'GET',
      `/api/projects/${projectId}/review/next?tier=${TIER}`,
    );
    if (r.status !== 200) {
      await sleep(IDLE_MS);
      continue;
    }
    const work = JSON.parse(r.body) as ReviewWork;
    await sleep(1000 + Math.random() * 1000);
    const reject = Math.random() < REJECT_RATE;
    const body = reject
      ? { decision: 'reject', comment: 'the span misses the name' }
      : { decision: 'approve' };
    const annotation = work.annotations[0]!;
    const d = await call(c, 'review', [201], 'POST', `/api/annotations/${annotation.id}/reviews`, body);
    if (d.status === 201) seen.decisions[reject ? 'reject' : 'approve']++;
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function report(elapsed: number, walAtEnd: number, load: string) {
  const requests = [...seen.statuses.values()].reduce((a, b) => a + b, 0);
  const reviews = seen.decisions.approve + seen.decisions.reject;
  console.log(`\nran ${elapsed.toFixed(0)} s; load average at the end ${load}`);
  console.log('\n| call | n | p50 | p99 | max |');
  console.log('|---|---|---|---|---|');
  for (const kind of CALLS) {
    const t = seen.timings[kind];
    const ms = (p: number) => `${t.pct(p).toFixed(1)} ms`;
    console.log(`| ${kind} | ${t.ms.length} | ${ms(50)} | ${ms(99)} | ${ms(100)} |`);
  }
  console.log(
    `\nthroughput: ${(requests / elapsed).toFixed(1)} requests/s; ${(seen.submits / elapsed).toFixed(2)} submits/s, ` +
      `${(reviews / elapsed).toFixed(2)} reviews/s; ${seen.submits} submits, ${seen.resubmits} resubmits ` +
      `(${seen.rejectionsSeen} rejected items came back), ${seen.skips} skips, ${seen.decisions.approve} approved, ${seen.decisions.reject} rejected`,
  );
  console.log(`statuses: ${[...seen.statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}`);
  console.log(
    `unexpected statuses: ${seen.unexpected.size ? [...seen.unexpected].map(([k, n]) => `${k}: ${n}`).join(', ') : 'none'}`,
  );
  console.log(`WAL: ${mb(walAtEnd)} at the end of the load, ${mb(seen.walMax)} at most`);
}

/** The end-of-run SQL checks; true when all pass. */
function check(db: Database.Database, projectId: number) {
  const fivexx = [...seen.statuses].filter(([s]) => s.startsWith('5')).reduce((a, [, n]) => a + n, 0);
  const get = db.prepare('SELECT labels, version FROM annotations WHERE id = ?');
  let lost = 0;
  for (const [id, ack] of seen.acked) {
    const row = get.get(id) as { labels: string; version: number } | undefined;
    if (!row || row.version !== ack.version || canonical(JSON.parse(row.labels)) !== canonical(ack.labels))
      lost++;
  }
  const stored = Object.fromEntries(
    (
      db
        .prepare('SELECT decision, COUNT(*) AS n FROM reviews WHERE project_id = ? GROUP BY decision')
        .all(projectId) as { decision: string; n: number }[]
    ).map((r) => [r.decision, r.n]),
  );
  const decisionsOk =
    (stored.approve ?? 0) === seen.decisions.approve && (stored.reject ?? 0) === seen.decisions.reject;
  const overlapOk = verifyOverlap(db, projectId, 1, 'at the end');
  const integrity = db.pragma('integrity_check', { simple: true });
  console.log(`5xx replies: ${fivexx}`);
  console.log(`acknowledged annotations: ${seen.acked.size}; lost or not as acknowledged: ${lost}`);
  console.log(
    `review decisions acknowledged ${seen.decisions.approve} approve / ${seen.decisions.reject} reject, stored ${stored.approve ?? 0} / ${stored.reject ?? 0}: ${decisionsOk ? 'OK' : 'FAILED'}`,
  );
  console.log(`integrity_check: ${integrity}`);
  const ok = fivexx === 0 && lost === 0 && decisionsOk && overlapOk && integrity === 'ok';
  console.log(`\nsoak ${ok ? 'OK' : 'FAILED'}`);
  return ok;
}

/** JSON with object keys sorted, so stored labels compare with sent ones whatever the key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

if (process.argv[2] === 'serve') await serverProcess(process.argv[3]!);
else await main();
