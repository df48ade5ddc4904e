import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginLimiter } from '../auth/loginLimiter.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ limiter: loginLimiter({ perUser: 3, perIp: 100, windowS: 60 }) });
  await t.addUser('ann');
  await t.addUser('bob');
});
afterAll(() => t.close());

describe('auth', () => {
  it('logs in with an httpOnly SameSite=Strict cookie and answers /me', async () => {
    const c = t.anon();
    const res = await c.post('/api/auth/login', { username: 'ann', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(res.json).toMatchObject({ username: 'ann', role: 'member' });
    expect(JSON.stringify(res.json)).not.toMatch(/hash|scrypt/);
    expect((await c.get('/api/auth/me')).json).toMatchObject({ username: 'ann' });
  });

  it('refuses a wrong password with 401 and records it', async () => {
    const res = await t.anon().post('/api/auth/login', { username: 'ann', password: 'nope-nope' });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: { id: 'bad_credentials' } });
    const events = t.ctx.audit.list({ action: 'login.failed', limit: 10 });
    expect(events.some((e) => e.actor === 'ann')).toBe(true);
  });

  it('answers 401 without a login and a JSON error for bad bodies', async () => {
    expect((await t.anon().get('/api/auth/me')).status).toBe(401);
    const res = await t
      .anon()
      .request('POST', '/api/auth/login', '{oops', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { id: 'bad_json' } });
    const missing = await t.anon().post('/api/auth/login', { username: 'ann' });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ error: { field: 'password' } });
  });

  it('logout ends the session at once', async () => {
    const c = await t.as('ann');
    const stolen = c.cookie;
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    c.cookie = stolen;
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('disabling a user and resetting a password end their sessions at once', async () => {
    const admin = await t.as('admin');
    const bob = await t.as('bob');
    expect((await admin.patch('/api/users/bob', { password: 'another-password' })).status).toBe(200);
    expect((await bob.get('/api/auth/me')).status).toBe(401);
    await admin.patch('/api/users/bob', { password: TEST_PASSWORD });
    const bob2 = await t.as('bob');
    expect((await admin.patch('/api/users/bob', { disabled: true })).status).toBe(200);
    expect((await bob2.get('/api/auth/me')).status).toBe(401);
    expect(
      (await t.anon().post('/api/auth/login', { username: 'bob', password: TEST_PASSWORD })).status,
    ).toBe(401);
    await admin.patch('/api/users/bob', { disabled: false });
  });

  it('API tokens work as Bearer, are listed without the secret, and revoke at once', async () => {
    const ann = await t.as('ann');
    const created = await ann.post('/api/tokens', { name: 'script' });
    expect(created.status).toBe(201);
    const token = created.json.token as unknown as string;
    expect(token).toMatch(/^gls_/);
    const row = t.ctx.db.prepare('SELECT hash FROM api_tokens WHERE id = ?').get(created.json.id) as {
      hash: string;
    };
    expect(row.hash).not.toContain(token);
    const headers = { authorization: `Bearer ${token}` };
    expect((await t.anon().request('GET', '/api/auth/me', undefined, headers)).json).toMatchObject({
      username: 'ann',
    });
    const list = await ann.get('/api/tokens');
    expect(JSON.stringify(list.json)).not.toContain(token);
    expect((await ann.delete(`/api/tokens/${created.json.id}`)).status).toBe(204);
    expect((await t.anon().request('GET', '/api/auth/me', undefined, headers)).status).toBe(401);
  });

  it('locks a user out after repeated failures until an admin clears it', async () => {
    await t.addUser('carol');
    for (let i = 0; i < 3; i++) {
      expect(
        (await t.anon().post('/api/auth/login', { username: 'carol', password: 'wrong-wrong' })).status,
      ).toBe(401);
    }
    const locked = await t.anon().post('/api/auth/login', { username: 'carol', password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBeTruthy();
    const admin = await t.as('admin');
    expect((await admin.delete('/api/users/carol/lockout')).status).toBe(204);
    expect(
      (await t.anon().post('/api/auth/login', { username: 'carol', password: TEST_PASSWORD })).status,
    ).toBe(200);
  });

  it('rate-limits per address across usernames', async () => {
    const u = await startTestServer({ limiter: loginLimiter({ perUser: 100, perIp: 4, windowS: 60 }) });
    try {
      for (let i = 0; i < 4; i++)
        await u.anon().post('/api/auth/login', { username: `x${i}`, password: 'wrong-wrong' });
      expect(
        (await u.anon().post('/api/auth/login', { username: 'admin', password: TEST_PASSWORD })).status,
      ).toBe(429);
    } finally {
      await u.close();
    }
  });
});
