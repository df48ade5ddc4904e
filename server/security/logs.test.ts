import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, startServerProcess } from '../reliability/child.ts';
import { Client } from '../testing/harness.ts';

/**
 * Secrets never reach the logs: a real server process runs a session with logins (good and bad),
 * a user created and given a new password, a token made, used and revoked, a password change and
 * a few errors; then nothing it printed, and nothing the API returned, holds a password, a token,
 * a session cookie, a password hash or the signing key.
 */

const ADMIN_PASSWORD = 'admin-Pw-7731-lantern';
const secrets: string[] = [ADMIN_PASSWORD];
let dir: string;
let server: ChildServer;
const replies: string[] = [];

async function call(c: Client, method: string, path: string, body?: unknown) {
  const res = await c.request(method, path, body);
  replies.push(res.text);
  return res;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-logs-'));
  server = await startServerProcess({
    dataDir: join(dir, 'data'),
    env: { GLOSS_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('secrets in logs', () => {
  it('prints no password, token, cookie, hash or key through a whole session', async () => {
    const admin = new Client(server.url);
    for (const wrong of ['wrong-Pw-1-heron', 'wrong-Pw-2-otter']) {
      secrets.push(wrong);
      expect(
        (await call(admin, 'POST', '/api/auth/login', { username: 'admin', password: wrong })).status,
      ).toBe(401);
    }
    await call(admin, 'POST', '/api/auth/login', { username: 'nobody', password: 'wrong-Pw-3-finch' });
    secrets.push('wrong-Pw-3-finch');
    expect(
      (await call(admin, 'POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).status,
    ).toBe(200);
    secrets.push(admin.cookie!.split('=')[1]!);

    const first = 'ann-Pw-4411-meadow';
    const reset = 'ann-Pw-5522-harbour';
    const changed = 'ann-Pw-6633-glacier';
    secrets.push(first, reset, changed);
    expect((await call(admin, 'POST', '/api/users', { username: 'ann', password: first })).status).toBe(201);
    expect((await call(admin, 'PATCH', '/api/users/ann', { password: reset })).status).toBe(200);

    const ann = new Client(server.url);
    await call(ann, 'POST', '/api/auth/login', { username: 'ann', password: first });
    expect((await call(ann, 'POST', '/api/auth/login', { username: 'ann', password: reset })).status).toBe(
      200,
    );
    secrets.push(ann.cookie!.split('=')[1]!);
    expect(
      (await call(ann, 'POST', '/api/auth/password', { current: 'not-it-Pw-7744', password: changed }))
        .status,
    ).toBe(400);
    secrets.push('not-it-Pw-7744');
    expect(
      (await call(ann, 'POST', '/api/auth/password', { current: reset, password: changed })).status,
    ).toBe(204);
    secrets.push(ann.cookie!.split('=')[1]!);

    const created = await call(ann, 'POST', '/api/tokens', { name: 'script' });
    const token = created.json.token as unknown as string;
    secrets.push(token);
    const bearer = new Client(server.url, token);
    expect((await call(bearer, 'GET', '/api/auth/me')).status).toBe(200);
    await call(bearer, 'POST', '/api/projects', { name: 'not allowed' });
    await call(ann, 'DELETE', `/api/tokens/${created.json.id}`);
    expect((await call(bearer, 'GET', '/api/auth/me')).status).toBe(401);
    await call(new Client(server.url, `${token}x`), 'GET', '/api/auth/me');
    await call(admin, 'POST', '/api/projects', '{"broken json');
    await call(admin, 'GET', '/api/audit?limit=500');
    await call(admin, 'GET', '/api/users');

    const dataDir = join(dir, 'data');
    const key = readFileSync(join(dataDir, 'signing.key'), 'utf8').trim();
    secrets.push(key, Buffer.from(key, 'base64').toString('hex'));
    await server.stop('SIGTERM');

    const log = server.output();
    expect(log).toContain('Gloss is running');
    for (const s of secrets) {
      expect(log, 'the server log').not.toContain(s);
      for (const r of replies) if (r !== created.text) expect(r, 'an API reply').not.toContain(s);
    }
    expect(log).not.toMatch(/scrypt|\$argon|password_hash|gloss_session=/i);
    expect(replies.join('\n')).not.toMatch(/scrypt\$|password_hash/);
    // The token is shown exactly once: in the reply that created it.
    expect(replies.filter((r) => r.includes(token))).toEqual([created.text]);
  });
});

describe('the first admin password', () => {
  it('is random per install, printed once on the first start and never again', async () => {
    const passwords: string[] = [];
    for (const n of [1, 2]) {
      const data = join(dir, `fresh-${n}`);
      const first = await startServerProcess({ dataDir: data });
      await first.stop();
      const printed = /password: (\S+)/.exec(first.output())?.[1];
      expect(printed).toBeDefined();
      passwords.push(printed!);
      const again = await startServerProcess({ dataDir: data });
      const c = new Client(again.url);
      expect((await c.post('/api/auth/login', { username: 'admin', password: printed })).status).toBe(200);
      await again.stop();
      expect(again.output()).not.toContain(printed!);
      expect(again.output()).not.toMatch(/password:/);
    }
    expect(passwords[0]).not.toBe(passwords[1]);
  });
});
