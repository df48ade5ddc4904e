import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkItem } from '../../shared/annotate.ts';
import type { ProjectSettings } from '../../shared/api.ts';
import type { ExportLine } from '../../shared/exportLine.ts';
import type { ReviewResultSchema, ReviewWork, TimelineEntry } from '../../shared/review/api.ts';
import { inSample } from '../../shared/review/sampling.ts';
import type { Tier } from '../../shared/review/tiers.ts';
import { type Client, startTestServer, type TestServer } from '../testing/harness.ts';
import { TEXT_SCHEMA } from '../testing/queueFixtures.ts';

type ReviewResult = import('zod').infer<typeof ReviewResultSchema>;

let t: TestServer;
let admin: Client;
const c: Record<string, Client> = {};
const ROLES = {
  ann: 'annotator',
  ann2: 'annotator',
  rev: 'reviewer',
  rev2: 'reviewer',
  exp: 'expert',
  mgr: 'manager',
} as const;

beforeAll(async () => {
  t = await startTestServer();
  admin = await t.as('admin');
  Object.assign(c, await t.addUsersAs(Object.keys(ROLES)));
});
afterAll(() => t.close());

const REVIEW_THEN_EXPERT: Tier[] = [
  { name: 'Review', role: 'reviewer', policy: { kind: 'all' } },
  { name: 'Expert', role: 'expert', policy: { kind: 'escalated' } },
];
const HISTORY = { topic: ['history'] };
const SCIENCE = { topic: ['science'] };

/** A project made through the API (so it gets the default tiers unless `settings` says otherwise). */
async function project(settings: Partial<ProjectSettings> = {}, overlap = 1): Promise<number> {
  const res = await admin.post('/api/projects', {
    name: `p${Math.random()}`,
    schema: TEXT_SCHEMA,
    overlap,
    settings: { leaseMinutes: 30, ...settings },
  });
  expect(res.status).toBe(201);
  const id = res.json.id as unknown as number;
  for (const [u, role] of Object.entries(ROLES)) t.addMember(id, u, role);
  return id;
}

async function importLines(projectId: number, lines: object[]) {
  const body = lines.map((l) => JSON.stringify(l)).join('\n');
  const res = await admin.request('POST', `/api/projects/${projectId}/import?format=jsonl`, body);
  expect(res.json).toMatchObject({ errors: [] });
}

async function next(user: string, projectId: number): Promise<WorkItem | null> {
  const res = await c[user]!.get(`/api/projects/${projectId}/next`);
  expect([200, 204]).toContain(res.status);
  return res.status === 204 ? null : (res.json as unknown as WorkItem);
}

/** `user` takes their next item and submits `labels`; returns the item and annotation ids. */
async function annotate(user: string, projectId: number, labels: object = HISTORY) {
  const item = await next(user, projectId);
  expect(item).not.toBeNull();
  const res = await c[user]!.post(`/api/items/${item!.id}/annotations`, { labels, lead_time_s: 10 });
  expect(res.status).toBe(201);
  return { itemId: item!.id, annotationId: (res.json as unknown as { annotationId: number }).annotationId };
}

async function reviewNext(user: string, projectId: number, tier: string): Promise<ReviewWork | null> {
  const res = await c[user]!.get(`/api/projects/${projectId}/review/next?tier=${tier}`);
  expect([200, 204], res.text).toContain(res.status);
  return res.status === 204 ? null : (res.json as unknown as ReviewWork);
}

const decide = (user: string, annotationId: number, body: object) =>
  c[user]!.post(`/api/annotations/${annotationId}/reviews`, body);

async function decideOk(user: string, annotationId: number, body: object): Promise<ReviewResult> {
  const res = await decide(user, annotationId, body);
  expect(res.status, res.text).toBe(201);
  return res.json as unknown as ReviewResult;
}

const itemRow = (id: number) =>
  t.ctx.db.prepare('SELECT status, tier, escalated, final_labels FROM items WHERE id = ?').get(id) as {
    status: string;
    tier: number | null;
    escalated: number;
    final_labels: string | null;
  };

async function exportLines(projectId: number, query = 'status=all'): Promise<ExportLine[]> {
  const res = await admin.get(`/api/projects/${projectId}/export?${query}`);
  expect(res.status, res.text).toBe(200);
  return res.text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ExportLine);
}

