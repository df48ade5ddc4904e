import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoccanoLineSchema, ExportLineSchema, SpacyLineSchema } from '../../shared/exportLine.ts';
import { startTestServer, type TestServer } from '../testing/harness.ts';

let t: TestServer;
let projectId: number;

const TEXTS = [
  'Ada Lovelace met Babbage in London.',
  'emoji 👩‍👩‍👧 then Paris 🇫🇷 and e\u0301 combining',
  'RTL: שלום עולם and مرحبا',
  'line ends\r\ninside\nthe text\r',
  '=SUM(A1:A2) looks like a formula',
  '  spaces kept  ',
];

const SCHEMA = {
  tasks: [
    { name: 'entities', type: 'spans', labels: [{ value: 'PER' }, { value: 'LOC' }] },
    { name: 'topic', type: 'choices', labels: [{ value: 'history' }, { value: '+plus' }] },
  ],
};

/** Sets an item's final result the way the review workflow will: status accepted, final_labels. */
function accept(extId: string, labels: object) {
  t.ctx.db
    .prepare("UPDATE items SET status = 'accepted', final_labels = ? WHERE project_id = ? AND ext_id = ?")
    .run(JSON.stringify(labels), projectId, extId);
}

beforeAll(async () => {
  t = await startTestServer();
  await t.addUser('mgr');
  await t.addUser('ann');
  await t.addUser('outsider');
  const admin = await t.as('admin');
  projectId = (await admin.post('/api/projects', { name: 'exports', schema: SCHEMA })).json
    .id as unknown as number;
  t.addMember(projectId, 'mgr', 'manager');
  t.addMember(projectId, 'ann', 'annotator');
  const body = TEXTS.map((text, i) => JSON.stringify({ id: `t${i}`, text, meta: { n: i } })).join('\n');
  const res = await admin.request('POST', `/api/projects/${projectId}/import`, body);
  expect(res.json).toMatchObject({ imported: TEXTS.length, errors: [] });

  // "emoji 👩‍👩‍👧 then Paris": Paris starts at code point 6 + 5 + 6 = 17.
  accept('t1', { entities: [{ start: 17, end: 22, label: 'LOC', text: 'Paris' }], topic: ['history'] });
  accept('t0', {
    entities: [
      { start: 29, end: 35, label: 'LOC', text: 'London' },
      { start: 0, end: 12, label: 'PER', text: 'Ada Lovelace' },
    ],
    topic: ['history', '+plus'],
  });
  const item = t.ctx.db.prepare('SELECT id FROM items WHERE ext_id = ?').pluck().get('t0') as number;
  const annId = t.ctx.users.byName('ann')!.id;
  t.ctx.db
    .prepare(
      "INSERT INTO annotations (project_id, item_id, user_id, labels, lead_time_s, submitted_at) VALUES (?, ?, ?, ?, 41.5, '2026-01-02T03:04:05.000Z')",
    )
    .run(projectId, item, annId, JSON.stringify({ topic: ['history'] }));
});
afterAll(() => t.close());

