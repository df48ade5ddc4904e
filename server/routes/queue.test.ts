import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntrySchema, WorkItem } from '../../shared/annotate.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { type Client, startTestServer, type TestServer } from '../testing/harness.ts';
import { insertItems, queueProject } from '../testing/queueFixtures.ts';

type History = import('zod').infer<typeof HistoryEntrySchema>[];

let t: TestServer;
const clients: Record<string, Client> = {};
const USERS = ['ann', 'bob', 'cid', 'dee', 'eve', 'fay'];

beforeAll(async () => {
  t = await startTestServer();
  for (const u of [...USERS, 'outsider', 'rev']) await t.addUser(u);
  for (const u of [...USERS, 'outsider', 'rev']) clients[u] = await t.as(u);
});
afterAll(() => t.close());

/** A project whose annotators are `members` (all of USERS by default). */
function project(opts: { overlap?: number; leaseMinutes?: number; members?: string[] } = {}) {
  const p = queueProject(t.ctx, { ...opts, name: `p${Math.random()}` });
  for (const u of opts.members ?? USERS) t.addMember(p.id, u, 'annotator');
  return p;
}

const next = async (user: string, p: ProjectRecord, query = '') => {
  const res = await clients[user]!.get(`/api/projects/${p.id}/next${query}`);
  expect([200, 204]).toContain(res.status);
  return res.status === 204 ? null : (res.json as unknown as WorkItem);
};
const submit = (user: string, itemId: number) =>
  clients[user]!.post(`/api/items/${itemId}/annotations`, { labels: { topic: ['history'] }, lead_time_s: 3 });
const leases = (p: ProjectRecord) =>
  t.ctx.db
    .prepare("SELECT item_id, user_id FROM assignments WHERE project_id = ? AND state = 'leased'")
    .all(p.id) as { item_id: number; user_id: number }[];
const assignedOf = (id: number) =>
  t.ctx.db.prepare('SELECT assigned FROM items WHERE id = ?').pluck().get(id) as number;

describe('queue order', () => {
  it('serves items closest to their overlap first, then by priority, then in import order', async () => {
    const p = project({ overlap: 2 });
    const [i1, i2, , i4] = insertItems(t.ctx.db, p.id, [
      { text: 'one' },
      { text: 'two' },
      { text: 'three' },
      { text: 'four', priority: 5 },
    ]) as [number, number, number, number];
    expect((await next('ann', p))!.id).toBe(i4);
    expect((await next('bob', p))!.id).toBe(i4);
    expect((await next('cid', p))!.id).toBe(i1);
    // ann holds i4; asking for another gives i1, now one short of its overlap.
    expect((await next('ann', p, `?exclude=${i4}`))!.id).toBe(i1);
    expect((await next('dee', p))!.id).toBe(i2);
    expect(assignedOf(i4)).toBe(2);
    expect(assignedOf(i1)).toBe(2);
  });

  it('hands each item to at most `overlap` annotators and never twice to one (3 annotators, overlap 2)', async () => {
    const p = project({ overlap: 2 });
    const ids = insertItems(t.ctx.db, p.id, 12);
    const users = ['ann', 'bob', 'cid'];
    const seen = new Map<string, Set<number>>(users.map((u) => [u, new Set()]));
    const active = new Set(users);
    while (active.size) {
      for (const u of [...active]) {
        const item = await next(u, p);
        if (!item) {
          active.delete(u);
          continue;
        }
        expect(seen.get(u)!.has(item.id)).toBe(false);
        seen.get(u)!.add(item.id);
        const holders = t.ctx.db
          .prepare("SELECT COUNT(*) FROM assignments WHERE item_id = ? AND state IN ('leased', 'submitted')")
          .pluck()
          .get(item.id) as number;
        expect(holders).toBeLessThanOrEqual(2);
        expect((await submit(u, item.id)).status).toBe(201);
      }
    }
    for (const id of ids) {
      const users = t.ctx.db.prepare('SELECT user_id FROM annotations WHERE item_id = ?').pluck().all(id);
      expect(new Set(users).size).toBe(2);
      // No review tiers: all annotations in, the item is accepted with the labels both gave.
      expect(t.ctx.db.prepare('SELECT status, final_labels FROM items WHERE id = ?').get(id)).toEqual({
        status: 'accepted',
        final_labels: JSON.stringify({ topic: ['history'] }),
      });
    }
    expect([...seen.values()].reduce((n, s) => n + s.size, 0)).toBe(24);
  });

  it('answers 204 when nothing is left for me, and 403 to a member who may not annotate', async () => {
    const p = project();
    t.addMember(p.id, 'rev', 'reviewer');
    expect(await next('ann', p)).toBeNull();
    expect((await clients.rev!.get(`/api/projects/${p.id}/next`)).status).toBe(403);
    expect((await clients.outsider!.get(`/api/projects/${p.id}/next`)).status).toBe(404);
  });
});

