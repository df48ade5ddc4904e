import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/harness.ts';
import { queueProject } from '../testing/queueFixtures.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ config: { maxJsonBytes: 4096 } });
  await t.addUser('ann');
});
afterAll(() => t.close());

describe('security basics', () => {
  it('sends a strict Content-Security-Policy and no framework banner', async () => {
    const res = await t.anon().get('/api/health');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps the data dir 0700 and the database and key 0600', () => {
    const data = t.ctx.config.dataDir;
    expect(statSync(data).mode & 0o777).toBe(0o700);
    expect(statSync(join(data, 'gloss.db')).mode & 0o777).toBe(0o600);
    expect(statSync(join(data, 'signing.key')).mode & 0o777).toBe(0o600);
  });

  it('generates the signing key per install', async () => {
    const other = await startTestServer();
    try {
      const a = readFileSync(join(t.ctx.config.dataDir, 'signing.key'), 'utf8');
      const b = readFileSync(join(other.ctx.config.dataDir, 'signing.key'), 'utf8');
      expect(a).not.toBe(b);
      expect(Buffer.from(a, 'base64').length).toBe(32);
    } finally {
      await other.close();
    }
  });

  it('never sends password hashes or the signing key in replies', async () => {
    const admin = await t.as('admin');
    const key = readFileSync(join(t.ctx.config.dataDir, 'signing.key'), 'utf8').trim();
    for (const path of ['/api/users', '/api/auth/me', '/api/audit', '/api/tokens']) {
      const res = await admin.get(path);
      expect(res.text).not.toMatch(/scrypt\$|password_hash/);
      expect(res.text).not.toContain(key);
      expect(res.text).not.toContain(TEST_PASSWORD);
    }
  });

  it('a session cookie signed with another install key is refused', async () => {
    const other = await startTestServer();
    try {
      const c = await other.as('admin');
      const stolen = t.anon();
      stolen.cookie = c.cookie;
      expect((await stolen.get('/api/auth/me')).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('bounds JSON bodies with a clear 413', async () => {
    const admin = await t.as('admin');
    const res = await admin.post('/api/projects', { name: 'x', guidelines: 'y'.repeat(10_000) });
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ error: { id: 'too_large' } });
  });

  it('a member cannot make themselves admin or manager', async () => {
    const ann = await t.as('ann');
    expect((await ann.patch('/api/users/ann', { role: 'admin' })).status).toBe(403);
    const p = queueProject(t.ctx, { name: 'P', schema: { tasks: [] } });
    t.addMember(p.id, 'ann', 'annotator');
    expect((await ann.put(`/api/projects/${p.id}/members/ann`, { role: 'manager' })).status).toBe(403);
    expect(t.ctx.projects.roleOf(p.id, t.ctx.users.byName('ann')!.id)).toBe('annotator');
    expect(t.ctx.users.byName('ann')!.role).toBe('member');
  });

  it('refuses to demote or disable the last admin', async () => {
    const admin = await t.as('admin');
    const res = await admin.patch('/api/users/admin', { role: 'member' });
    expect(res.status).toBe(400);
    expect(t.ctx.users.byName('admin')!.role).toBe('admin');
  });
});
