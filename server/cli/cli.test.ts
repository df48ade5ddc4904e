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
      ['project', 'delete'],
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

  it('deletes a project only with --yes, and finishes a delete a crash interrupted', () => {
    const id = Number(gloss(['project', 'create', '--name', 'Doomed']).out.trim());
    const lines = join(root, 'doomed.jsonl');
    writeFileSync(lines, '{"id": "a", "text": "one"}\n{"id": "b", "text": "two"}\n');
    expect(gloss(['import', '--project', 'Doomed', lines]).code).toBe(0);

    const asked = gloss(['project', 'delete', 'Doomed']);
    expect(asked.code).toBe(2);
    expect(asked.err).toContain('this deletes project "Doomed" for good: 2 items, 0 annotations');
    expect(gloss(['project', 'list']).out).toContain('Doomed');

    const done = gloss(['project', 'delete', String(id), '--yes']);
    expect(done.code, done.err).toBe(0);
    expect(done.err).toContain('deleting project "Doomed": 2 items');
    expect(done.out).toBe('deleted project "Doomed": 2 items, 0 annotations, 0 reviews, 0 image files\n');
    expect(gloss(['project', 'list']).out).not.toContain('Doomed');
    expect(gloss(['project', 'delete', 'Doomed', '--yes']).code).toBe(2);

    // A delete whose first transaction ran (the project is hidden) and then the process died.
    const half = Number(gloss(['project', 'create', '--name', 'Half gone']).out.trim());
    expect(gloss(['import', '--project', 'Half gone', lines]).code).toBe(0);
    const db = openDb(join(data, 'gloss.db'));
    db.prepare('UPDATE projects SET deleting = 1 WHERE id = ?').run(half);
    db.prepare("INSERT INTO project_deletes (project_id, actor) VALUES (?, 'admin')").run(half);
    db.close();
    expect(gloss(['project', 'list']).out).not.toContain('Half gone');
    const finished = gloss(['project', 'delete', 'Half gone', '--yes']);
    expect(finished.code, finished.err).toBe(0);
    expect(finished.out).toContain('deleted project "Half gone": 2 items');
    const check = openDb(join(data, 'gloss.db'));
    const audit = check
      .prepare("SELECT actor, target, detail FROM audit WHERE action = 'project.delete' ORDER BY id")
      .all();
    const left = check.prepare('SELECT COUNT(*) FROM items WHERE project_id IN (?, ?)').pluck().get(id, half);
    check.close();
    expect(left).toBe(0);
    expect(audit).toEqual([
      {
        actor: 'cli',
        target: 'Doomed',
        detail: JSON.stringify({ items: 2, annotations: 0, reviews: 0, mediaFiles: 0 }),
      },
      {
        actor: 'admin',
        target: 'Half gone',
        detail: JSON.stringify({ items: 2, annotations: 0, reviews: 0, mediaFiles: 0 }),
      },
    ]);
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