describe('leases and prefetch', () => {
  it('returns my held lease again, prefetches the one after it, and never holds more than two', async () => {
    const p = project();
    const [a, b, c] = insertItems(t.ctx.db, p.id, 4) as [number, number, number];
    expect((await next('ann', p))!.id).toBe(a);
    expect((await next('ann', p))!.id).toBe(a);
    expect((await next('ann', p, '?prefetch=1'))!.id).toBe(b);
    expect((await next('ann', p, '?prefetch=1'))!.id).toBe(b);
    expect((await next('ann', p, `?exclude=${a}`))!.id).toBe(b);
    expect((await next('ann', p, `?exclude=${b}`))!.id).toBe(a);
    expect(leases(p)).toHaveLength(2);
    // Submitting the current item frees a lease; the prefetched one becomes current.
    expect((await submit('ann', a)).status).toBe(201);
    expect((await next('ann', p))!.id).toBe(b);
    expect((await next('ann', p, `?exclude=${b}`))!.id).toBe(c);
    expect(leases(p)).toHaveLength(2);
    expect((await clients.ann!.get(`/api/projects/${p.id}/next?prefetch=1&exclude=${b}`)).status).toBe(400);
  });

  it('prefetch with nothing held leases the current item too, so parallel calls agree', async () => {
    const p = project();
    const [a, b] = insertItems(t.ctx.db, p.id, 3) as [number, number];
    const [pre, cur] = await Promise.all([next('ann', p, '?prefetch=1'), next('ann', p)]);
    expect(new Set([pre!.id, cur!.id])).toEqual(new Set([a, b]));
    expect((await next('ann', p))!.id).toBe(a);
    expect((await next('ann', p, '?prefetch=1'))!.id).toBe(b);
  });

  it('returns an expired lease to the pool, and to its holder with the draft kept', async () => {
    const p = project({ leaseMinutes: 1 });
    const [a] = insertItems(t.ctx.db, p.id, 1) as [number];
    const got = await next('ann', p);
    expect(got!.id).toBe(a);
    expect(Date.parse(got!.leaseUntil!) - Date.now()).toBeGreaterThan(50_000);
    const draft = { labels: { note: 'half done' } };
    expect((await clients.ann!.put(`/api/items/${a}/draft`, draft)).status).toBe(204);
    expect(await next('bob', p)).toBeNull();

    const expire = () =>
      t.ctx.db.prepare('UPDATE assignments SET lease_until = ? WHERE item_id = ?').run(Date.now() - 1, a);
    expire();
    const again = await next('ann', p);
    expect(again!.id).toBe(a);
    expect(again!.draft!.labels).toEqual({ note: 'half done' });

    expire();
    expect((await next('bob', p))!.id).toBe(a);
    expect(assignedOf(a)).toBe(1);
    expect(
      t.ctx.db
        .prepare('SELECT state FROM assignments WHERE item_id = ? AND user_id = ?')
        .pluck()
        .get(a, t.ctx.users.byName('ann')!.id),
    ).toBe('expired');
    // ann's late submit finds the slot taken.
    const late = await submit('ann', a);
    expect(late.status).toBe(409);
    expect(late.json).toMatchObject({ error: { id: 'lease_lost' } });
    expect((await submit('bob', a)).status).toBe(201);
  });

  it('a draft extends my lease', async () => {
    const p = project({ leaseMinutes: 5 });
    const [a] = insertItems(t.ctx.db, p.id, 1) as [number];
    await next('ann', p);
    t.ctx.db.prepare('UPDATE assignments SET lease_until = ? WHERE item_id = ?').run(Date.now() + 1000, a);
    expect((await clients.ann!.put(`/api/items/${a}/draft`, { labels: {} })).status).toBe(204);
    const until = t.ctx.db
      .prepare('SELECT lease_until FROM assignments WHERE item_id = ?')
      .pluck()
      .get(a) as number;
    expect(until - Date.now()).toBeGreaterThan(4 * 60_000);
  });
});

