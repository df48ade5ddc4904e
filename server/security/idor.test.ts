import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkItem } from '../../shared/annotate.ts';
import { PROJECT_ROLES, type ProjectRole } from '../../shared/permissions.ts';
import { storeImage } from '../media/ingest.ts';
import { type Client, startTestServer, type TestServer } from '../testing/harness.ts';
import { testPng } from '../testing/images.ts';
import { TEXT_SCHEMA } from '../testing/queueFixtures.ts';
import { type ApiRoute, fillPattern, listApiRoutes, routeParams } from './routes.ts';

/**
 * IDOR: members of project A call every id-taking route with ids that belong to project B (or,
 * for tokens, to a user of B). Each call must answer exactly what an id that does not exist gets
 * (404), carry nothing of B, and change nothing in B. The routes come from the app's router, so a
 * new route is attacked the day it is added; a route whose id kind is unknown here fails until it
 * is taught below.
 */

/** In every piece of B's data, so a reply that leaks any of it is caught by one substring. */
const MARK = 'zq-secret';
const MISSING = '987654321';

let t: TestServer;
let A: number;
let B: number;
const clients = new Map<ProjectRole, Client>();
/** Ids that belong to B, by the resource segment that precedes them in a route. */
const foreign = new Map<string, string[]>();
/** Ids of the same kinds that belong to A or to the caller, for the other params of a route. */
const own = new Map<string, string>();

async function project(admin: Client, name: string, guidelines: string) {
  const res = await admin.post('/api/projects', { name, schema: TEXT_SCHEMA, guidelines });
  expect(res.status).toBe(201);
  return res.json.id as unknown as number;
}

async function importLines(admin: Client, id: number, lines: object[]) {
  const body = lines.map((l) => JSON.stringify(l)).join('\n');
  const res = await admin.request('POST', `/api/projects/${id}/import?format=jsonl`, body);
  expect(res.json).toMatchObject({ errors: [] });
}

/** Takes the next item of `projectId` and submits it: an annotation exists afterwards. */
async function annotate(c: Client, projectId: number, note: string) {
  const item = (await c.get(`/api/projects/${projectId}/next`)).json as unknown as WorkItem;
  const res = await c.post(`/api/items/${item.id}/annotations`, {
    labels: { topic: ['history'], note },
    lead_time_s: 2,
  });
  expect(res.status).toBe(201);
  return { itemId: item.id, annotationId: (res.json as unknown as { annotationId: number }).annotationId };
}

beforeAll(async () => {
  t = await startTestServer();
  const admin = await t.as('admin');
  for (const u of [...PROJECT_ROLES, 'annB', 'mgrB']) await t.addUser(u);
  A = await project(admin, 'Alpha', 'Label carefully.');
  B = await project(admin, `Bravo ${MARK}`, `# ${MARK} guidelines`);
  for (const role of PROJECT_ROLES) t.addMember(A, role, role);
  t.addMember(B, 'annB', 'annotator');
  t.addMember(B, 'mgrB', 'manager');
  await importLines(
    admin,
    A,
    [1, 2, 3].map((n) => ({ id: `a-${n}`, text: `alpha item ${n}` })),
  );
  await importLines(
    admin,
    B,
    [1, 2, 3].map((n) => ({ id: `${MARK}-${n}`, text: `${MARK} item ${n}`, meta: { secret: MARK } })),
  );
  for (const role of PROJECT_ROLES) clients.set(role, await t.as(role));

  const b = await annotate(await t.as('annB'), B, `${MARK} note`);
  // A second B item held by B's annotator with a draft: a lease and a draft to steal.
  const annB = await t.as('annB');
  const held = (await annB.get(`/api/projects/${B}/next`)).json as unknown as WorkItem;
  expect((await annB.put(`/api/items/${held.id}/draft`, { labels: { note: MARK } })).status).toBe(204);
  const a = await annotate(clients.get('annotator')!, A, 'alpha note');
  const token = (await annB.post('/api/tokens', { name: `${MARK} token` })).json.id as unknown as number;
  const untouched = t.ctx.items.idOf(B, `${MARK}-3`)!;
  // Images of different colours, so the two projects do not share one stored file.
  const bImage = await storeImage(t.ctx, B, `${MARK}.png`, testPng(8, 8, [200, 30, 30]));
  const aImage = await storeImage(t.ctx, A, 'alpha.png', testPng(8, 8, [30, 200, 30]));

  // Items in each state: submitted, leased with a draft, never handed out.
  foreign.set('projects', [String(B)]).set('items', [b.itemId, held.id, untouched].map(String));
  foreign.set('annotations', [String(b.annotationId)]).set('tokens', [String(token)]);
  foreign.set('media', [String(bImage.mediaId)]);
  own.set('projects', String(A)).set('items', String(a.itemId)).set('annotations', String(a.annotationId));
  own.set('media', String(aImage.mediaId));
});
afterAll(() => t.close());

/**
 * The id of a B row for a resource the lists above do not know: any table named like the route
 * segment with a project_id column (media, reviews, ...). Null when there is none, which fails.
 */
function tableId(resource: string, projectId: number): string | null {
  const tables = t.ctx.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
    .pluck()
    .all() as string[];
  const table = tables.find((n) => n === resource || n === `${resource}s` || `${n}s` === resource);
  if (!table) return null;
  const cols = t.ctx.db.pragma(`table_info(${table})`) as { name: string }[];
  if (!cols.some((c) => c.name === 'project_id') || !cols.some((c) => c.name === 'id')) return null;
  const id = t.ctx.db.prepare(`SELECT id FROM ${table} WHERE project_id = ? LIMIT 1`).pluck().get(projectId);
  return id === undefined ? null : String(id);
}

