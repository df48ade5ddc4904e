import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkItem } from '../../shared/annotate.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { type Client, startTestServer, type TestServer } from '../testing/harness.ts';
import { insertItems, queueProject } from '../testing/queueFixtures.ts';

let t: TestServer;
let ann: Client;
let bob: Client;

beforeAll(async () => {
  t = await startTestServer();
  await t.addUser('ann');
  await t.addUser('bob');
  ann = await t.as('ann');
  bob = await t.as('bob');
});
afterAll(() => t.close());

function project(overlap = 1) {
  const p = queueProject(t.ctx, { overlap, name: `p${Math.random()}` });
  t.addMember(p.id, 'ann', 'annotator');
  t.addMember(p.id, 'bob', 'annotator');
  return p;
}
const next = async (c: Client, p: ProjectRecord) =>
  (await c.get(`/api/projects/${p.id}/next`)).json as unknown as WorkItem;
const LABELS = {
  entities: [{ start: 0, end: 3, label: 'PER', text: 'Ada' }],
  topic: ['history'],
  note: 'fine',
};

describe('drafts', () => {
  it('round-trip: saved, returned by next and by GET /api/items/:id after a reload', async () => {
    const p = project();
    const [id] = insertItems(t.ctx.db, p.id, [{ text: 'Ada met Babbage.' }]) as [number];
    const item = await next(ann, p);
    expect(item).toMatchObject({ id, draft: null, annotation: null, data: { text: 'Ada met Babbage.' } });
    expect((await ann.put(`/api/items/${id}/draft`, { labels: LABELS })).status).toBe(204);
    const again = await next(ann, p);
    expect(again.draft!.labels).toEqual(LABELS);
    expect(Date.parse(again.draft!.savedAt)).toBeGreaterThan(Date.now() - 10_000);
    expect(((await ann.get(`/api/items/${id}`)).json as unknown as WorkItem).draft!.labels).toEqual(LABELS);
  });

  it('refuses labels that do not fit the schema, naming the field, and changes nothing', async () => {
    const p = project();
    const [id] = insertItems(t.ctx.db, p.id, 1) as [number];
    await next(ann, p);
    const bad = await ann.put(`/api/items/${id}/draft`, { labels: { topic: ['poetry'] } });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { id: 'invalid', field: 'topic.0' } });
    const unknownTask = await ann.put(`/api/items/${id}/draft`, { labels: { colour: 'red' } });
    expect(unknownTask.status).toBe(400);
    const span = await ann.put(`/api/items/${id}/draft`, {
      labels: { entities: [{ start: 4, end: 2, label: 'PER' }] },
    });
    expect(span.status).toBe(400);
    expect((await next(ann, p)).draft).toBeNull();
  });

  it('refuses a draft for an item that is not mine', async () => {
    const p = project();
    const [id] = insertItems(t.ctx.db, p.id, 1) as [number];
    await next(ann, p);
    expect((await bob.put(`/api/items/${id}/draft`, { labels: {} })).status).toBe(404);
  });
});

