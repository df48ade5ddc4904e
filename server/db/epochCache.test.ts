import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Ctx, configFromEnv, createContext } from '../context.ts';
import { queueProject } from '../testing/queueFixtures.ts';
import { authEpoch, epochCache } from './epochCache.ts';

let dir: string;
let ctx: Ctx;
/** Another connection to the same file: the CLI, or another process. */
let other: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-epoch-'));
  ctx = createContext(configFromEnv({}, dir));
  other = new Database(join(dir, 'gloss.db'));
});
afterEach(() => {
  other.close();
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

function member() {
  const project = queueProject(ctx, { overlap: 1 });
  const userId = ctx.users.create({ username: 'ann', passwordHash: 'x', role: 'member' }).id;
  ctx.projects.setMember(project.id, userId, 'annotator');
  ctx.sessions.createSession({ id: 'sid-1', userId, expiresAt: new Date(Date.now() + 3600_000) });
  return { project, userId };
}

describe('epochCache', () => {
  it('serves a remembered value until the epoch moves, and never remembers "not found"', () => {
    const epoch = authEpoch(ctx.db);
    const cache = epochCache<string, { v: number }>(epoch);
    let loads = 0;
    const load = () => {
      loads++;
      return { v: loads };
    };
    expect(cache.get('a', load)).toEqual({ v: 1 });
    expect(cache.get('a', load)).toEqual({ v: 1 });
    expect(Object.isFrozen(cache.get('a', load))).toBe(true);
    expect(cache.get('missing', () => undefined)).toBeUndefined();
    other.prepare('UPDATE auth_epoch SET n = n + 1').run();
    expect(cache.get('a', load)).toEqual({ v: 2 });
    expect(loads).toBe(2);
  });
});

describe('cached sessions, projects and roles', () => {
  it('end at once when another connection disables the user or deletes the session', () => {
    const { userId } = member();
    expect(ctx.sessions.sessionUser('sid-1')?.id).toBe(userId);
    other.prepare('UPDATE users SET disabled = 1 WHERE id = ?').run(userId);
    expect(ctx.sessions.sessionUser('sid-1')).toBeUndefined();
    other.prepare('UPDATE users SET disabled = 0 WHERE id = ?').run(userId);
    expect(ctx.sessions.sessionUser('sid-1')?.id).toBe(userId);
    other.prepare('DELETE FROM sessions WHERE id = ?').run('sid-1');
    expect(ctx.sessions.sessionUser('sid-1')).toBeUndefined();
  });

  it('see a role change, a removed or an added membership, and a project edit by another connection', () => {
    const { project, userId } = member();
    expect(ctx.projects.roleOf(project.id, userId)).toBe('annotator');
    expect(ctx.projects.byId(project.id)?.overlap).toBe(1);
    other.prepare("UPDATE members SET role = 'reviewer' WHERE user_id = ?").run(userId);
    expect(ctx.projects.roleOf(project.id, userId)).toBe('reviewer');
    other.prepare('DELETE FROM members WHERE user_id = ?').run(userId);
    expect(ctx.projects.roleOf(project.id, userId)).toBeNull();
    other
      .prepare("INSERT INTO members (project_id, user_id, role) VALUES (?, ?, 'manager')")
      .run(project.id, userId);
    expect(ctx.projects.roleOf(project.id, userId)).toBe('manager');
    other.prepare('UPDATE projects SET overlap = 3 WHERE id = ?').run(project.id);
    expect(ctx.projects.byId(project.id)?.overlap).toBe(3);
  });

  it('treat an expired session as gone even while the epoch stands still', () => {
    const { userId } = member();
    ctx.sessions.createSession({ id: 'short', userId, expiresAt: new Date(Date.now() + 60_000) });
    expect(ctx.sessions.sessionUser('short')?.id).toBe(userId);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      expect(ctx.sessions.sessionUser('short')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not move when a token is only used', () => {
    const { userId } = member();
    const token = ctx.sessions.createToken(userId, 'script', 'hash-1');
    const epoch = authEpoch(ctx.db);
    const before = epoch.current();
    other
      .prepare("UPDATE api_tokens SET last_used_at = '2026-01-01T00:00:00.000Z' WHERE id = ?")
      .run(token.id);
    expect(epoch.current()).toBe(before);
    other.prepare("UPDATE api_tokens SET revoked_at = '2026-01-01T00:00:00.000Z' WHERE id = ?").run(token.id);
    expect(epoch.current()).toBe(before + 1);
  });
});
