import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkItem } from '../../shared/annotate.ts';
import type { AuditEvent, Project } from '../../shared/api.ts';
import type { ExportLine } from '../../shared/exportLine.ts';
import type { ReviewWork, TimelineEntry } from '../../shared/review/api.ts';
import type { TierMove } from '../../shared/review/tierEdit.ts';
import type { Tier } from '../../shared/review/tiers.ts';
import { type Client, startTestServer, type TestServer } from '../testing/harness.ts';
import { TEXT_SCHEMA } from '../testing/queueFixtures.ts';

let t: TestServer;
let admin: Client;
const c: Record<string, Client> = {};
const ROLES = { ann: 'annotator', rev: 'reviewer', exp: 'expert', mgr: 'manager' } as const;

beforeAll(async () => {
  t = await startTestServer();
  admin = await t.as('admin');
  Object.assign(c, await t.addUsersAs(Object.keys(ROLES)));
});
afterAll(() => t.close());

const REVIEW: Tier = { name: 'Review', role: 'reviewer', policy: { kind: 'all' } };
const EXPERT: Tier = { name: 'Expert', role: 'expert', policy: { kind: 'escalated' } };
const HISTORY = { topic: ['history'] };

async function project(tiers: Tier[]): Promise<number> {
  const res = await admin.post('/api/projects', {
    name: `p${Math.random()}`,
    schema: TEXT_SCHEMA,
    settings: { leaseMinutes: 30, tiers },
  });
  expect(res.status).toBe(201);
  const id = res.json.id as unknown as number;
  for (const [u, role] of Object.entries(ROLES)) t.addMember(id, u, role);
  return id;
}

/** Imports `ids` and has `ann` submit each; returns item id and annotation id by external id. */
async function annotated(projectId: number, ids: string[]) {
  const body = ids.map((id) => JSON.stringify({ id, text: `text of ${id}` })).join('\n');
  const imported = await admin.request('POST', `/api/projects/${projectId}/import?format=jsonl`, body);
  expect(imported.json).toMatchObject({ errors: [] });
  const out: Record<string, { itemId: number; annotationId: number }> = {};
  for (let i = 0; i < ids.length; i++) {
    const item = (await c.ann!.get(`/api/projects/${projectId}/next`)).json as unknown as WorkItem;
    const res = await c.ann!.post(`/api/items/${item.id}/annotations`, { labels: HISTORY, lead_time_s: 5 });
    expect(res.status, res.text).toBe(201);
    out[item.extId] = { itemId: item.id, annotationId: res.json.annotationId as unknown as number };
  }
  return out;
}

async function reviewNext(user: string, projectId: number, tier: string) {
  const res = await c[user]!.get(`/api/projects/${projectId}/review/next?tier=${tier}`);
  return { status: res.status, work: res.status === 200 ? (res.json as unknown as ReviewWork) : null };
}

async function decide(user: string, annotationId: number, body: object) {
  const res = await c[user]!.post(`/api/annotations/${annotationId}/reviews`, body);
  expect(res.status, res.text).toBe(201);
  return res.json as unknown as { status: string; tier: string | null };
}

const setTiers = (projectId: number, tiers: Tier[]) =>
  c.mgr!.patch(`/api/projects/${projectId}`, { settings: { tiers } });

async function preview(projectId: number, tiers: Tier[]): Promise<TierMove[]> {
  const res = await c.mgr!.post(`/api/projects/${projectId}/tiers/preview`, { tiers });
  expect(res.status, res.text).toBe(200);
  return (res.json as unknown as { moves: TierMove[] }).moves;
}

const row = (id: number) =>
  t.ctx.db.prepare('SELECT status, tier, final_labels FROM items WHERE id = ?').get(id) as {
    status: string;
    tier: number | null;
    final_labels: string | null;
  };

async function timeline(itemId: number): Promise<TimelineEntry[]> {
  const res = await admin.get(`/api/items/${itemId}/history`);
  expect(res.status).toBe(200);
  return res.json as unknown as TimelineEntry[];
}

async function lastUpdate(projectId: number): Promise<AuditEvent | undefined> {
  const res = await admin.get(`/api/audit?projectId=${projectId}&action=project.update&limit=1`);
  return (res.json as unknown as { events: AuditEvent[] }).events[0];
}

