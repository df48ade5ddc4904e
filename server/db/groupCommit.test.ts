import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupCommit } from './groupCommit.ts';
import { type Db, openDb } from './open.ts';

let dir: string;
let db: Db;
let other: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-gc-'));
  db = openDb(join(dir, 'gloss.db'));
  db.exec('CREATE TABLE t (v TEXT NOT NULL)');
  other = new Database(join(dir, 'gloss.db'));
});
afterEach(() => {
  other.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (v: string) => () => db.prepare('INSERT INTO t (v) VALUES (?)').run(v).changes;
const seenBy = (conn: Database.Database) =>
  (conn.prepare('SELECT v FROM t ORDER BY rowid').pluck().all() as string[]).join(',');

describe('groupCommit', () => {
  it('runs the units of one turn in one transaction and settles them after its commit', async () => {
    const commits = groupCommit(db);
    const during: string[] = [];
    const a = commits.run(insert('a'));
    const b = commits.run(() => {
      // Inside the shared transaction: this connection sees a's row, another one sees nothing yet.
      during.push(seenBy(db), seenBy(other), String(db.inTransaction));
      return insert('b')();
    });
    expect(seenBy(other)).toBe('');
    await expect(Promise.all([a, b])).resolves.toEqual([1, 1]);
    expect(during).toEqual(['a', '', 'true']);
    expect(seenBy(other)).toBe('a,b');
    expect(db.inTransaction).toBe(false);
  });

  it('rolls back only the unit that throws; the others commit', async () => {
    const commits = groupCommit(db);
    const ok1 = commits.run(insert('ok1'));
    const bad = commits.run(() => {
      insert('half-done')();
      throw new Error('refused');
    });
    const ok2 = commits.run(insert('ok2'));
    await expect(bad).rejects.toThrow('refused');
    await expect(Promise.all([ok1, ok2])).resolves.toEqual([1, 1]);
    expect(seenBy(other)).toBe('ok1,ok2');
  });

  it('waits for another connection holding the write lock without stopping the event loop', async () => {
    const commits = groupCommit(db);
    other.exec('BEGIN IMMEDIATE');
    other.prepare('INSERT INTO t (v) VALUES (?)').run('theirs');
    const mine = commits.run(insert('mine'));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 2);
    await new Promise((r) => setTimeout(r, 60));
    const late = commits.run(insert('late'));
    other.exec('COMMIT');
    await expect(Promise.all([mine, late])).resolves.toEqual([1, 1]);
    clearInterval(timer);
    // The timer kept running while the units waited: SQLite's busy handler would have slept.
    expect(ticks).toBeGreaterThan(5);
    expect(seenBy(other)).toBe('theirs,mine,late');
  });

  it('settles each turn on its own: a later turn does not wait for an earlier failure', async () => {
    const commits = groupCommit(db);
    await expect(
      commits.run(() => {
        throw new Error('first');
      }),
    ).rejects.toThrow('first');
    await expect(commits.run(insert('second'))).resolves.toBe(1);
    expect(seenBy(other)).toBe('second');
  });
});