describe('submit', () => {
  it('refuses a submit with a required task unanswered, naming it', async () => {
    const p = project();
    const [id] = insertItems(t.ctx.db, p.id, 1) as [number];
    await next(ann, p);
    const res = await ann.post(`/api/items/${id}/annotations`, {
      labels: { note: 'no topic' },
      lead_time_s: 4,
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { id: 'required', field: 'labels.topic' } });
    expect((res.json.error as { message: string }).message).toContain('"topic"');
    expect(t.ctx.db.prepare('SELECT COUNT(*) FROM annotations WHERE item_id = ?').pluck().get(id)).toBe(0);
    const empty = await ann.post(`/api/items/${id}/annotations`, { labels: { topic: [] }, lead_time_s: 4 });
    expect(empty.status).toBe(400);
  });

  it('overlap 1: accepts the item with the labels as final, deletes the draft, frees the lease', async () => {
    const p = project(1);
    const [id] = insertItems(t.ctx.db, p.id, 2) as [number];
    await next(ann, p);
    await ann.put(`/api/items/${id}/draft`, { labels: { note: 'draft' } });
    const res = await ann.post(`/api/items/${id}/annotations`, { labels: LABELS, lead_time_s: 12.5 });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ annotationId: expect.any(Number), version: 1 });
    const item = t.ctx.db
      .prepare('SELECT status, final_labels, assigned FROM items WHERE id = ?')
      .get(id) as {
      status: string;
      final_labels: string;
      assigned: number;
    };
    expect(item.status).toBe('accepted');
    expect(JSON.parse(item.final_labels)).toEqual(LABELS);
    expect(item.assigned).toBe(1);
    const row = t.ctx.db
      .prepare('SELECT state, draft, lease_until FROM assignments WHERE item_id = ?')
      .get(id);
    expect(row).toEqual({ state: 'submitted', draft: null, lease_until: null });
    expect(
      t.ctx.db.prepare('SELECT lead_time_s FROM annotations WHERE id = ?').pluck().get(res.json.annotationId),
    ).toBe(12.5);
  });

  it('overlap 2 without review tiers: annotating after one submit, accepted after two (same labels: final)', async () => {
    const p = project(2);
    const [id] = insertItems(t.ctx.db, p.id, 1) as [number];
    const status = () => t.ctx.db.prepare('SELECT status, final_labels FROM items WHERE id = ?').get(id);
    await next(ann, p);
    await next(bob, p);
    expect(status()).toEqual({ status: 'new', final_labels: null });
    await ann.post(`/api/items/${id}/annotations`, { labels: LABELS, lead_time_s: 1 });
    expect(status()).toEqual({ status: 'annotating', final_labels: null });
    await bob.post(`/api/items/${id}/annotations`, { labels: LABELS, lead_time_s: 1 });
    expect(status()).toEqual({ status: 'accepted', final_labels: JSON.stringify(LABELS) });
  });

  it('edits from history need the current version; a stale one gets 409 and changes nothing', async () => {
    const p = project();
    const [id] = insertItems(t.ctx.db, p.id, 1) as [number];
    await next(ann, p);
    const url = `/api/items/${id}/annotations`;
    expect((await ann.post(url, { labels: LABELS, lead_time_s: 10 })).json).toMatchObject({ version: 1 });
    const edited = { ...LABELS, topic: ['science'] };
    const v2 = await ann.post(url, { labels: edited, lead_time_s: 5, version: 1 });
    expect(v2.status).toBe(201);
    expect(v2.json).toMatchObject({ version: 2 });

    const stale = await ann.post(url, { labels: LABELS, lead_time_s: 5, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json).toEqual({
      error: { id: 'stale', message: 'this annotation was changed elsewhere (version 2); reload to see it' },
    });
    expect((await ann.post(url, { labels: LABELS, lead_time_s: 5 })).status).toBe(409);

    const seen = (await ann.get(`/api/items/${id}`)).json as unknown as WorkItem;
    expect(seen.annotation).toMatchObject({ version: 2, labels: edited });
    const final = t.ctx.db.prepare('SELECT final_labels FROM items WHERE id = ?').pluck().get(id) as string;
    expect(JSON.parse(final)).toEqual(edited);
    // Lead time adds up over edits.
    expect(t.ctx.db.prepare('SELECT lead_time_s FROM annotations WHERE item_id = ?').pluck().get(id)).toBe(
      15,
    );
  });

  it('refuses a lead time that is not a sane number of seconds', async () => {
    const p = project();
    const [id] = insertItems(t.ctx.db, p.id, 1) as [number];
    await next(ann, p);
    const res = await ann.post(`/api/items/${id}/annotations`, { labels: LABELS, lead_time_s: -1 });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { field: 'lead_time_s' } });
  });
});

describe('predictions and stats', () => {
  it('delivers the item predictions with the work item', async () => {
    const p = project();
    const predictions = [{ model: 'ner-v3', score: 0.8, labels: { topic: ['science'] } }];
    insertItems(t.ctx.db, p.id, [{ text: 'with predictions', predictions }, { text: 'without' }]);
    const first = await next(ann, p);
    expect(first.predictions).toEqual(predictions);
    await ann.post(`/api/items/${first.id}/annotations`, { labels: LABELS, lead_time_s: 1 });
    expect((await next(ann, p)).predictions).toEqual([]);
  });

  it('stats/me: done today, the median of my lead times and my total', async () => {
    const p = project();
    const ids = insertItems(t.ctx.db, p.id, 4);
    const empty = (await ann.get(`/api/projects/${p.id}/stats/me`)).json;
    expect(empty).toEqual({ doneToday: 0, medianSeconds: null, total: 0 });
    for (const [i, secs] of [4, 10, 6].entries()) {
      const item = await next(ann, p);
      expect(item.id).toBe(ids[i]);
      await ann.post(`/api/items/${item.id}/annotations`, { labels: LABELS, lead_time_s: secs });
    }
    // One of them was submitted yesterday: still in the total and the median, not in today.
    t.ctx.db
      .prepare('UPDATE annotations SET submitted_at = ? WHERE item_id = ?')
      .run(new Date(Date.now() - 86_400_000).toISOString(), ids[0]);
    const stats = (await ann.get(`/api/projects/${p.id}/stats/me`)).json;
    expect(stats).toEqual({ doneToday: 2, medianSeconds: 6, total: 3 });
    expect((await bob.get(`/api/projects/${p.id}/stats/me`)).json).toMatchObject({ total: 0 });
  });
});