const lines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('GET /api/projects/:id/export', () => {
  it('streams every item with status=all, text byte for byte, as a download', async () => {
    const mgr = await t.as('mgr');
    const res = await mgr.get(`/api/projects/${projectId}/export?status=all`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="gloss-project-${projectId}-all.jsonl"`,
    );
    const out = lines(res.text).map((l) => ExportLineSchema.parse(l));
    expect(out.map((l) => l.data.text)).toEqual(TEXTS);
    for (const text of TEXTS) expect(res.text).toContain(JSON.stringify(text));
    expect(out[2]).toEqual({
      id: 't2',
      data: { text: TEXTS[2], meta: { n: 2 } },
      labels: null,
      status: 'new',
      annotations: [],
      reviews: [],
      agreement: null,
    });
    expect(out[0]!.annotations).toEqual([
      {
        by: 'ann',
        labels: { topic: ['history'] },
        lead_time_s: 41.5,
        submitted_at: '2026-01-02T03:04:05.000Z',
      },
    ]);
  });

  it('exports only accepted items by default, with their final labels', async () => {
    const mgr = await t.as('mgr');
    const out = lines((await mgr.get(`/api/projects/${projectId}/export`)).text);
    expect(out.map((l) => l.id)).toEqual(['t0', 't1']);
    expect(out[1]).toMatchObject({ status: 'accepted', labels: { topic: ['history'] } });
  });

  it('round-trips: the export imports into another project unchanged', async () => {
    const admin = await t.as('admin');
    const exported = (await admin.get(`/api/projects/${projectId}/export?status=all`)).text;
    const copy = (await admin.post('/api/projects', { name: 'copy' })).json.id as unknown as number;
    expect((await admin.request('POST', `/api/projects/${copy}/import`, exported)).json).toMatchObject({
      imported: TEXTS.length,
      errors: [],
    });
    const again = lines((await admin.get(`/api/projects/${copy}/export?status=all`)).text);
    expect(again.map((l) => l.data)).toEqual(lines(exported).map((l) => l.data));
  });

  it('writes doccano and spaCy lines with code-point offsets', async () => {
    const mgr = await t.as('mgr');
    const doccano = lines((await mgr.get(`/api/projects/${projectId}/export?format=doccano`)).text).map((l) =>
      DoccanoLineSchema.parse(l),
    );
    expect(doccano[0]).toEqual({
      id: 't0',
      text: TEXTS[0],
      label: [
        [0, 12, 'PER'],
        [29, 35, 'LOC'],
      ],
      cats: ['history', '+plus'],
    });
    const spacy = lines((await mgr.get(`/api/projects/${projectId}/export?format=spacy`)).text).map((l) =>
      SpacyLineSchema.parse(l),
    );
    expect(spacy[1]).toEqual({
      id: 't1',
      text: TEXTS[1],
      spans: [{ start: 17, end: 22, label: 'LOC' }],
      cats: { history: 1 },
    });
    expect([...TEXTS[1]!].slice(17, 22).join('')).toBe('Paris');
  });

  it('writes CSV with formula-like cells neutralised', async () => {
    const mgr = await t.as('mgr');
    const res = await mgr.get(`/api/projects/${projectId}/export?format=csv&status=all`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/-all-csv\.csv"$/);
    const rows = res.text.split('\r\n');
    expect(rows[0]).toBe('id,text,topic');
    expect(rows[1]).toBe(`t0,${TEXTS[0]},history|+plus`);
    expect(res.text).toContain("t4,'=SUM(A1:A2) looks like a formula,");
    expect(res.text).toContain('"line ends\r\ninside\nthe text\r"');
  });

  it('filters by creation date', async () => {
    const mgr = await t.as('mgr');
    const none = await mgr.get(`/api/projects/${projectId}/export?status=all&to=2000-01-01`);
    expect(none.status).toBe(200);
    expect(none.text).toBe('');
    const all = await mgr.get(`/api/projects/${projectId}/export?status=all&from=2000-01-01`);
    expect(lines(all.text)).toHaveLength(TEXTS.length);
    expect((await mgr.get(`/api/projects/${projectId}/export?from=soon`)).status).toBe(400);
  });

  it('lets only managers (and admins) export; a non-member gets 404; it is audited', async () => {
    expect((await (await t.as('ann')).get(`/api/projects/${projectId}/export`)).status).toBe(403);
    expect((await (await t.as('outsider')).get(`/api/projects/${projectId}/export`)).status).toBe(404);
    expect((await t.anon().get(`/api/projects/${projectId}/export`)).status).toBe(401);
    const [event] = t.ctx.audit.list({ action: 'export', projectId, limit: 1 });
    expect(event).toMatchObject({ detail: { completed: true } });
  });
});