describe('review tiers', () => {
  it('a new project gets the default tiers; one created with no tiers accepts at once', async () => {
    const withTiers = await project();
    expect(t.ctx.projects.byId(withTiers)!.settings.tiers).toEqual(REVIEW_THEN_EXPERT);
    await importLines(withTiers, [{ id: 'a', text: 'Ada' }]);
    const a = await annotate('ann', withTiers);
    expect(itemRow(a.itemId)).toMatchObject({ status: 'in_review', tier: 0 });

    const none = await project({ tiers: [] });
    await importLines(none, [{ id: 'b', text: 'Ada' }]);
    const b = await annotate('ann', none);
    expect(itemRow(b.itemId)).toEqual({
      status: 'accepted',
      tier: null,
      escalated: 0,
      final_labels: JSON.stringify(HISTORY),
    });
    expect((await c.rev!.get(`/api/projects/${none}/review/next?tier=Review`)).status).toBe(400);
  });

  it('nobody reviews their own work: not offered, and a decision is refused with self_review', async () => {
    const p = await project();
    await importLines(p, [{ id: 'own', text: 'Ada' }]);
    const { itemId, annotationId } = await annotate('mgr', p);
    expect(await reviewNext('mgr', p, 'Review')).toBeNull();
    const res = await decide('mgr', annotationId, { decision: 'approve' });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ error: { id: 'self_review' } });
    expect(itemRow(itemId).status).toBe('in_review');
    // Someone else can.
    expect((await reviewNext('rev', p, 'Review'))!.item.id).toBe(itemId);
  });

  it('leases: two reviewers never get the same item, and one cannot decide on the other’s', async () => {
    const p = await project();
    await importLines(p, [
      { id: 'l1', text: 'one' },
      { id: 'l2', text: 'two' },
    ]);
    await annotate('ann', p);
    await annotate('ann', p);
    const first = (await reviewNext('rev', p, 'Review'))!;
    const second = (await reviewNext('rev2', p, 'Review'))!;
    expect(second.item.id).not.toBe(first.item.id);
    expect(await reviewNext('exp', p, 'Review')).toBeNull();
    // Asking again gives me the one I hold; `exclude` the one on screen gives nothing more here.
    expect((await reviewNext('rev', p, 'Review'))!.item.id).toBe(first.item.id);
    const taken = await decide('rev2', first.annotations[0]!.id, { decision: 'approve' });
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ error: { id: 'review_leased' } });
    expect(await decideOk('rev', first.annotations[0]!.id, { decision: 'approve' })).toEqual({
      status: 'accepted',
      tier: null,
    });
  });

  it('reject -> the same annotator gets it first with the comment -> fix -> back at the tier that rejected it', async () => {
    const tiers: Tier[] = [
      { name: 'Review', role: 'reviewer', policy: { kind: 'all' } },
      { name: 'Check', role: 'reviewer', policy: { kind: 'all' } },
    ];
    const p = await project({ tiers });
    await importLines(p, [
      { id: 'r1', text: 'Ada met Babbage.' },
      { id: 'r2', text: 'later item' },
    ]);
    const { itemId, annotationId } = await annotate('ann', p);
    const atReview = (await reviewNext('rev', p, 'Review'))!;
    expect(atReview.annotations.map((a) => a.by)).toEqual(['ann']);
    expect(await decideOk('rev', annotationId, { decision: 'approve' })).toEqual({
      status: 'in_review',
      tier: 'Check',
    });
    const atCheck = (await reviewNext('rev2', p, 'Check'))!;
    expect(atCheck.reviews.map((r) => [r.tier, r.by, r.decision])).toEqual([['Review', 'rev', 'approve']]);

    const missing = await decide('rev2', annotationId, { decision: 'reject' });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ error: { field: 'comment' } });
    expect(await decideOk('rev2', annotationId, { decision: 'reject', comment: 'Mark Ada as PER.' })).toEqual(
      {
        status: 'rejected',
        tier: 'Check',
      },
    );
    expect(await reviewNext('rev2', p, 'Check')).toBeNull();

    // First in the annotator's queue (before the unopened r2), with the comment beside it.
    const back = (await next('ann', p))!;
    expect(back.id).toBe(itemId);
    expect(back.rejection).toEqual({ comment: 'Mark Ada as PER.', by: 'rev2', at: expect.any(String) });
    expect(back.annotation).toMatchObject({ id: annotationId, labels: HISTORY, version: 1 });
    expect((await c.ann!.post(`/api/items/${itemId}/skip`, {})).status).toBe(409);
    // Nobody else gets it meanwhile.
    expect((await next('ann2', p))!.id).not.toBe(itemId);

    const fixed = { entities: [{ start: 0, end: 3, label: 'PER', text: 'Ada' }], topic: ['history'] };
    const resubmit = await c.ann!.post(`/api/items/${itemId}/annotations`, {
      labels: fixed,
      lead_time_s: 5,
      version: 1,
    });
    expect(resubmit.status).toBe(201);
    expect(itemRow(itemId)).toMatchObject({ status: 'in_review', tier: 1 });
    expect(((await c.ann!.get(`/api/items/${itemId}`)).json as unknown as WorkItem).rejection).toBeNull();

    const again = (await reviewNext('rev2', p, 'Check'))!;
    expect(again.item.id).toBe(itemId);
    expect(again.annotations[0]!.labels).toEqual(fixed);
    expect(again.reviews.map((r) => r.decision)).toEqual(['approve', 'reject']);
    expect(await decideOk('rev2', annotationId, { decision: 'approve' })).toEqual({
      status: 'accepted',
      tier: null,
    });
    expect(JSON.parse(itemRow(itemId).final_labels!)).toEqual(fixed);
    // A reviewed, accepted item is final.
    const late = await c.ann!.post(`/api/items/${itemId}/annotations`, {
      labels: HISTORY,
      lead_time_s: 1,
      version: 2,
    });
    expect(late.status).toBe(409);
    expect(late.json).toMatchObject({ error: { id: 'final' } });
  });

  it('escalate -> the expert corrects -> accepted, original and correction both kept', async () => {
    const p = await project();
    await importLines(p, [{ id: 'e1', text: 'Ada Lovelace met Babbage.' }]);
    const { itemId, annotationId } = await annotate('ann', p);
    // Reviewers do not work the expert tier; experts also work the lower one.
    expect((await c.rev!.get(`/api/projects/${p}/review/next?tier=Expert`)).status).toBe(403);
    expect((await c.ann!.get(`/api/projects/${p}/review/next?tier=Review`)).status).toBe(403);
    expect(await reviewNext('exp', p, 'Expert')).toBeNull();

    await reviewNext('rev', p, 'Review');
    expect(
      await decideOk('rev', annotationId, { decision: 'escalate', comment: 'Is Babbage a PER?' }),
    ).toEqual({
      status: 'in_review',
      tier: 'Expert',
    });
    const work = (await reviewNext('exp', p, 'Expert'))!;
    expect(work.reviews).toMatchObject([
      { decision: 'escalate', comment: 'Is Babbage a PER?', tier: 'Review' },
    ]);
    const lastTier = await decide('exp', annotationId, { decision: 'escalate', comment: 'up?' });
    expect(lastTier.status).toBe(400);
    expect(lastTier.json).toMatchObject({ error: { id: 'last_tier' } });
    const bad = await decide('exp', annotationId, { decision: 'correct', labels: { topic: ['poetry'] } });
    expect(bad.status).toBe(400);

    const corrected = {
      entities: [
        { start: 0, end: 12, label: 'PER', text: 'Ada Lovelace' },
        { start: 17, end: 24, label: 'PER', text: 'Babbage' },
      ],
      topic: ['science'],
    };
    expect(
      await decideOk('exp', annotationId, {
        decision: 'correct',
        labels: corrected,
        comment: 'Both are people.',
      }),
    ).toEqual({ status: 'accepted', tier: null });
    expect(JSON.parse(itemRow(itemId).final_labels!)).toEqual(corrected);
    const original = t.ctx.db
      .prepare('SELECT labels, version FROM annotations WHERE id = ?')
      .get(annotationId);
    expect(original).toEqual({ labels: JSON.stringify(HISTORY), version: 1 });

    const [line] = await exportLines(p);
    expect(line).toMatchObject({
      id: 'e1',
      status: 'accepted',
      labels: corrected,
      annotations: [{ by: 'ann', labels: HISTORY }],
      agreement: null,
    });
    expect(line!.reviews.map((r) => [r.tier, r.by, r.decision])).toEqual([
      ['Review', 'rev', 'escalate'],
      ['Expert', 'exp', 'correct'],
    ]);
    const audit = t.ctx.audit.list({ projectId: p, limit: 10 }).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['review.escalate', 'review.correct']));
  });

  it('overlap 2: annotators who disagree under the threshold are escalated automatically', async () => {
    const p = await project({ tiers: REVIEW_THEN_EXPERT, agreementThreshold: 0.8 }, 2);
    await importLines(p, [
      { id: 'split', text: 'Curie' },
      { id: 'same', text: 'Darwin' },
    ]);
    const a1 = await annotate('ann', p, HISTORY);
    const b1 = await annotate('ann2', p, SCIENCE);
    expect(a1.itemId).toBe(b1.itemId);
    expect(itemRow(a1.itemId)).toMatchObject({ status: 'in_review', tier: 0, escalated: 1 });
    const a2 = await annotate('ann', p, SCIENCE);
    await annotate('ann2', p, SCIENCE);
    expect(itemRow(a2.itemId)).toMatchObject({ status: 'in_review', tier: 0, escalated: 0 });

    const work = (await reviewNext('rev', p, 'Review'))!;
    expect(work.item.id).toBe(a1.itemId);
    expect(work.annotations.map((a) => a.by)).toEqual(['ann', 'ann2']);
    expect(work.agreement!.score).toBeLessThan(0.8);
    // Approving one annotation accepts it; the escalated item still goes on to the experts.
    expect(await decideOk('rev', b1.annotationId, { decision: 'approve' })).toEqual({
      status: 'in_review',
      tier: 'Expert',
    });
    expect(JSON.parse(itemRow(a1.itemId).final_labels!)).toEqual(SCIENCE);
    const same = (await reviewNext('rev', p, 'Review'))!;
    expect(same.agreement!.score).toBe(1);
    expect(await decideOk('rev', same.annotations[0]!.id, { decision: 'approve' })).toEqual({
      status: 'accepted',
      tier: null,
    });

    const history = (await c.mgr!.get(`/api/items/${a1.itemId}/history`)).json as unknown as TimelineEntry[];
    expect(history.find((e) => e.kind === 'auto-escalate')).toMatchObject({ by: null, tier: 'Review' });
    const [split] = await exportLines(p);
    expect(split!.agreement).toBeLessThan(0.8);
    expect(split!.annotations.map((a) => a.by)).toEqual(['ann', 'ann2']);
  });

  it('a sample tier takes exactly the items its reproducible draw selects', async () => {
    const tiers: Tier[] = [{ name: 'Spot', role: 'reviewer', policy: { kind: 'sample', percent: 30 } }];
    const p = await project({ tiers });
    await importLines(
      p,
      Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, text: `item ${i}` })),
    );
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push((await annotate('ann', p)).itemId);
    const expected = ids.filter((id) => inSample(id, 'Spot', 30));
    const reviewed = ids.filter((id) => itemRow(id).status === 'in_review');
    expect(reviewed).toEqual(expected);
    expect(reviewed.length).toBeGreaterThan(4);
    expect(reviewed.length).toBeLessThan(24);
    for (const id of ids) if (!expected.includes(id)) expect(itemRow(id).status).toBe('accepted');
  });
});

