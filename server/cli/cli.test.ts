import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/open.ts';

const root = mkdtempSync(join(tmpdir(), 'gloss-cli-'));
const data = join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function gloss(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['bin/gloss.js', ...args, '--data', data], {
    input,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('gloss CLI', () => {
  it('has --help on every command', () => {
    for (const cmd of [
      [],
      ['serve'],
      ['user', 'add'],
      ['user', 'list'],
      ['project', 'create'],
      ['backup'],
      ['restore'],
    ]) {
      const r = spawnSync(process.execPath, ['bin/gloss.js', ...cmd, '--help'], { encoding: 'utf8' });
      expect(r.status, cmd.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: gloss');
    }
  });

  it('manages users with the password from stdin and exits 2 on usage errors', () => {
    expect(gloss(['user', 'add', 'ann', '--role', 'member'], 'a-long-password\n').code).toBe(0);
    expect(gloss(['user', 'add', 'ann'], 'a-long-password\n').code).toBe(1);
    expect(gloss(['user', 'add', 'bob'], 'short\n').code).toBe(2);
    expect(gloss(['user', 'add', 'bob', '--role', 'king'], 'a-long-password\n').code).toBe(2);
    expect(gloss(['user', 'list']).out).toMatch(/ann\s+member\s+active/);
    expect(gloss(['user', 'disable', 'ann']).code).toBe(0);
    expect(gloss(['user', 'list']).out).toMatch(/ann\s+member\s+disabled/);
    expect(gloss(['user', 'passwd', 'ann'], 'another-long-one\n').code).toBe(0);
    expect(gloss(['user', 'disable', 'nobody']).code).toBe(1);
    expect(gloss(['nonsense']).code).toBe(2);
  });

  it('creates projects from a schema file, prints the id and manages members', () => {
    const schema = join(root, 'schema.json');
    writeFileSync(
      schema,
      JSON.stringify({ tasks: [{ name: 'topic', type: 'choices', labels: [{ value: 'a' }] }] }),
    );
    const r = gloss(['project', 'create', '--name', 'CLI project', '--schema', schema]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/^\d+$/);
    writeFileSync(schema, '{"tasks": [{"name": "x", "type": "spans", "labels": []}]}');
    const bad = gloss(['project', 'create', '--name', 'Bad', '--schema', schema]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('at least one label');
    expect(gloss(['project', 'list']).out).toContain('CLI project');
    const m = gloss(['project', 'members', '--project', 'CLI project', '--add', 'ann', '--role', 'reviewer']);
    expect(m.code).toBe(0);
    expect(m.out).toMatch(/ann\s+reviewer/);
    expect(gloss(['project', 'members', '--project', 'nope']).code).toBe(2);
  });

  it('backs up while open and restores an identical database, refusing to overwrite', () => {
    const db = openDb(join(data, 'gloss.db'));
    mkdirSync(join(data, 'media', 'ab'), { recursive: true });
    writeFileSync(join(data, 'media', 'ab', 'abcdef'), 'image bytes');
    const file = join(root, 'backup.zip');
    const b = gloss(['backup', file]);
    db.close();
    expect(b.code, b.err).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(gloss(['restore', file]).code).toBe(1);
    const restored = join(root, 'restored');
    const r = spawnSync(process.execPath, ['bin/gloss.js', 'restore', file, '--data', restored], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(restored, 'media', 'ab', 'abcdef'))).toBe(true);
    const users = (dir: string) => {
      const d = openDb(join(dir, 'gloss.db'));
      const rows = d.prepare('SELECT username, role, disabled FROM users ORDER BY id').all();
      d.close();
      return rows;
    };
    expect(users(restored)).toEqual(users(data));
  });
});
