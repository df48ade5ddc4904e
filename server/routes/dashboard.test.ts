import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkItem } from '../../shared/annotate.ts';
import type { Dashboard, ReviewWork } from '../../shared/review/api.ts';
import { type Client, startTestServer, type TestServer } from '../testing/harness.ts';
import { TEXT_SCHEMA } from '../testing/queueFixtures.ts';

let t: TestServer;
const c: Record<string, Client> = {};
let p: number;
let dash: Dashboard;

const H = { topic: ['history'] };
const S = { topic: ['science'] };

/**
 * A small hand-made project, overlap 2, one tier: four items.
 *   A: ann history (10 s), ann2 history (30 s) -> rev approves ann's after 30 s under lease: accepted
 *   B: ann history (20 s), ann2 science (50 s) -> rev rejects ann2's: rejected
 *   D: ann science (5 s),  ann2 science (5 s)  -> waiting at Review
 *   C: never opened: new
 */
beforeAll(async () => {
  t = await startTestServer();
  const admin = await t.as('admin');
  for (const [u, role] of [
    ['ann', 'annotator'],
    ['ann2', 'annotator'],
    ['rev', 'reviewer'],
    ['mgr', 'manager'],
  ] as const) {
    await t.addUser(u);
    c[u] = await t.as(u);
    if (u === 'ann') {
      p = (
        await admin.post('/api/projects', {
          name: 'dash',
          schema: TEXT_SCHEMA,
          overlap: 2,
          settings: { tiers: [{ name: 'Review', role: 'reviewer', policy: { kind: 'all' } }] },
        })
      ).json.id as unknown as number;
    }
    t.addMember(p, u, role);
  }
  const body = ['A', 'B', 'D', 'C'].map((id) => JSON.stringify({ id, text: `item ${id}` })).join('\n');
  await admin.request('POST', `/api/projects/${p}/import?format=jsonl`, body);

  const submit = async (u: string, labels: object, secs: number) => {
    const item = (await c[u]!.get(`/api/projects/${p}/next`)).json as unknown as WorkItem;
    const res = await c[u]!.post(`/api/items/${item.id}/annotations`, { labels, lead_time_s: secs });
    return (res.json as unknown as { annotationId: number }).annotationId;
  };
  const a1 = await submit('ann', H, 10);
  await submit('ann2', H, 30);
  await submit('ann', H, 20);
  const b2 = await submit('ann2', S, 50);
  await submit('ann', S, 5);
  await submit('ann2', S, 5);

  const work = (await c.rev!.get(`/api/projects/${p}/review/next?tier=Review`)).json as unknown as ReviewWork;
  expect(work.item.extId).toBe('A');
  // The reviewer took the item 30 seconds ago.
  t.ctx.db
    .prepare('UPDATE review_leases SET leased_at = leased_at - 30000 WHERE item_id = ?')
    .run(work.item.id);
  expect((await c.rev!.post(`/api/annotations/${a1}/reviews`, { decision: 'approve' })).status).toBe(201);
  expect(
    (await c.rev!.post(`/api/annotations/${b2}/reviews`, { decision: 'reject', comment: 'science?' })).status,
  ).toBe(201);

  const res = await c.mgr!.get(`/api/projects/${p}/dashboard`);
  expect(res.status).toBe(200);
  dash = res.json as unknown as Dashboard;
});
afterAll(() => t.close());

describe('GET /api/projects/:id/dashboard on a hand-made project', () => {
  it('counts items by status and waiting per tier', () => {
    expect(dash.byStatus).toEqual({ accepted: 1, rejected: 1, in_review: 1, new: 1 });
    expect(dash.byTier).toEqual([{ tier: 'Review', waiting: 1 }]);
  });

  it('gives 30 UTC days of throughput ending today', () => {
    expect(dash.throughput).toHaveLength(30);
    expect(dash.throughput.at(-1)).toEqual({
      day: new Date().toISOString().slice(0, 10),
      submitted: 6,
      reviewed: 2,
    });
    expect(dash.throughput.slice(0, -1).every((d) => d.submitted === 0 && d.reviewed === 0)).toBe(true);
  });

  it('has per annotator the count, the median time, the approval rate and no gold', () => {
    const by = Object.fromEntries(dash.annotators.map((a) => [a.username, a]));
    expect(by.ann).toEqual({
      username: 'ann',
      submitted: 3,
      medianSeconds: 10,
      approvalRate: 1,
      goldAccuracy: null,
      goldItems: 0,
    });
    expect(by.ann2).toEqual({
      username: 'ann2',
      submitted: 3,
      medianSeconds: 30,
      approvalRate: 0,
      goldAccuracy: null,
      goldItems: 0,
    });
  });

  it('has the agreement per label over the items two people annotated', () => {
    // history: used in A (agree) and B (disagree); science: in B (disagree) and D (agree).
    expect(dash.agreementByLabel).toEqual(
      expect.arrayContaining([
        { task: 'topic', label: 'history', score: 0.5 },
        { task: 'topic', label: 'science', score: 0.5 },
      ]),
    );
    expect(dash.agreement).toBeGreaterThan(0.5);
    expect(dash.agreement).toBeLessThan(1);
  });

  it('has the time spent annotating and per tier', () => {
    expect(dash.timeByTier[0]).toEqual({ tier: 'Annotation', seconds: 120, decisions: 6 });
    expect(dash.timeByTier[1]).toMatchObject({ tier: 'Review', decisions: 2 });
    expect(dash.timeByTier[1]!.seconds).toBeGreaterThanOrEqual(30);
    expect(dash.timeByTier[1]!.seconds).toBeLessThan(35);
  });

  it('is for reviewers, experts and managers: annotators get 403', async () => {
    expect((await c.ann!.get(`/api/projects/${p}/dashboard`)).status).toBe(403);
    expect((await c.rev!.get(`/api/projects/${p}/dashboard`)).status).toBe(200);
  });
});