describe('skill routing', () => {
  it('a tagged item reaches only the reviewer and the annotator with a matching skill', async () => {
    const tiers: Tier[] = [{ name: 'Review', role: 'reviewer', policy: { kind: 'all' }, matchSkills: true }];
    const p = await project({ tiers, annotatorsMatchSkills: true });
    await importLines(p, [
      { id: 'med', text: 'Aspirin thins the blood.', tags: ['medicine'] },
      { id: 'plain', text: 'Cats sleep a lot.' },
    ]);
    for (const [u, skills] of [
      ['ann', []],
      ['ann2', ['medicine']],
      ['rev', ['law']],
      ['rev2', ['medicine', 'law']],
    ] as const) {
      expect((await admin.patch(`/api/users/${u}`, { skills })).status).toBe(200);
    }
    const med = t.ctx.items.idOf(p, 'med')!;
    const plain = t.ctx.items.idOf(p, 'plain')!;
    // The annotation queue: ann (no skills) gets only the untagged item.
    expect((await annotate('ann', p)).itemId).toBe(plain);
    expect(await next('ann', p)).toBeNull();
    expect((await annotate('ann2', p)).itemId).toBe(med);

    // Both are in review now: rev (law) sees only the plain one, rev2 (medicine) the medical one.
    const revWork = (await reviewNext('rev', p, 'Review'))!;
    expect(revWork.item.id).toBe(plain);
    expect((await c.rev!.get(`/api/projects/${p}/review/next?tier=Review&exclude=${plain}`)).status).toBe(
      204,
    );
    const medWork = (await reviewNext('rev2', p, 'Review'))!;
    expect(medWork.item).toMatchObject({ id: med, tags: ['medicine'] });
  });
});

