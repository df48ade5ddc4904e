import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ctx, configFromEnv, createContext } from '../context.ts';
import { ANNOTATION_SQL } from '../db/stores/annotations.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { QUEUE_SQL } from '../db/stores/queue.ts';
import { insertItems, queueProject } from '../testing/queueFixtures.ts';
import { FRONT_WINDOW, HINT_TTL_MS, nextItem, pick } from './queue.ts';

let dir: string;
let ctx: Ctx;
let userId: number;
let other: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-queue-'));
  ctx = createContext(configFromEnv({}, dir));
  userId = ctx.users.create({ username: 'ann', passwordHash: 'x', role: 'member' }).id;
  other = ctx.users.create({ username: 'bob', passwordHash: 'x', role: 'member' }).id;
});
afterAll(() => {
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

const skipAll = (p: ProjectRecord, ids: number[], user = userId) => {
  const insert = ctx.db.prepare(
    "INSERT INTO assignments (item_id, user_id, project_id, state, updated_at) VALUES (?, ?, ?, 'skipped', 0)",
  );
  ctx.db.transaction(() => {
    for (const id of ids) insert.run(id, user, p.id);
  })();
};
/** Picks and leases like `next` does, reporting how many queue entries the pick read. */
const pickAndLease = (p: ProjectRecord, now: number, user = userId) =>
  ctx.db
    .transaction(() => {
      const r = pick(ctx, p, user, now);
      if (r.id !== null) ctx.queue.lease(r.id, user, p.id, now, now + 60_000);
      return r;
    })
    .immediate();

describe('query plans', () => {
  it('no queue or annotation statement scans a table: each is served by an index', () => {
    const p = queueProject(ctx, { name: 'plans' });
    insertItems(ctx.db, p.id, 2000);
    ctx.db.exec('ANALYZE');
    for (const [name, sql] of Object.entries({ ...QUEUE_SQL, ...ANNOTATION_SQL })) {
      const params = Array((sql.match(/\?/g) ?? []).length).fill(1);
      const plan = (ctx.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
        (r) => r.detail,
      );
      for (const step of plan) expect(step, `${name}: ${plan.join(' / ')}`).not.toMatch(/^SCAN /);
    }
    const front = ctx.db.prepare(`EXPLAIN QUERY PLAN ${QUEUE_SQL.front}`).all(1, 1, 1) as {
      detail: string;
    }[];
    expect(front[0]!.detail).toBe('SEARCH i USING INDEX items_queue (project_id=? AND assigned<?)');
    expect(front.map((r) => r.detail).join()).not.toContain('TEMP B-TREE');
  });
});

describe('walking past my own items', () => {
  it('reads the items I skipped once, then resumes from the hint on later calls', () => {
    const p = queueProject(ctx, { name: 'skipper' });
    const ids = insertItems(ctx.db, p.id, 5000);
    skipAll(p, ids.slice(0, 3000));
    const now = Date.now();
    const first = pickAndLease(p, now);
    expect(first.id).toBe(ids[3000]);
    expect(first.examined).toBe(3001);
    const second = pickAndLease(p, now + 1000);
    expect(second.id).toBe(ids[3001]);
    expect(second.examined).toBeLessThanOrEqual(FRONT_WINDOW + 3);
    // Others are not slowed down by my skips.
    expect(pickAndLease(p, now, other)).toEqual({ id: ids[0], examined: 1 });

    // An old hint is not trusted: the long walk happens once more, then the hint is fresh again.
    const later = now + HINT_TTL_MS + 1;
    const reread = pickAndLease(p, later);
    expect(reread.id).toBe(ids[3002]);
    expect(reread.examined).toBeGreaterThan(2900);
    expect(pickAndLease(p, later + 1).examined).toBeLessThanOrEqual(FRONT_WINDOW + 4);
  });

  it('never answers "nothing left" while an item the hint jumped over is free for me', () => {
    const p = queueProject(ctx, { name: 'jumped' });
    const ids = insertItems(ctx.db, p.id, 400);
    skipAll(p, ids.slice(0, 300));
    const now = Date.now();
    expect(pickAndLease(p, now).id).toBe(ids[300]);
    // Behind the hint, an item becomes free for me again; everything after the hint is mine.
    ctx.db.prepare('DELETE FROM assignments WHERE item_id = ? AND user_id = ?').run(ids[150], userId);
    skipAll(p, ids.slice(301));
    expect(pickAndLease(p, now + 1).id).toBe(ids[150]);
    expect(pickAndLease(p, now + 2).id).toBeNull();
  });

  it('an annotator far ahead of the others (overlap 3) reads a bounded stretch per call', () => {
    const p = queueProject(ctx, { name: 'ahead', overlap: 3 });
    const ids = insertItems(ctx.db, p.id, 3000);
    const now = Date.now();
    const examined: number[] = [];
    for (let n = 0; n < 1000; n++) {
      // My submitted items stay at the very front: one annotation closer to overlap than the rest.
      const r = pickAndLease(p, now + n);
      expect(r.id).toBe(ids[n]);
      ctx.queue.markSubmitted(r.id!, userId, p.id, now + n, false);
      examined.push(r.examined);
    }
    expect(Math.max(...examined)).toBeLessThanOrEqual(FRONT_WINDOW + 3);
    // Someone else still starts at the front.
    expect(pickAndLease(p, now, other)).toEqual({ id: ids[0], examined: 1 });
  });

  it('next() leases what pick() chose and keeps the counters in step', () => {
    const p = queueProject(ctx, { name: 'counters', overlap: 2 });
    const [a] = insertItems(ctx.db, p.id, 3) as [number];
    expect(nextItem(ctx, p, userId, {})!.id).toBe(a);
    expect(nextItem(ctx, p, other, {})!.id).toBe(a);
    expect(ctx.queue.item(a)!.assigned).toBe(2);
  });
});
