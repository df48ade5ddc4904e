import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GLOBAL_ACTIONS,
  type GlobalAction,
  PROJECT_ACTIONS,
  type ProjectAction,
  type ProjectRole,
} from '../../shared/permissions.ts';
import { DEFAULT_TIERS } from '../../shared/review/tiers.ts';
import { storeImage } from '../media/ingest.ts';
import { listApiRoutes } from '../security/routes.ts';
import { type Client, startTestServer, type TestServer } from '../testing/harness.ts';
import { testPng } from '../testing/images.ts';
import { queueProject } from '../testing/queueFixtures.ts';

/**
 * The route-by-role walk: every API route, called as every kind of caller, must answer exactly
 * what the permission table in shared/permissions.ts says. A route added without an entry here
 * fails the completeness check at the bottom.
 */
type Caller = 'anon' | 'outsider' | ProjectRole | 'admin';
const CALLERS: Caller[] = ['anon', 'outsider', 'annotator', 'reviewer', 'expert', 'manager', 'admin'];

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Express path pattern, as registered. */
  pattern: string;
  /** Who may call it: a permission-table action, any logged-in user, or anyone. */
  needs: ProjectAction | GlobalAction | 'login' | 'public';
  /** The concrete path and body for one call. */
  call: (w: World, who: Caller) => { path: string; body?: unknown };
  /** Status of an allowed call (default 200). */
  ok?: number;
  /** Runs before each call, to make mutating calls repeatable. */
  before?: (w: World) => void | Promise<void>;
}

interface World {
  t: TestServer;
  projectId: number;
  otherProjectId: number;
  seq: number;
}

let w: World;
const clients = new Map<Caller, Client>();