describe('gold items', () => {
  it('are mixed in at the gold rate, hidden, scored, served to every annotator once, never reviewed', async () => {
    const p = await project({ goldRate: 100 });
    await importLines(p, [
      { id: 'g', text: 'Newton wrote the Principia.', gold: { topic: ['science'] } },
      { id: 'n', text: 'Rome was founded.' },
    ]);
    const gold = t.ctx.items.idOf(p, 'g')!;
    const res = await c.ann!.get(`/api/projects/${p}/next`);
    expect((res.json as unknown as WorkItem).id).toBe(gold);
    // Nothing tells the annotator it is a gold item, nor the known answer.
    expect(res.text).not.toContain('gold');
    expect(res.text).not.toContain('science');
    await c.ann!.post(`/api/items/${gold}/annotations`, { labels: HISTORY, lead_time_s: 4 });
    // Overlap 1 does not stop the second annotator from getting the same gold item.
    expect((await next('ann2', p))!.id).toBe(gold);
    await c.ann2!.post(`/api/items/${gold}/annotations`, { labels: SCIENCE, lead_time_s: 6 });
    const scores = t.ctx.db
      .prepare('SELECT user_id, gold_score FROM annotations WHERE item_id = ? ORDER BY id')
      .all(gold)
      .map((r) => (r as { gold_score: number }).gold_score);
    expect(scores).toEqual([0, 1]);
    expect(itemRow(gold)).toMatchObject({
      status: 'accepted',
      final_labels: JSON.stringify({ topic: ['science'] }),
    });
    // Each annotator then gets the ordinary item, and only once everything is done is there nothing.
    expect((await next('ann', p))!.id).toBe(t.ctx.items.idOf(p, 'n'));
    expect(await reviewNext('rev', p, 'Review')).toBeNull();

    const dash = (await c.mgr!.get(`/api/projects/${p}/dashboard`)).json as unknown as {
      annotators: { username: string; goldAccuracy: number | null; goldItems: number }[];
    };
    expect(dash.annotators).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: 'ann', goldAccuracy: 0, goldItems: 1 }),
        expect.objectContaining({ username: 'ann2', goldAccuracy: 1, goldItems: 1 }),
      ]),
    );
  });

  it('are not served at a gold rate of 0', async () => {
    const p = await project({ goldRate: 0 });
    await importLines(p, [
      { id: 'g', text: 'known', gold: { topic: ['science'] } },
      { id: 'n', text: 'plain' },
    ]);
    expect((await annotate('ann', p)).itemId).toBe(t.ctx.items.idOf(p, 'n'));
    expect(await next('ann', p)).toBeNull();
  });
});