describe('skip and history', () => {
  it('skip frees the slot for others and never hands me the item again', async () => {
    const p = project();
    const [a, b] = insertItems(t.ctx.db, p.id, 2) as [number, number];
    expect((await next('ann', p))!.id).toBe(a);
    expect((await clients.ann!.post(`/api/items/${a}/skip`, { reason: 'not English' })).status).toBe(204);
    expect(assignedOf(a)).toBe(0);
    expect((await next('ann', p))!.id).toBe(b);
    expect((await submit('ann', b)).status).toBe(201);
    expect(await next('ann', p)).toBeNull();
    expect((await next('bob', p))!.id).toBe(a);
    expect(
      t.ctx.db
        .prepare("SELECT skip_reason FROM assignments WHERE item_id = ? AND state = 'skipped'")
        .pluck()
        .get(a),
    ).toBe('not English');
    // A submitted item cannot be skipped.
    expect((await clients.ann!.post(`/api/items/${b}/skip`, {})).status).toBe(409);

    const history = (await clients.ann!.get(`/api/projects/${p.id}/history`)).json as unknown as History;
    expect(history.map((h) => [h.itemId, h.state])).toEqual([
      [b, 'submitted'],
      [a, 'skipped'],
    ]);
    expect(history[0]!.preview).toBe('item 2');
    // Both stay reachable from history.
    expect((await clients.ann!.get(`/api/items/${a}`)).json).toMatchObject({ id: a, leaseUntil: null });
    expect((await clients.ann!.get(`/api/items/${b}`)).json).toMatchObject({
      id: b,
      annotation: { version: 1, labels: { topic: ['history'] } },
    });
  });

  it('history lists held items with a draft, newest first, and honours limit', async () => {
    const p = project();
    const [a, b, c] = insertItems(t.ctx.db, p.id, 3) as [number, number, number];
    await next('ann', p);
    await submit('ann', a);
    await new Promise((r) => setTimeout(r, 5));
    await next('ann', p);
    await clients.ann!.put(`/api/items/${b}/draft`, { labels: { note: 'x' } });
    await next('ann', p, `?exclude=${b}`); // c: held without a draft, not history yet
    const res = await clients.ann!.get(`/api/projects/${p.id}/history?limit=1`);
    expect((res.json as unknown as History).map((h) => [h.itemId, h.state])).toEqual([[b, 'draft']]);
    const all = (await clients.ann!.get(`/api/projects/${p.id}/history`)).json as unknown as History;
    expect(all.map((h) => h.itemId)).toEqual([b, a]);
    expect(all.map((h) => h.itemId)).not.toContain(c);
    expect((await clients.ann!.get(`/api/projects/${p.id}/history?limit=0`)).status).toBe(400);
  });
});

describe('item access', () => {
  it('gives an annotator of another project 404 for every item call, like a missing id', async () => {
    const pa = project({ members: ['ann'] });
    const pb = project({ members: ['bob'] });
    insertItems(t.ctx.db, pa.id, 1);
    const [b1] = insertItems(t.ctx.db, pb.id, 1) as [number];
    await next('bob', pb);
    const missing = await clients.ann!.get('/api/items/99999999');
    expect(missing.status).toBe(404);
    const calls = [
      clients.ann!.get(`/api/items/${b1}`),
      clients.ann!.put(`/api/items/${b1}/draft`, { labels: {} }),
      clients.ann!.post(`/api/items/${b1}/annotations`, { labels: { topic: ['history'] }, lead_time_s: 1 }),
      clients.ann!.post(`/api/items/${b1}/skip`, {}),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(404);
      expect(res.json).toEqual(missing.json);
    }
    expect((await t.anon().get(`/api/items/${b1}`)).status).toBe(401);
    // A member who never received the item cannot open it either.
    t.addMember(pb.id, 'cid', 'annotator');
    expect((await clients.cid!.get(`/api/items/${b1}`)).status).toBe(404);
  });
});

interface Racer {
  child: ChildProcess;
  ready: Promise<unknown>;
  /** Asks for the next item after `delayMs`, so that winners vary between rounds. */
  next(projectId: number, userId: number, delayMs: number): Promise<number | null>;
  /** Takes and submits items as fast as it can until the queue is empty; answers how many. */
  drain(projectId: number, userId: number): Promise<number>;
}

/**
 * Another process with its own better-sqlite3 connection on the same file, running the same
 * workflow functions as the server, driven by lines on stdin.
 */