const ROUTES: Route[] = [
  { method: 'GET', pattern: '/api/health', needs: 'public', call: () => ({ path: '/api/health' }) },
  { method: 'GET', pattern: '/api/auth/me', needs: 'login', call: () => ({ path: '/api/auth/me' }) },
  {
    method: 'POST',
    pattern: '/api/auth/password',
    needs: 'login',
    ok: 400,
    call: () => ({
      path: '/api/auth/password',
      body: { current: 'not-the-password', password: 'whatever-123' },
    }),
  },
  { method: 'GET', pattern: '/api/tokens', needs: 'token.own', call: () => ({ path: '/api/tokens' }) },
  {
    method: 'POST',
    pattern: '/api/tokens',
    needs: 'token.own',
    ok: 201,
    call: () => ({ path: '/api/tokens', body: { name: 'walk' } }),
  },
  {
    method: 'DELETE',
    pattern: '/api/tokens/:tokenId',
    needs: 'token.own',
    ok: 204,
    call: (x, who) => {
      const user = x.t.ctx.users.byName(userOf(who));
      const id = user ? x.t.ctx.sessions.createToken(user.id, 'victim', `walk-${x.seq++}`).id : 1;
      return { path: `/api/tokens/${id}` };
    },
  },
  { method: 'GET', pattern: '/api/users', needs: 'user.list', call: () => ({ path: '/api/users' }) },
  {
    method: 'POST',
    pattern: '/api/users',
    needs: 'user.manage',
    ok: 201,
    call: (x) => ({ path: '/api/users', body: { username: `new${x.seq++}`, password: 'long-enough-pw' } }),
  },
  {
    method: 'PATCH',
    pattern: '/api/users/:username',
    needs: 'user.manage',
    call: () => ({ path: '/api/users/victim', body: { displayName: 'Victim' } }),
  },
  {
    method: 'DELETE',
    pattern: '/api/users/:username/lockout',
    needs: 'user.manage',
    ok: 204,
    call: () => ({ path: '/api/users/victim/lockout' }),
  },
  { method: 'GET', pattern: '/api/audit', needs: 'audit.read', call: () => ({ path: '/api/audit' }) },
  { method: 'GET', pattern: '/api/projects', needs: 'login', call: () => ({ path: '/api/projects' }) },
  {
    method: 'POST',
    pattern: '/api/projects',
    needs: 'project.create',
    ok: 201,
    call: () => ({ path: '/api/projects', body: { name: 'walk project' } }),
  },
  {
    method: 'GET',
    pattern: '/api/projects/:id',
    needs: 'project.read',
    call: (x) => ({ path: `/api/projects/${x.projectId}` }),
  },
  {
    method: 'PATCH',
    pattern: '/api/projects/:id',
    needs: 'project.update',
    call: (x) => ({ path: `/api/projects/${x.projectId}`, body: { description: 'walked' } }),
  },
  {
    method: 'POST',
    pattern: '/api/projects/:id/tiers/preview',
    needs: 'project.update',
    call: (x) => ({ path: `/api/projects/${x.projectId}/tiers/preview`, body: { tiers: [] } }),
  },
  {
    method: 'GET',
    pattern: '/api/projects/:id/delete-preview',
    needs: 'project.delete',
    call: (x) => ({ path: `/api/projects/${doomed(x, 'preview').id}/delete-preview` }),
  },
  {
    method: 'DELETE',
    pattern: '/api/projects/:id',
    needs: 'project.delete',
    call: (x) => {
      const p = doomed(x, `doomed ${x.seq++}`);
      return { path: `/api/projects/${p.id}`, body: { confirm: p.name } };
    },
  },
  {
    method: 'GET',
    pattern: '/api/projects/:id/members',
    needs: 'members.read',
    call: (x) => ({ path: `/api/projects/${x.projectId}/members` }),
  },
  {
    method: 'PUT',
    pattern: '/api/projects/:id/members/:username',
    needs: 'members.manage',
    call: (x) => ({ path: `/api/projects/${x.projectId}/members/victim`, body: { role: 'annotator' } }),
  },
  {
    method: 'DELETE',
    pattern: '/api/projects/:id/members/:username',
    needs: 'members.manage',
    ok: 204,
    before: (x) => x.t.addMember(x.projectId, 'victim', 'annotator'),
    call: (x) => ({ path: `/api/projects/${x.projectId}/members/victim` }),
  },
  {
    method: 'GET',
    pattern: '/api/projects/:id/items',
    needs: 'items.read',
    call: (x) => ({ path: `/api/projects/${x.projectId}/items` }),
  },
  {
    method: 'POST',
    pattern: '/api/projects/:id/import',
    needs: 'items.import',
    call: (x) => ({
      path: `/api/projects/${x.projectId}/import?format=jsonl`,
      body: `{"text": "walk ${x.seq++}"}\n`,
    }),
  },
  {
    method: 'GET',
    pattern: '/api/projects/:id/export',
    needs: 'items.export',
    call: (x) => ({ path: `/api/projects/${x.projectId}/export?status=all` }),
  },
  {
    method: 'GET',
    pattern: '/api/projects/:id/next',
    needs: 'annotate',
    before: (x) => {
      x.t.ctx.db
        .prepare("INSERT INTO items (project_id, ext_id, kind, data) VALUES (?, ?, 'text', '{}')")
        .run(x.projectId, `walk-open-${x.seq++}`);
    },
    call: (x) => ({ path: `/api/projects/${x.projectId}/next` }),
  },
  {
    method: 'GET',
    pattern: '/api/projects/:id/history',
    needs: 'annotate',
    call: (x) => ({ path: `/api/projects/${x.projectId}/history` }),
  },
  {
    method: 'GET',
    pattern: '/api/projects/:id/stats/me',
    needs: 'annotate',
    call: (x) => ({ path: `/api/projects/${x.projectId}/stats/me` }),
  },
  {
    method: 'GET',
    pattern: '/api/items/:id',
    needs: 'annotate',
    call: (x, who) => ({ path: `/api/items/${leasedItem(x, who)}` }),
  },
  {
    method: 'PUT',
    pattern: '/api/items/:id/draft',
    needs: 'annotate',
    ok: 204,
    call: (x, who) => ({ path: `/api/items/${leasedItem(x, who)}/draft`, body: { labels: {} } }),
  },
  {
    method: 'POST',
    pattern: '/api/items/:id/annotations',
    needs: 'annotate',
    ok: 201,
    call: (x, who) => ({
      path: `/api/items/${leasedItem(x, who)}/annotations`,
      body: { labels: {}, lead_time_s: 3 },
    }),
  },
  {
    method: 'POST',
    pattern: '/api/items/:id/skip',
    needs: 'annotate',
    ok: 204,
    call: (x, who) => ({ path: `/api/items/${leasedItem(x, who)}/skip`, body: {} }),
  },
  {
    method: 'GET',
    pattern: '/api/projects/:id/review/next',
    needs: 'review',
    before: (x) => {
      inReview(x);
    },
    call: (x) => ({ path: `/api/projects/${x.projectId}/review/next?tier=Review` }),
  },
  {
    method: 'POST',
    pattern: '/api/annotations/:id/reviews',
    needs: 'review',
    ok: 201,
    call: (x) => ({
      path: `/api/annotations/${inReview(x).annotationId}/reviews`,
      body: { decision: 'approve' },
    }),
  },
  {
    method: 'GET',
    pattern: '/api/items/:id/history',
    needs: 'items.read',
    call: (x) => ({ path: `/api/items/${inReview(x).itemId}/history` }),
  },
  {
    method: 'PATCH',
    pattern: '/api/items/:id',
    needs: 'items.update',
    call: (x) => ({ path: `/api/items/${inReview(x).itemId}`, body: { tags: ['walk'], priority: 2 } }),
  },
  {
    method: 'GET',
    pattern: '/api/projects/:id/dashboard',
    needs: 'stats.read',
    call: (x) => ({ path: `/api/projects/${x.projectId}/dashboard` }),
  },
  {
    method: 'GET',
    pattern: '/api/media/:id',
    needs: 'project.read',
    before: async (x) => {
      walkMediaId ||= (await storeImage(x.t.ctx, x.projectId, 'walk.png', testPng(4, 4))).mediaId;
    },
    call: () => ({ path: `/api/media/${walkMediaId}` }),
  },
  { method: 'GET', pattern: '/api/audit.csv', needs: 'audit.read', call: () => ({ path: '/api/audit.csv' }) },
];
/**
 * A project to delete (the walk project must survive the walk), made once per name. Every caller
 * is a member, the outsider too: deleting is a global action, checked once the project is found,
 * so here only the global role decides; a non-member's 404 is checked by idor.test.ts and
 * projectDelete.test.ts.
 */
