import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkItem } from '../../shared/annotate.ts';
import { BATCH_LINES } from '../io/import.ts';
import { Client } from '../testing/harness.ts';
import { TEXT_SCHEMA } from '../testing/queueFixtures.ts';
import { type ChildServer, startServerProcess } from './child.ts';

/**
 * Crash safety: a real server process is killed with SIGKILL in the middle of a 1,000,000-line
 * import and in the middle of a burst of submits, then started again on the same data. The
 * database passes `PRAGMA integrity_check`, the import left a prefix of whole batches that a
 * second run of the same file completes, and every submit that was answered 201 is there.
 */

const LINES = 1_000_000;
const PASSWORD = 'crash-admin-password';
const FILLER = 'The quick brown fox jumps over the lazy dog while the annotator keeps labeling. '.repeat(3);
const lineText = (i: number) => `Line ${i}. ${FILLER}`;
const extId = (i: number) => `doc-${String(i).padStart(7, '0')}`;

let dir: string;
let dataDir: string;
let dbFile: string;
let file: string;
let server: ChildServer;

async function start() {
  server = await startServerProcess({ dataDir, env: { GLOSS_ADMIN_PASSWORD: PASSWORD } });
  const admin = new Client(server.url);
  expect((await admin.post('/api/auth/login', { username: 'admin', password: PASSWORD })).status).toBe(200);
  return admin;
}

/** Opens the database as the next process to start would, and checks it from end to end. */
function integrity() {
  const db = new Database(dbFile);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  } finally {
    db.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-crash-'));
  dataDir = join(dir, 'data');
  dbFile = join(dataDir, 'gloss.db');
  file = join(dir, 'million.jsonl');
  const fd = openSync(file, 'w');
  for (let i = 1; i <= LINES; i += 10_000) {
    let block = '';
    for (let j = i; j < i + 10_000 && j <= LINES; j++)
      block += `{"id":"${extId(j)}","text":"${lineText(j)}"}\n`;
    writeSync(fd, block);
  }
  closeSync(fd);
});
afterAll(async () => {
  await server?.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGKILL in the middle of work', () => {
  it('a 1,000,000-line import leaves whole batches, an intact database, and resumes', async () => {
    let admin = await start();
    const project = (await admin.post('/api/projects', { name: 'million' })).json.id as unknown as number;
    const upload = fetch(`${server.url}/api/projects/${project}/import?format=jsonl`, {
      method: 'POST',
      headers: { cookie: admin.cookie! },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit).then(
      (r) => `answered ${r.status}`,
      () => 'cut off',
    );

    // Watch the commits from outside: every state seen must be a whole number of batches on.
    const watcher = new Database(dbFile, { readonly: true });
    const maxId = watcher.prepare('SELECT coalesce(max(id), 0) FROM items').pluck();
    const seen = [0];
    for (;;) {
      const n = maxId.get() as number;
      if (n !== seen[seen.length - 1]) seen.push(n);
      if (n >= 300_000) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await server.stop('SIGKILL');
    watcher.close();
    expect(await upload).toBe('cut off');

    integrity();
    admin = await start();
    const db = new Database(dbFile, { readonly: true });
    const n = db.prepare('SELECT count(*) FROM items WHERE project_id = ?').pluck().get(project) as number;
    const last = db.prepare('SELECT max(ext_id) FROM items WHERE project_id = ?').pluck().get(project);
    // A prefix of the file: lines 1..n, nothing skipped, nothing half written.
    expect(n).toBeGreaterThanOrEqual(300_000);
    expect(n).toBeLessThan(LINES);
    expect(last).toBe(extId(n));
    for (const i of [1, 2, Math.floor(n / 2), n - 1, n]) {
      const row = db
        .prepare('SELECT data FROM items WHERE project_id = ? AND ext_id = ?')
        .pluck()
        .get(project, extId(i)) as string;
      expect(JSON.parse(row)).toEqual({ text: lineText(i) });
    }
    db.close();
    // Whole batches: each commit seen added at least a batch, and so did the last one, if unseen.
    seen.push(n);
    for (let i = 1; i < seen.length; i++) {
      const step = seen[i]! - seen[i - 1]!;
      if (step !== 0) expect(step).toBeGreaterThanOrEqual(BATCH_LINES);
    }

    const again = await fetch(`${server.url}/api/projects/${project}/import?format=jsonl`, {
      method: 'POST',
      headers: { cookie: admin.cookie! },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ imported: LINES - n, duplicates: n, updated: 0, errors: [] });
    const counts = (await admin.get(`/api/projects/${project}`)).json.counts as unknown as { new: number };
    expect(counts.new).toBe(LINES);
    rmSync(file);
  }, 180_000);

  it('a burst of submits keeps every one that was answered 201', async () => {
    const admin = new Client(server.url);
    await admin.post('/api/auth/login', { username: 'admin', password: PASSWORD });
    const project = (await admin.post('/api/projects', { name: 'burst', schema: TEXT_SCHEMA })).json
      .id as unknown as number;
    const body = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({ id: `b${i}`, text: `burst ${i}` }),
    );
    expect((await admin.request('POST', `/api/projects/${project}/import`, body.join('\n'))).status).toBe(
      200,
    );
    const users = Array.from({ length: 12 }, (_, i) => `ann${i}`);
    for (const u of users) {
      await admin.post('/api/users', { username: u, password: 'annotator-password' });
      await admin.put(`/api/projects/${project}/members/${u}`, { role: 'annotator' });
    }

    const acked: { user: string; itemId: number; annotationId: number; note: string }[] = [];
    let stopped = false;
    const work = users.map(async (u) => {
      const c = new Client(server.url);
      await c.post('/api/auth/login', { username: u, password: 'annotator-password' });
      for (let k = 0; !stopped; k++) {
        try {
          const item = (await c.get(`/api/projects/${project}/next`)).json as unknown as WorkItem;
          const note = `${u} #${k}`;
          const res = await c.post(`/api/items/${item.id}/annotations`, {
            labels: { topic: ['history'], note },
            lead_time_s: 1,
          });
          if (res.status === 201) {
            const { annotationId } = res.json as unknown as { annotationId: number };
            acked.push({ user: u, itemId: item.id, annotationId, note });
          }
        } catch {
          return;
        }
      }
    });
    while (acked.length < 400) await new Promise((r) => setTimeout(r, 5));
    await server.stop('SIGKILL');
    stopped = true;
    await Promise.all(work);

    integrity();
    await start();
    const db = new Database(dbFile, { readonly: true });
    const find = db.prepare<[number], { item_id: number; username: string; labels: string }>(
      'SELECT a.item_id, u.username, a.labels FROM annotations a JOIN users u ON u.id = a.user_id WHERE a.id = ?',
    );
    const lost = acked.filter((a) => {
      const row = find.get(a.annotationId);
      return (
        !row ||
        row.item_id !== a.itemId ||
        row.username !== a.user ||
        (JSON.parse(row.labels) as { note: string }).note !== a.note
      );
    });
    const total = db
      .prepare('SELECT count(*) FROM annotations WHERE project_id = ?')
      .pluck()
      .get(project) as number;
    db.close();
    expect(lost).toEqual([]);
    // At most one submit per annotator was in flight, committed but never answered.
    expect(total - acked.length).toBeLessThanOrEqual(users.length);
    expect(total).toBeGreaterThanOrEqual(acked.length);
  }, 60_000);
});