describe('editing review tiers with items at them', () => {
  it('moves the items of a removed tier to the tier that takes its place, where they can be decided', async () => {
    const p = await project([REVIEW, EXPERT]);
    const items = await annotated(p, ['a', 'b', 'c']);
    // a and b go up to Expert; c waits at Review. The expert starts on a (a live lease).
    await decide('rev', items.a!.annotationId, { decision: 'escalate', comment: 'not sure' });
    await decide('rev', items.b!.annotationId, { decision: 'escalate', comment: 'not sure' });
    const leased = await reviewNext('exp', p, 'Expert');
    expect(leased.work?.item.id).toBe(items.a!.itemId);

    expect(await preview(p, [REVIEW])).toEqual([
      { from: 'Expert', change: 'removed', to: 'Review', waiting: 2, rejected: 0 },
    ]);
    // The preview changes nothing.
    expect(row(items.a!.itemId)).toMatchObject({ status: 'in_review', tier: 1 });

    const res = await setTiers(p, [REVIEW]);
    expect(res.status, res.text).toBe(200);
    expect((res.json as unknown as Project).settings.tiers).toEqual([REVIEW]);
    for (const id of ['a', 'b', 'c']) {
      expect(row(items[id]!.itemId)).toMatchObject({ status: 'in_review', tier: 0 });
    }
    expect(t.ctx.reviews.leaseOf(items.a!.itemId)).toBeUndefined();
    expect((await reviewNext('exp', p, 'Expert')).status).toBe(400);

    // The reviewer's queue at Review hands out all three, and the decisions are final there.
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { work } = await reviewNext('rev', p, 'Review');
      expect(work?.tier).toBe('Review');
      seen.push(work!.item.id);
      const decided = await decide('rev', work!.annotations[0]!.id, { decision: 'approve' });
      expect(decided).toEqual({ status: 'accepted', tier: null });
    }
    expect(seen.sort()).toEqual([items.a!.itemId, items.b!.itemId, items.c!.itemId].sort());
    expect((await reviewNext('rev', p, 'Review')).status).toBe(204);

    const moved = (await timeline(items.a!.itemId)).filter((e) => e.kind === 'tier-move');
    expect(moved).toEqual([
      {
        at: expect.any(String),
        by: 'mgr',
        kind: 'tier-move',
        tier: 'Review',
        comment: 'the tier "Expert" was removed',
      },
    ]);
    expect((await timeline(items.c!.itemId)).map((e) => e.kind)).not.toContain('tier-move');

    const audit = await lastUpdate(p);
    expect(audit).toMatchObject({
      actor: 'mgr',
      detail: {
        fields: ['settings'],
        tierMoves: [{ from: 'Expert', change: 'removed', to: 'Review', waiting: 2, rejected: 0 }],
      },
    });
  });

  it('sends a fix of work rejected at a removed tier to the tier that took its place', async () => {
    const p = await project([REVIEW, EXPERT]);
    const items = await annotated(p, ['r']);
    const { annotationId, itemId } = items.r!;
    await decide('rev', annotationId, { decision: 'escalate' });
    await decide('exp', annotationId, { decision: 'reject', comment: 'wrong topic' });
    expect(row(itemId)).toMatchObject({ status: 'rejected', tier: 1 });

    expect(await preview(p, [REVIEW])).toEqual([
      { from: 'Expert', change: 'removed', to: 'Review', waiting: 0, rejected: 1 },
    ]);
    expect((await setTiers(p, [REVIEW])).status).toBe(200);
    expect(row(itemId)).toMatchObject({ status: 'rejected', tier: 0 });

    const fix = (await c.ann!.get(`/api/projects/${p}/next`)).json as unknown as WorkItem;
    expect(fix.id).toBe(itemId);
    const resubmit = await c.ann!.post(`/api/items/${itemId}/annotations`, {
      labels: { topic: ['science'] },
      lead_time_s: 3,
      version: 1,
    });
    expect(resubmit.status, resubmit.text).toBe(201);
    expect(row(itemId)).toMatchObject({ status: 'in_review', tier: 0 });
    expect((await reviewNext('rev', p, 'Review')).work?.item.id).toBe(itemId);
  });

  it('accepts waiting items when no tier is left, and a rejected one once it is fixed', async () => {
    const p = await project([REVIEW, EXPERT]);
    const items = await annotated(p, ['w', 'x', 'r']);
    // w waits at Review; x was approved at Review and waits at Expert (escalated); r is rejected.
    await decide('rev', items.x!.annotationId, { decision: 'escalate' });
    await decide('rev', items.r!.annotationId, { decision: 'reject', comment: 'redo' });

    expect(await preview(p, [])).toEqual([
      { from: 'Review', change: 'removed', to: null, waiting: 1, rejected: 1 },
      { from: 'Expert', change: 'removed', to: null, waiting: 1, rejected: 0 },
    ]);
    expect((await setTiers(p, [])).status).toBe(200);
    expect(row(items.w!.itemId)).toEqual({
      status: 'accepted',
      tier: null,
      final_labels: JSON.stringify(HISTORY),
    });
    expect(row(items.x!.itemId)).toMatchObject({ status: 'accepted', tier: null });
    expect(row(items.r!.itemId)).toMatchObject({ status: 'rejected' });
    const [moved] = (await timeline(items.w!.itemId)).filter((e) => e.kind === 'tier-move');
    expect(moved).toMatchObject({
      tier: null,
      comment: 'the tier "Review" was removed and no tier is left: accepted',
    });

    const resubmit = await c.ann!.post(`/api/items/${items.r!.itemId}/annotations`, {
      labels: HISTORY,
      lead_time_s: 3,
      version: 1,
    });
    expect(resubmit.status, resubmit.text).toBe(201);
    expect(row(items.r!.itemId)).toEqual({
      status: 'accepted',
      tier: null,
      final_labels: JSON.stringify(HISTORY),
    });
  });

  it('keeps the items, leases and reached tiers of a renamed or moved tier', async () => {
    const p = await project([REVIEW, EXPERT]);
    const items = await annotated(p, ['a', 'b']);
    await decide('rev', items.a!.annotationId, { decision: 'escalate' });
    const leased = await reviewNext('exp', p, 'Expert');
    expect(leased.work?.item.id).toBe(items.a!.itemId);

    const SENIOR: Tier = { ...EXPERT, name: 'Senior' };
    expect(await preview(p, [REVIEW, SENIOR])).toEqual([
      { from: 'Expert', change: 'renamed', to: 'Senior', waiting: 1, rejected: 0 },
    ]);
    expect((await setTiers(p, [REVIEW, SENIOR])).status).toBe(200);
    expect(row(items.a!.itemId)).toMatchObject({ status: 'in_review', tier: 1 });
    expect(t.ctx.reviews.leaseOf(items.a!.itemId)).toMatchObject({ tier: 1 });

    // A new first tier: Review and Senior keep their items at their new positions.
    const TRIAGE: Tier = { name: 'Triage', role: 'reviewer', policy: { kind: 'sample', percent: 0 } };
    expect(await preview(p, [TRIAGE, REVIEW, SENIOR])).toEqual([]);
    expect((await setTiers(p, [TRIAGE, REVIEW, SENIOR])).status).toBe(200);
    expect(row(items.a!.itemId)).toMatchObject({ status: 'in_review', tier: 2 });
    expect(row(items.b!.itemId)).toMatchObject({ status: 'in_review', tier: 1 });
    expect((await reviewNext('exp', p, 'Senior')).work?.item.id).toBe(items.a!.itemId);
    expect((await reviewNext('rev', p, 'Review')).work?.item.id).toBe(items.b!.itemId);
    expect((await reviewNext('rev', p, 'Triage')).status).toBe(204);
    for (const id of ['a', 'b']) {
      expect((await timeline(items[id]!.itemId)).map((e) => e.kind)).not.toContain('tier-move');
    }

    // The export's "reached" filter follows the tiers to their new positions.
    const reached = async (tier: string) => {
      const res = await admin.get(`/api/projects/${p}/export?status=all&tier=${tier}`);
      expect(res.status, res.text).toBe(200);
      return res.text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as ExportLine).id)
        .sort();
    };
    expect(await reached('Review')).toEqual(['a', 'b']);
    expect(await reached('Senior')).toEqual(['a']);
    expect(await reached('Triage')).toEqual([]);
  });

  it('moves nothing when the tiers are refused', async () => {
    const p = await project([REVIEW, EXPERT]);
    const items = await annotated(p, ['a']);
    await decide('rev', items.a!.annotationId, { decision: 'escalate' });
    const before = await lastUpdate(p);

    const duplicate = [REVIEW, { ...REVIEW, name: 'review' }];
    const res = await setTiers(p, duplicate);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { field: 'settings.tiers.1.name' } });
    const refusedPreview = await c.mgr!.post(`/api/projects/${p}/tiers/preview`, { tiers: duplicate });
    expect(refusedPreview.status).toBe(400);
    // Nor does a preview, which only managers may ask for.
    expect((await c.rev!.post(`/api/projects/${p}/tiers/preview`, { tiers: [] })).status).toBe(403);

    expect(t.ctx.projects.byId(p)!.settings.tiers).toEqual([REVIEW, EXPERT]);
    expect(row(items.a!.itemId)).toMatchObject({ status: 'in_review', tier: 1 });
    expect((await timeline(items.a!.itemId)).map((e) => e.kind)).not.toContain('tier-move');
    expect(await lastUpdate(p)).toEqual(before);
    expect((await reviewNext('exp', p, 'Expert')).work?.item.id).toBe(items.a!.itemId);
  });
});