function racer(dataDir: string): Racer {
  const root = join(import.meta.dirname, '..', '..');
  const code = `
    import { createInterface } from 'node:readline';
    import { contextFor, configFromEnv } from '${root}/server/context.ts';
    import { openDb } from '${root}/server/db/open.ts';
    import { submitAnnotation } from '${root}/server/workflow/annotations.ts';
    import { nextItem } from '${root}/server/workflow/queue.ts';
    const dir = process.argv[1];
    const ctx = contextFor(openDb(dir + '/gloss.db'), configFromEnv({}, dir));
    console.log('ready');
    for await (const line of createInterface({ input: process.stdin })) {
      const [cmd, ...args] = line.split(' ');
      const [projectId, userId, delayMs] = args.map(Number);
      const project = ctx.projects.byId(projectId);
      if (cmd === 'next') {
        await new Promise((r) => setTimeout(r, delayMs));
        console.log(JSON.stringify(nextItem(ctx, project, userId, {})?.id ?? null));
      } else {
        let n = 0;
        for (let item; (item = nextItem(ctx, project, userId, {})); n++)
          submitAnnotation(ctx, project, item.id, userId, { labels: { topic: ['science'] }, lead_time_s: 1 });
        console.log(n);
      }
    }`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, dataDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const ask = async (line: string) => {
    child.stdin!.write(`${line}\n`);
    return JSON.parse((await lines.next()).value as string) as unknown;
  };
  return {
    child,
    ready: lines.next(),
    next: (projectId, userId, delayMs) =>
      ask(`next ${projectId} ${userId} ${delayMs}`) as Promise<number | null>,
    drain: (projectId, userId) => ask(`drain ${projectId} ${userId}`) as Promise<number>,
  };
}

describe('racing for items across connections and processes', () => {
  let procs: Racer[];
  const procUsers = ['racer1', 'racer2', 'racer3'];
  const procUser = (i: number) => t.ctx.users.byName(procUsers[i]!)!.id;
  beforeAll(async () => {
    procs = procUsers.map(() => racer(t.ctx.config.dataDir));
    await Promise.all(procs.map((r) => r.ready));
    for (const u of procUsers) await t.addUser(u);
  });
  afterAll(() => {
    for (const r of procs) r.child.kill();
  });
  const raceProject = (overlap: number) => {
    const p = project({ overlap });
    for (const u of procUsers) t.addMember(p.id, u, 'annotator');
    return p;
  };

  it('N HTTP clients and three other processes ask for the last item at once: exactly one gets it', async () => {
    for (let round = 0; round < 24; round++) {
      const p = raceProject(round % 3 === 0 ? 2 : 1);
      const [last] = insertItems(t.ctx.db, p.id, 1) as [number];
      if (p.overlap === 2) {
        // One slot already taken: the race is for the last one.
        t.addMember(p.id, 'outsider', 'annotator');
        expect((await next('outsider', p))!.id).toBe(last);
      }
      const results = await Promise.all([
        ...procs.map((r, i) => r.next(p.id, procUser(i), (round * (i + 3)) % 16)),
        ...USERS.map((u) => next(u, p).then((w) => w?.id ?? null)),
      ]);
      expect(results.filter((id) => id === last)).toHaveLength(1);
      expect(results.filter((id) => id !== last && id !== null)).toHaveLength(0);
      expect(assignedOf(last)).toBe(p.overlap);
      expect(leases(p)).toHaveLength(p.overlap);
    }
  });

  it('processes and HTTP clients draining one queue together fill every item to exactly its overlap', async () => {
    const p = raceProject(2);
    const ids = insertItems(t.ctx.db, p.id, 300);
    const drainHttp = async (u: string) => {
      let n = 0;
      for (let item = await next(u, p); item; item = await next(u, p), n++)
        expect((await submit(u, item.id)).status).toBe(201);
      return n;
    };
    const counts = await Promise.all([
      ...procs.map((r, i) => r.drain(p.id, procUser(i))),
      ...['ann', 'bob'].map(drainHttp),
    ]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(600);
    const perItem = t.ctx.db
      .prepare(
        `SELECT i.id, i.assigned, i.status, COUNT(a.id) AS n, COUNT(DISTINCT a.user_id) AS users
         FROM items i LEFT JOIN annotations a ON a.item_id = i.id WHERE i.project_id = ? GROUP BY i.id`,
      )
      .all(p.id);
    expect(perItem).toEqual(ids.map((id) => ({ id, assigned: 2, status: 'accepted', n: 2, users: 2 })));
  });
});