describe('item history and item edits', () => {
  it('shows every step to managers; an annotator sees only their own work and its decisions', async () => {
    const p = await project({}, 2);
    await importLines(p, [{ id: 'h', text: 'Ada' }]);
    const item = (await next('ann', p))!;
    await next('ann2', p);
    // Two draft saves within a minute make one timeline entry.
    await c.ann!.put(`/api/items/${item.id}/draft`, { labels: { note: 'a' } });
    await c.ann!.put(`/api/items/${item.id}/draft`, { labels: { note: 'ab' } });
    const mine = await c.ann!.post(`/api/items/${item.id}/annotations`, { labels: HISTORY, lead_time_s: 3 });
    const theirs = await c.ann2!.post(`/api/items/${item.id}/annotations`, {
      labels: HISTORY,
      lead_time_s: 3,
    });
    await reviewNext('rev', p, 'Review');
    await decideOk('rev', (theirs.json as unknown as { annotationId: number }).annotationId, {
      decision: 'reject',
      comment: 'secret note for ann2',
    });
    const full = (await c.mgr!.get(`/api/items/${item.id}/history`)).json as unknown as TimelineEntry[];
    expect(full.map((e) => [e.kind, e.by])).toEqual([
      ['import', null],
      ['draft', 'ann'],
      ['submit', 'ann'],
      ['submit', 'ann2'],
      ['reject', 'rev'],
    ]);
    expect(full[4]).toMatchObject({ tier: 'Review', comment: 'secret note for ann2' });
    expect((await c.rev!.get(`/api/items/${item.id}/history`)).status).toBe(200);

    const own = await c.ann!.get(`/api/items/${item.id}/history`);
    expect(own.status).toBe(200);
    expect((own.json as unknown as TimelineEntry[]).map((e) => e.kind)).toEqual([
      'import',
      'draft',
      'submit',
    ]);
    expect(own.text).not.toContain('secret note');
    expect(
      ((await c.ann2!.get(`/api/items/${item.id}/history`)).json as unknown as TimelineEntry[]).at(-1),
    ).toMatchObject({
      kind: 'reject',
      comment: 'secret note for ann2',
    });
    expect(mine.status).toBe(201);

    await importLines(p, [{ id: 'other', text: 'not yours' }]);
    const other = t.ctx.items.idOf(p, 'other')!;
    expect((await c.ann!.get(`/api/items/${other}/history`)).status).toBe(403);
    expect((await c.ann!.get('/api/items/987654321/history')).status).toBe(404);
  });

  it('PATCH /api/items/:id sets tags (the tag filter follows) and priority', async () => {
    const p = await project();
    await importLines(p, [{ id: 'x', text: 'x', tags: ['old'] }]);
    const id = t.ctx.items.idOf(p, 'x')!;
    const res = await c.mgr!.patch(`/api/items/${id}`, {
      tags: ['medicine', 'medicine', 'urgent'],
      priority: 7,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id, tags: ['medicine', 'urgent'], priority: 7 });
    const byTag = async (tag: string) =>
      (
        (await c.mgr!.get(`/api/projects/${p}/items?tag=${tag}`)).json.items as unknown as { id: number }[]
      ).map((i) => i.id);
    expect(await byTag('medicine')).toEqual([id]);
    expect(await byTag('old')).toEqual([]);
    expect((await c.mgr!.patch(`/api/items/${id}`, { priority: 5000 })).status).toBe(400);
    expect((await c.rev!.patch(`/api/items/${id}`, { priority: 1 })).status).toBe(403);
  });
});