function doomed(x: World, name: string): { id: number; name: string } {
  const found = x.t.ctx.projects.byIdOrName(name);
  if (found) return found;
  const p = queueProject(x.t.ctx, { name, schema: { tasks: [] } });
  for (const role of ['annotator', 'reviewer', 'expert', 'manager'] as const) x.t.addMember(p.id, role, role);
  x.t.addMember(p.id, 'outsider', 'manager');
  return p;
}

/** An image held by the walk project only. */
let walkMediaId = 0;

/** A new item of the walk project waiting at its first review tier, annotated by `victim`. */
function inReview(x: World): { itemId: number; annotationId: number } {
  const db = x.t.ctx.db;
  const itemId = Number(
    db
      .prepare(
        "INSERT INTO items (project_id, ext_id, kind, data, status, tier, reached) VALUES (?, ?, 'text', ?, 'in_review', 0, 1)",
      )
      .run(x.projectId, `walk-review-${x.seq++}`, JSON.stringify({ text: 'walk' })).lastInsertRowid,
  );
  const victim = x.t.ctx.users.byName('victim')!.id;
  const annotationId = Number(
    db
      .prepare('INSERT INTO annotations (project_id, item_id, user_id, labels) VALUES (?, ?, ?, ?)')
      .run(x.projectId, itemId, victim, '{}').lastInsertRowid,
  );
  return { itemId, annotationId };
}

