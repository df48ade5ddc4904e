import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ctx, configFromEnv, createContext } from '../context.ts';
import { DASHBOARD_SQL } from '../db/stores/dashboard.ts';
import { REVIEW_SQL } from '../db/stores/reviews.ts';
import { insertItems, queueProject } from '../testing/queueFixtures.ts';
import { FRONT_WINDOW, pick } from './queue.ts';

let dir: string;
let ctx: Ctx;
let userId: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-review-'));
  ctx = createContext(configFromEnv({}, dir));
  userId = ctx.users.create({ username: 'ann', passwordHash: 'x', role: 'member' }).id;
});
afterAll(() => {
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Plan lines that read a whole table; subquery results and constant rows are not tables. */
const tableScan = (step: string) => /^SCAN /.test(step) && !/^SCAN (CONSTANT ROW|v|sample)$/.test(step);

describe('query plans', () => {
  it('no review, timeline or dashboard statement scans a table', () => {
    const p = queueProject(ctx, { name: 'plans' });
    insertItems(ctx.db, p.id, 2000);
    ctx.db.exec('ANALYZE');
    for (const [name, sql] of Object.entries({ ...REVIEW_SQL, ...DASHBOARD_SQL })) {
      const params = Array((sql.match(/\?/g) ?? []).length).fill(1);
      const plan = (ctx.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
        (r) => r.detail,
      );
      for (const step of plan) expect(tableScan(step), `${name}: ${plan.join(' / ')}`).toBe(false);
    }
    const pickPlan = (
      ctx.db.prepare(`EXPLAIN QUERY PLAN ${REVIEW_SQL.skilledPick}`).all(1, 1, 1, '') as {
        detail: string;
      }[]
    ).map((r) => r.detail);
    expect(pickPlan[0]).toBe(
      'SEARCH i USING COVERING INDEX items_review (project_id=? AND status=? AND tier=?)',
    );
    expect(pickPlan.join()).not.toContain('TEMP B-TREE');
  });
});

describe('annotation queue skill routing', () => {
  it('walks past the items my skills do not match once, then resumes from the hint', () => {
    const p = queueProject(ctx, { name: 'skills' });
    ctx.projects.update(p.id, { settings: { ...p.settings, annotatorsMatchSkills: true } });
    const project = ctx.projects.byId(p.id)!;
    const ids = insertItems(ctx.db, p.id, 3000);
    const tag = ctx.db.prepare("INSERT INTO item_tags (project_id, tag, item_id) VALUES (?, 'medicine', ?)");
    ctx.db.transaction(() => {
      for (const id of ids.slice(0, 2000)) tag.run(p.id, id);
    })();
    const pickAndLease = (now: number) =>
      ctx.db
        .transaction(() => {
          const r = pick(ctx, project, userId, now);
          if (r.id !== null) ctx.queue.lease(r.id, userId, p.id, now, now + 60_000);
          return r;
        })
        .immediate();
    const now = Date.now();
    const first = pickAndLease(now);
    expect(first).toEqual({ id: ids[2000], examined: 2001 });
    const second = pickAndLease(now + 1);
    expect(second.id).toBe(ids[2001]);
    expect(second.examined).toBeLessThanOrEqual(FRONT_WINDOW + 3);

    // With the skill, the tagged items are mine to take, from the front.
    ctx.users.update(userId, { skills: ['medicine'] });
    expect(pickAndLease(now + 2).id).toBe(ids[0]);
  });
});