describe('export', () => {
  it('filters by tier reached; a tier the project lacks is a 400', async () => {
    const p = await project();
    await importLines(p, [
      { id: 't1', text: 'one' },
      { id: 't2', text: 'two' },
      { id: 't3', text: 'three' },
    ]);
    const one = await annotate('ann', p);
    const two = await annotate('ann', p);
    await reviewNext('rev', p, 'Review');
    await decideOk('rev', one.annotationId, { decision: 'approve' });
    await reviewNext('rev', p, 'Review');
    await decideOk('rev', two.annotationId, { decision: 'escalate', comment: 'unsure' });
    const ids = (lines: ExportLine[]) => lines.map((l) => l.id);
    expect(ids(await exportLines(p, 'status=all&tier=review'))).toEqual(['t1', 't2']);
    expect(ids(await exportLines(p, 'status=all&tier=Expert'))).toEqual(['t2']);
    expect(ids(await exportLines(p, 'tier=Review'))).toEqual(['t1']);
    const [t1] = await exportLines(p, 'tier=Review');
    expect(t1).toMatchObject({
      labels: HISTORY,
      reviews: [{ tier: 'Review', by: 'rev', decision: 'approve' }],
    });
    const res = await admin.get(`/api/projects/${p}/export?tier=Nope`);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { field: 'tier' } });
  });
});
