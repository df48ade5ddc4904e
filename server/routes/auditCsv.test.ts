import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.addUser('ann');
});
afterAll(() => t.close());

/** RFC 4180 records, quoted fields with commas, quotes and line breaks included. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('GET /api/audit.csv', () => {
  it('streams every matching event, newest first, across many pages, as a download', async () => {
    const insert = t.ctx.db.prepare(
      "INSERT INTO audit (actor, action, target) VALUES ('bulk', 'bulk.event', ?)",
    );
    t.ctx.db.transaction(() => {
      for (let i = 0; i < 2500; i++) insert.run(`target ${i}`);
    })();
    const admin = await t.as('admin');
    const res = await admin.get('/api/audit.csv?action=bulk.event');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="gloss-audit.csv"');
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual(['id', 'at', 'actor', 'action', 'project_id', 'target', 'detail', 'ip']);
    expect(rows).toHaveLength(2501);
    expect(rows[1]![5]).toBe('target 2499');
    expect(rows[2500]![5]).toBe('target 0');
    const ids = rows.slice(1).map((r) => Number(r[0]));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('applies the actor and project filters like the page does', async () => {
    const admin = await t.as('admin');
    const p = (await admin.post('/api/projects', { name: 'Filtered' })).json.id as unknown as number;
    await admin.patch(`/api/projects/${p}`, { description: 'changed' });
    const rows = parseCsv((await admin.get(`/api/audit.csv?projectId=${p}&actor=admin`)).text).slice(1);
    expect(rows.map((r) => r[3])).toEqual(['project.update', 'project.create']);
    expect(rows.every((r) => r[4] === String(p) && r[2] === 'admin')).toBe(true);
    expect((await admin.get('/api/audit.csv?projectId=abc')).status).toBe(400);
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const hostile = ['=HYPERLINK("http://x","click")', '+1+1', '-2+3', '@SUM(A1)', '\t=1'];
    for (const username of hostile) {
      await t.anon().post('/api/auth/login', { username, password: 'wrong-password' });
    }
    const admin = await t.as('admin');
    await admin.post('/api/projects', { name: '=cmd|"/c calc"!A1' });
    const text = (await admin.get('/api/audit.csv')).text;
    const cells = parseCsv(text).flat();
    for (const cell of cells) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    for (const username of hostile) expect(cells).toContain(`'${username}`);
    expect(cells).toContain(`'=cmd|"/c calc"!A1`);
  });

  it('is for admins only', async () => {
    expect((await (await t.as('ann')).get('/api/audit.csv')).status).toBe(403);
    expect((await t.anon().get('/api/audit.csv')).status).toBe(401);
  });
});