/**
 * A new item of the walk project, leased to the caller when they exist, as `next` would: item
 * routes answer only for items in one's own queue.
 */
function leasedItem(x: World, who: Caller): number {
  const now = Date.now();
  const id = Number(
    x.t.ctx.db
      .prepare("INSERT INTO items (project_id, ext_id, kind, data, assigned) VALUES (?, ?, 'text', ?, 1)")
      .run(x.projectId, `walk-item-${x.seq++}`, JSON.stringify({ text: 'walk' })).lastInsertRowid,
  );
  const user = x.t.ctx.users.byName(userOf(who));
  if (user) {
    x.t.ctx.db
      .prepare(
        "INSERT INTO assignments (item_id, user_id, project_id, state, leased_at, lease_until, updated_at) VALUES (?, ?, ?, 'leased', ?, ?, ?)",
      )
      .run(id, user.id, x.projectId, now, now + 600_000, now);
  }
  return id;
}

function userOf(who: Caller): string {
  return who === 'anon' ? '' : who;
}

/** What the permission table says a caller gets from a route. */
function expected(route: Route, who: Caller): number {
  const ok = route.ok ?? 200;
  if (route.needs === 'public') return ok;
  if (who === 'anon') return 401;
  if (route.needs === 'login') return ok;
  const globalRole = who === 'admin' ? 'admin' : 'member';
  if (route.needs in GLOBAL_ACTIONS) {
    return (GLOBAL_ACTIONS[route.needs as GlobalAction] as readonly string[]).includes(globalRole) ? ok : 403;
  }
  if (who === 'admin') return ok;
  if (who === 'outsider') return 404;
  return (PROJECT_ACTIONS[route.needs as ProjectAction] as readonly string[]).includes(who) ? ok : 403;
}

beforeAll(async () => {
  const t = await startTestServer();
  for (const u of ['outsider', 'annotator', 'reviewer', 'expert', 'manager', 'victim']) await t.addUser(u);
  const project = t.ctx.projects.create({
    name: 'Walk',
    description: '',
    schema: { tasks: [] },
    guidelines: '',
    overlap: 1,
    settings: { leaseMinutes: 30, snapToWords: false, tiers: DEFAULT_TIERS },
    createdBy: null,
  });
  const other = t.ctx.projects.create({ ...project, name: 'Other', createdBy: null });
  for (const role of ['annotator', 'reviewer', 'expert', 'manager'] as const)
    t.addMember(project.id, role, role);
  t.addMember(other.id, 'outsider', 'manager');
  w = { t, projectId: project.id, otherProjectId: other.id, seq: 0 };
  for (const who of CALLERS) clients.set(who, who === 'anon' ? t.anon() : await t.as(who));
});
afterAll(() => w.t.close());

describe('route-by-role permission walk', () => {
  for (const route of ROUTES) {
    it(`${route.method} ${route.pattern}`, async () => {
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const who of CALLERS) {
        await route.before?.(w);
        const { path, body } = route.call(w, who);
        const res = await clients.get(who)!.request(route.method, path, body);
        got[who] = res.status;
        want[who] = expected(route, who);
        if (res.status === 404 && who === 'outsider') expect(res.text).not.toContain('Walk');
      }
      expect(got).toEqual(want);
    });
  }

  it('covers every registered API route', () => {
    const registered = listApiRoutes(w.t.ctx).map((r) => `${r.method} ${r.pattern}`);
    expect(registered.length).toBeGreaterThanOrEqual(ROUTES.length);
    const walked = new Set(ROUTES.map((r) => `${r.method} ${r.pattern}`));
    const missing = registered.filter(
      (r) => !walked.has(r) && r !== 'POST /api/auth/login' && r !== 'POST /api/auth/logout',
    );
    expect(missing).toEqual([]);
  });
});
