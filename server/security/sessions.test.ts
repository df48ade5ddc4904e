import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkItem } from '../../shared/annotate.ts';
import { loginLimiter } from '../auth/loginLimiter.ts';
import { COOKIE } from '../auth/sessions.ts';
import { Client, startTestServer, TEST_PASSWORD, type TestServer } from '../testing/harness.ts';
import { TEXT_SCHEMA } from '../testing/queueFixtures.ts';

/**
 * What auth.test.ts leaves open: every credential is checked on every request, so a disabled
 * user's API token, a demotion and a removal from a project bite on the very next call; forged
 * or stale session cookies get nothing; a lockout cannot be dodged by changing the name's case.
 */

let t: TestServer;
let admin: Client;
let project: number;
beforeAll(async () => {
  t = await startTestServer({ limiter: loginLimiter({ perUser: 3, perIp: 1000, windowS: 60 }) });
  for (const u of ['dora', 'eli', 'fay', 'gus']) await t.addUser(u);
  admin = await t.as('admin');
  project = (await admin.post('/api/projects', { name: 'P', schema: TEXT_SCHEMA })).json
    .id as unknown as number;
  await admin.request('POST', `/api/projects/${project}/import`, '{"text":"one"}\n{"text":"two"}\n');
});
afterAll(() => t.close());

const bearer = (token: string) => new Client(t.url, token);

describe('credentials are checked on every request', () => {
  it("a disabled user's API tokens stop at once, and come back only when re-enabled", async () => {
    const dora = await t.as('dora');
    const token = (await dora.post('/api/tokens', { name: 'script' })).json.token as unknown as string;
    expect((await bearer(token).get('/api/auth/me')).status).toBe(200);
    expect((await admin.patch('/api/users/dora', { disabled: true })).status).toBe(200);
    expect((await bearer(token).get('/api/auth/me')).status).toBe(401);
    expect((await bearer(token).get('/api/projects')).status).toBe(401);
    expect((await dora.get('/api/auth/me')).status).toBe(401);
    await admin.patch('/api/users/dora', { disabled: false });
    expect((await bearer(token).get('/api/auth/me')).status).toBe(200);
  });

  it('an admin demoted to member loses admin routes on the next request, session and token alike', async () => {
    await admin.patch('/api/users/eli', { role: 'admin' });
    const eli = await t.as('eli');
    const token = (await eli.post('/api/tokens', { name: 'admin script' })).json.token as unknown as string;
    expect((await eli.get('/api/audit')).status).toBe(200);
    expect((await admin.patch('/api/users/eli', { role: 'member' })).status).toBe(200);
    expect((await eli.get('/api/audit')).status).toBe(403);
    expect((await bearer(token).get('/api/audit')).status).toBe(403);
    expect(
      (await bearer(token).post('/api/users', { username: 'sneaky', password: 'long-enough-pw' })).status,
    ).toBe(403);
  });

  it('a member removed from a project loses it, and the item they held, on the next request', async () => {
    t.addMember(project, 'fay', 'annotator');
    const fay = await t.as('fay');
    const item = (await fay.get(`/api/projects/${project}/next`)).json as unknown as WorkItem;
    expect((await fay.get(`/api/items/${item.id}`)).status).toBe(200);
    expect((await admin.delete(`/api/projects/${project}/members/fay`)).status).toBe(204);
    expect((await fay.get(`/api/projects/${project}`)).status).toBe(404);
    expect((await fay.get(`/api/items/${item.id}`)).status).toBe(404);
    const submit = await fay.post(`/api/items/${item.id}/annotations`, {
      labels: { topic: ['history'] },
      lead_time_s: 1,
    });
    expect(submit.status).toBe(404);
    expect(t.ctx.db.prepare('SELECT count(*) FROM annotations WHERE item_id = ?').pluck().get(item.id)).toBe(
      0,
    );
  });

  it('a manager cannot hand out a global role, nor a project role that does not exist', async () => {
    t.addMember(project, 'gus', 'manager');
    const gus = await t.as('gus');
    for (const role of ['admin', 'owner', 'Manager ', '']) {
      const res = await gus.put(`/api/projects/${project}/members/fay`, { role });
      expect(res.status, role).toBe(400);
    }
    expect((await gus.patch('/api/users/fay', { role: 'admin' })).status).toBe(403);
    expect((await gus.patch('/api/users/gus', { role: 'admin' })).status).toBe(403);
    expect(t.ctx.users.byName('gus')!.role).toBe('member');
  });
});

describe('forged and stale session cookies', () => {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

  it('refuses unsigned, re-signed, tampered and expired cookies', async () => {
    const real = await t.as('admin');
    const jwt = real.cookie!.split('=')[1]!;
    const [, payload, sig] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = [
      `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      `${b64({ alg: 'none' })}.${b64({ ...claims, sub: '1' })}.`,
      `${b64({ alg: 'HS512' })}.${payload}.${sig}`,
      `${jwt.split('.')[0]}.${b64({ ...claims, sub: String(t.ctx.users.byName('dora')!.id) })}.${sig}`,
      `${jwt.split('.')[0]}.${b64({ ...claims, sid: 'not-a-session' })}.${sig}`,
      `${jwt}x`,
      'not-a-jwt',
      '',
    ];
    for (const value of forged) {
      const c = t.anon();
      c.cookie = `${COOKIE}=${value}`;
      const res = await c.get('/api/auth/me');
      expect(res.status, value).toBe(401);
    }
    // A session whose row says it has expired is refused even though its JWT has not.
    t.ctx.db
      .prepare("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?")
      .run(claims.sid);
    expect((await real.get('/api/auth/me')).status).toBe(401);
  });
});

describe('brute force', () => {
  it('a lockout covers every spelling of the name, and holds against the right password', async () => {
    for (const name of ['gus', 'GUS', 'Gus']) {
      await t.anon().post('/api/auth/login', { username: name, password: 'wrong-password' });
    }
    for (const name of ['gus', 'gUs']) {
      const res = await t.anon().post('/api/auth/login', { username: name, password: TEST_PASSWORD });
      expect(res.status, name).toBe(429);
    }
    expect((await admin.delete('/api/users/GUS/lockout')).status).toBe(204);
    expect(
      (await t.anon().post('/api/auth/login', { username: 'Gus', password: TEST_PASSWORD })).status,
    ).toBe(200);
  });

  it('answers an unknown user exactly like a wrong password, so names cannot be probed', async () => {
    const unknown = await t
      .anon()
      .post('/api/auth/login', { username: 'nobody-here', password: 'wrong-password' });
    const wrong = await t.anon().post('/api/auth/login', { username: 'fay', password: 'wrong-password' });
    expect(unknown.status).toBe(401);
    expect(unknown.text).toBe(wrong.text);
  });
});