const isIdParam = (p: { name: string; resource: string }) =>
  p.name === 'id' || /Id$/.test(p.name) || foreign.has(p.resource);

/** Values for params that name no project resource (usernames, tier names...). */
const PLAIN: Record<string, string> = { username: 'annB' };

interface Attack {
  route: ApiRoute;
  /** The param given a B id; the others get A's (or the caller's own). */
  param: string;
  values: Record<string, string>;
}

/** For each id param of each route and each B id of its kind: that param foreign, the rest own. */
function attacks(): { list: Attack[]; unknown: string[] } {
  const list: Attack[] = [];
  const unknown: string[] = [];
  for (const route of listApiRoutes(t.ctx)) {
    const params = routeParams(route.pattern);
    for (const target of params.filter(isIdParam)) {
      const found = tableId(target.resource, B);
      const targets = foreign.get(target.resource) ?? (found === null ? [] : [found]);
      if (targets.length === 0) {
        unknown.push(`${route.method} ${route.pattern} (:${target.name} of "${target.resource}")`);
        continue;
      }
      for (const value of targets) {
        const values: Record<string, string> = {};
        for (const p of params) {
          const v =
            p === target
              ? value
              : isIdParam(p)
                ? (own.get(p.resource) ?? tableId(p.resource, A))
                : (PLAIN[p.name] ?? 'x');
          if (v === null) unknown.push(`${route.method} ${route.pattern} (:${p.name} of "${p.resource}")`);
          else values[p.name] = v;
        }
        list.push({ route, param: target.name, values });
      }
    }
  }
  return { list, unknown };
}

/** Everything of B in the database: any change made by an A caller is a failed IDOR. */
function snapshotB(): string[] {
  const db = t.ctx.db;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  const rows: string[] = [];
  for (const table of tables) {
    const cols = db.pragma(`table_info(${table})`) as { name: string }[];
    if (!cols.some((c) => c.name === 'project_id')) continue;
    for (const r of db.prepare(`SELECT * FROM ${table} WHERE project_id = ?`).all(B))
      rows.push(`${table} ${JSON.stringify(r)}`);
  }
  rows.push(JSON.stringify(db.prepare('SELECT * FROM projects WHERE id = ?').get(B)));
  rows.push(JSON.stringify(db.prepare("SELECT * FROM api_tokens WHERE name LIKE '%zq-secret%'").all()));
  return rows.sort();
}

const bodyFor = (method: string) => (method === 'GET' || method === 'DELETE' ? undefined : {});

describe('IDOR: ids of another project', () => {
  it('knows how to find a foreign id for every id-taking route', () => {
    const { list, unknown } = attacks();
    expect(unknown, 'teach idor.test.ts where such ids come from (and seed one in B)').toEqual([]);
    expect(list.length).toBeGreaterThanOrEqual(8);
  });

  it('every id-taking route answers a foreign id exactly like a missing one, leaking and changing nothing', async () => {
    const before = snapshotB();
    const failures: string[] = [];
    for (const { route, param, values } of attacks().list) {
      for (const [role, c] of clients) {
        const path = fillPattern(route.pattern, values);
        const res = await c.request(route.method, path, bodyFor(route.method));
        const missing = await c.request(
          route.method,
          fillPattern(route.pattern, { ...values, [param]: MISSING }),
          bodyFor(route.method),
        );
        const where = `${role}: ${route.method} ${path} (:${param} from B)`;
        if (res.status >= 200 && res.status < 300) failures.push(`${where} answered ${res.status}`);
        else if (res.status !== 404) failures.push(`${where} answered ${res.status}, not 404`);
        else if (res.text !== missing.text) failures.push(`${where} differs from a missing id: ${res.text}`);
        if (res.text.includes(MARK)) failures.push(`${where} leaked B data: ${res.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(snapshotB()).toEqual(before);
  });

  it('the foreign ids are real: an admin finds each of them', async () => {
    const admin = await t.as('admin');
    const missing: string[] = [];
    for (const { route, values } of attacks().list) {
      // An annotator's item view answers only for items in the caller's own queue.
      if (route.method !== 'GET' || route.pattern === '/api/items/:id') continue;
      const path = fillPattern(route.pattern, values);
      if ((await admin.get(path)).status === 404) missing.push(path);
    }
    expect(missing).toEqual([]);
  });

  it('B stays invisible in every list an A member can read', async () => {
    for (const [role, c] of clients) {
      for (const path of ['/api/projects', '/api/auth/me', '/api/tokens', `/api/projects/${A}/members`]) {
        const res = await c.get(path);
        expect(res.text, `${role} ${path}`).not.toContain(MARK);
      }
      for (const path of [`/api/projects/${A}/items?q=${MARK}`, `/api/projects/${A}/history`]) {
        expect((await c.get(path)).text, `${role} ${path}`).not.toContain(MARK);
      }
    }
  });

  it("B's token and lease still work for B's annotator after the attacks", async () => {
    const annB = await t.as('annB');
    const tokens = (await annB.get('/api/tokens')).json as unknown as { name: string }[];
    expect(tokens.map((x) => x.name)).toContain(`${MARK} token`);
    const item = (await annB.get(`/api/projects/${B}/next`)).json as unknown as WorkItem;
    expect(item.draft?.labels).toEqual({ note: MARK });
  });
});
