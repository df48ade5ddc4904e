import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkItem } from '../../shared/annotate.ts';
import type { AuditEvent, ImportResult } from '../../shared/api.ts';
import type { ReviewWork } from '../../shared/review/api.ts';
import { configFromEnv, createContext } from '../context.ts';
import { PROJECT_DELETE_SQL } from '../db/stores/projectDeletes.ts';
import { MediaFiles } from '../media/files.ts';
import { startServerProcess } from '../reliability/child.ts';
import { Client, startTestServer, type TestServer } from '../testing/harness.ts';
import { makeZip, testPng } from '../testing/images.ts';
import { insertItems, queueProject } from '../testing/queueFixtures.ts';
import {
  beginProjectDelete,
  DELETE_BATCH_ITEMS,
  DELETE_WAIT_ITEMS,
  deleteStep,
  resumeProjectDeletes,
  runProjectDelete,
} from '../workflow/projectDelete.ts';

let t: TestServer;
let admin: Client;
const c: Record<string, Client> = {};
const ROLES = { ann: 'annotator', rev: 'reviewer', mgr: 'manager' } as const;
const SCHEMA = {
  tasks: [
    { name: 'topic', type: 'choices', required: true, labels: [{ value: 'history' }, { value: 'science' }] },
  ],
};
/** The same bytes imported into two projects: one stored file, two links. */
const SHARED_PNG = testPng(8, 8, [10, 120, 30]);
let colour = 0;
let files: MediaFiles;

beforeAll(async () => {
  t = await startTestServer();
  admin = await t.as('admin');
  Object.assign(c, await t.addUsersAs([...Object.keys(ROLES), 'outsider']));
  files = new MediaFiles(t.ctx.config.dataDir);
});
afterAll(() => t.close());

interface World {
  id: number;
  name: string;
  /** sha256 of the image only this project holds. */
  ownSha: string;
}

/**
 * A project with a bit of everything: text items (one tagged), two images (one of them also in
 * other projects), submitted annotations with drafts and their events, a skip, a held lease with
 * a draft, an approval, a rejection, a held review lease and a queue hint.
 */
async function world(name: string): Promise<World> {
  const res = await admin.post('/api/projects', { name, schema: SCHEMA });
  expect(res.status, res.text).toBe(201);
  const id = res.json.id as unknown as number;
  for (const [u, role] of Object.entries(ROLES)) t.addMember(id, u, role);
  const lines = [1, 2, 3, 4].map((n) => ({
    id: `${name}-${n}`,
    text: `${name} text ${n}`,
    tags: ['medicine'],
  }));
  const imported = await admin.request(
    'POST',
    `/api/projects/${id}/import?format=jsonl`,
    lines.map((l) => JSON.stringify(l)).join('\n'),
  );
  expect(imported.json).toMatchObject({ errors: [] });
  const own = testPng(8, 8, [200, 40 + colour++, 40]);
  const zip = await makeZip([
    { name: 'shared.png', data: SHARED_PNG },
    { name: 'own.png', data: own },
  ]);
  const images = await admin.request('POST', `/api/projects/${id}/import?filename=photos.zip`, zip);
  expect((images.json as unknown as ImportResult).imported).toBe(2);

  const next = async () => (await c.ann!.get(`/api/projects/${id}/next`)).json as unknown as WorkItem;
  const annotations: number[] = [];
  for (let n = 0; n < 3; n++) {
    const item = await next();
    expect((await c.ann!.put(`/api/items/${item.id}/draft`, { labels: { topic: ['history'] } })).status).toBe(
      204,
    );
    const sub = await c.ann!.post(`/api/items/${item.id}/annotations`, {
      labels: { topic: ['history'] },
      lead_time_s: 4,
    });
    expect(sub.status, sub.text).toBe(201);
    annotations.push((sub.json as unknown as { annotationId: number }).annotationId);
  }
  expect((await c.ann!.post(`/api/items/${(await next()).id}/skip`, {})).status).toBe(204);
  const held = await next();
  expect((await c.ann!.put(`/api/items/${held.id}/draft`, { labels: { topic: ['science'] } })).status).toBe(
    204,
  );

  const review = async () =>
    (await c.rev!.get(`/api/projects/${id}/review/next?tier=Review`)).json as unknown as ReviewWork;
  const approve = await review();
  expect(
    (await c.rev!.post(`/api/annotations/${approve.annotations[0]!.id}/reviews`, { decision: 'approve' }))
      .status,
  ).toBe(201);
  const reject = await review();
  const rejected = await c.rev!.post(`/api/annotations/${reject.annotations[0]!.id}/reviews`, {
    decision: 'reject',
    comment: 'look again',
  });
  expect(rejected.status, rejected.text).toBe(201);
  await review();
  t.ctx.db
    .prepare(
      'INSERT INTO queue_hints (project_id, user_id, assigned, priority, item_id, created_at) VALUES (?, ?, 0, 0, ?, ?)',
    )
    .run(id, t.ctx.users.byName('ann')!.id, held.id, Date.now());

  const ownSha = (
    t.ctx.db
      .prepare(
        `SELECT m.sha256 FROM media m JOIN project_media pm ON pm.media_id = m.id
         WHERE pm.project_id = ? AND pm.path = 'own.png'`,
      )
      .get(id) as { sha256: string }
  ).sha256;
  return { id, name, ownSha };
}

const tables = () =>
  (t.ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).filter(
    (name) =>
      (t.ctx.db.pragma(`table_info(${name})`) as { name: string }[]).some((col) => col.name === 'project_id'),
  );

/** Every row that names the project, by table (the audit log aside: it is kept). */
function rowsOf(projectId: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of tables()) {
    if (table === 'audit') continue;
    out[table] = t.ctx.db
      .prepare(`SELECT COUNT(*) FROM ${table} WHERE project_id = ?`)
      .pluck()
      .get(projectId) as number;
  }
  out.projects = t.ctx.db
    .prepare('SELECT COUNT(*) FROM projects WHERE id = ?')
    .pluck()
    .get(projectId) as number;
  return out;
}
const none = (projectId: number) => Object.fromEntries(Object.keys(rowsOf(projectId)).map((k) => [k, 0]));

/** All the project and media data in the database, to show that a refused call changed nothing. */
function snapshot(): string[] {
  const rows: string[] = [];
  for (const table of [...tables().filter((x) => x !== 'audit'), 'projects', 'media']) {
    for (const r of t.ctx.db.prepare(`SELECT * FROM ${table}`).all())
      rows.push(`${table} ${JSON.stringify(r)}`);
  }
  return rows.sort();
}

const exportOf = async (projectId: number) => {
  const res = await admin.get(`/api/projects/${projectId}/export?status=all`);
  expect(res.status).toBe(200);
  return res.text;
};

const deleteAs = (who: Client, projectId: number, body?: unknown) =>
  who.request('DELETE', `/api/projects/${projectId}`, body);

const deleteAudit = (projectId: number): AuditEvent[] =>
  t.ctx.audit.list({ action: 'project.delete', projectId, limit: 10 });

describe('DELETE /api/projects/:id', () => {
  it('deletes the project and every row of it, its own image file, and nothing of another project', async () => {
    const doomed = await world('Doomed');
    const other = await world('Kept');
    const sharedSha = t.ctx.media.byPath(other.id, 'shared.png')!.sha256;
    expect(t.ctx.media.byPath(doomed.id, 'shared.png')!.sha256).toBe(sharedSha);
    const { project_deletes, ...filled } = rowsOf(doomed.id);
    expect(Object.entries(filled).filter(([, n]) => n === 0)).toEqual([]);
    expect(files.has(doomed.ownSha) && files.has(sharedSha)).toBe(true);
    const preview = (await admin.get(`/api/projects/${doomed.id}/delete-preview`)).json;
    expect(preview).toEqual({ items: 6, annotations: 3, reviews: 2, mediaFiles: 1 });
    const otherBefore = { rows: rowsOf(other.id), export: await exportOf(other.id) };

    const res = await deleteAs(admin, doomed.id, { confirm: 'Doomed' });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ deleted: true, ...preview });

    expect(rowsOf(doomed.id)).toEqual(none(doomed.id));
    expect(files.has(doomed.ownSha)).toBe(false);
    expect(t.ctx.media.bySha(doomed.ownSha)).toBeUndefined();
    expect(files.has(sharedSha)).toBe(true);
    expect(t.ctx.media.projectsOf(t.ctx.media.bySha(sharedSha)!.id)).toEqual([other.id]);
    expect({ rows: rowsOf(other.id), export: await exportOf(other.id) }).toEqual(otherBefore);
    expect(t.ctx.db.pragma('foreign_key_check')).toEqual([]);

    // Members of the other project still see its shared image.
    t.addMember(other.id, 'outsider', 'annotator');
    const media = t.ctx.media.bySha(sharedSha)!.id;
    expect((await c.outsider!.get(`/api/media/${media}`)).status).toBe(200);

    const [entry, ...more] = deleteAudit(doomed.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actor: 'admin', target: 'Doomed', detail: preview });
    // The audit log keeps what it said about the project before.
    expect(t.ctx.audit.list({ action: 'project.create', projectId: doomed.id, limit: 1 })).toHaveLength(1);
    expect((await admin.get(`/api/projects/${doomed.id}`)).status).toBe(404);
    expect((await deleteAs(admin, doomed.id, { confirm: 'Doomed' })).status).toBe(404);
  });

  it('refuses a manager and an annotator (403) and a non-member (404), changing nothing', async () => {
    const p = await world('Guarded');
    const before = snapshot();
    for (const who of ['mgr', 'ann'] as const) {
      const res = await deleteAs(c[who]!, p.id, { confirm: 'Guarded' });
      expect(res.status, who).toBe(403);
      expect((await c[who]!.get(`/api/projects/${p.id}/delete-preview`)).status).toBe(403);
    }
    const outsider = await deleteAs(c.outsider!, p.id, { confirm: 'Guarded' });
    expect(outsider.status).toBe(404);
    expect(outsider.text).not.toContain('Guarded');
    expect(snapshot()).toEqual(before);
    expect(files.has(p.ownSha)).toBe(true);
  });

  it('a wrong or missing name is 400 naming confirm, and changes nothing', async () => {
    const p = await world('Confirm me');
    const before = snapshot();
    for (const body of [
      { confirm: 'confirm me' },
      { confirm: 'Confirm me ' },
      {},
      undefined,
      { confirm: 7 },
    ]) {
      const res = await deleteAs(admin, p.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error).toMatchObject({ field: 'confirm' });
    }
    expect(snapshot()).toEqual(before);
    expect((await admin.get(`/api/projects/${p.id}`)).status).toBe(200);
  });

  it('a large project answers 202 and finishes in the background', async () => {
    const p = await world('Large');
    insertItems(t.ctx.db, p.id, DELETE_WAIT_ITEMS);
    const res = await deleteAs(admin, p.id, { confirm: 'Large' });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ deleting: true });
    // The same run the route started (or null when it has finished already).
    await runProjectDelete(t.ctx, p.id);
    expect(rowsOf(p.id)).toEqual(none(p.id));
    expect(files.has(p.ownSha)).toBe(false);
    expect(deleteAudit(p.id)[0]).toMatchObject({
      target: 'Large',
      detail: { items: DELETE_WAIT_ITEMS + 6, annotations: 3, reviews: 2, mediaFiles: 1 },
    });
  });

  it('a delete that fails midway leaves whole batches, and a restart finishes it with exact counts', async () => {
    const p = await world('Interrupted');
    insertItems(t.ctx.db, p.id, 40);
    const kept = await world('Neighbour');
    const keptBefore = { rows: rowsOf(kept.id), export: await exportOf(kept.id) };
    const preview = t.ctx.projectDeletes.preview(p.id);
    const consistent = () => {
      expect(t.ctx.db.pragma('foreign_key_check')).toEqual([]);
      // Items go with everything hanging off them, or not at all.
      const orphans = t.ctx.db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM annotations a WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = a.item_id))
                + (SELECT COUNT(*) FROM item_events e WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = e.item_id))
                + (SELECT COUNT(*) FROM assignments s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = s.item_id))`,
        )
        .pluck()
        .get();
      expect(orphans).toBe(0);
    };

    beginProjectDelete(t.ctx, { username: 'admin', ip: '127.0.0.1' }, t.ctx.projects.byId(p.id)!);
    // Gone from every route before any batch ran, for admins too.
    expect(rowsOf(p.id)).toMatchObject({ items: 46, members: 0, queue_hints: 0, project_deletes: 1 });
    for (const [who, path] of [
      [admin, `/api/projects/${p.id}`],
      [admin, `/api/projects/${p.id}/items`],
      [admin, `/api/projects/${p.id}/delete-preview`],
      [c.mgr!, `/api/projects/${p.id}/export?status=all`],
      [c.ann!, `/api/projects/${p.id}/next`],
      [c.rev!, `/api/projects/${p.id}/review/next?tier=Review`],
    ] as const) {
      expect((await who.get(path)).status, path).toBe(404);
    }
    expect((await deleteAs(admin, p.id, { confirm: 'Interrupted' })).status).toBe(404);
    const listed = (await admin.get('/api/projects')).json as unknown as { id: number }[];
    expect(listed.map((x) => x.id)).not.toContain(p.id);

    const sizes = { items: 4, media: 1 };
    expect(deleteStep(t.ctx, p.id, sizes)).toEqual({
      phase: 'items',
      removed: { items: 4, annotations: 3, reviews: 2 },
    });
    expect(rowsOf(p.id).items).toBe(42);

    // A failure inside a batch (a trigger of this connection only, like a crash at that point)
    // rolls the whole batch back.
    t.ctx.db.exec(
      `CREATE TEMP TRIGGER fail_items BEFORE DELETE ON items WHEN old.project_id = ${p.id}
       BEGIN SELECT RAISE(ABORT, 'power cut'); END`,
    );
    expect(() => deleteStep(t.ctx, p.id, sizes)).toThrow('power cut');
    expect(rowsOf(p.id).items).toBe(42);
    consistent();
    t.ctx.db.exec('DROP TRIGGER fail_items');
    for (let n = 0; n < 11; n++) expect(deleteStep(t.ctx, p.id, sizes).phase).toBe('items');
    expect(rowsOf(p.id).items).toBe(0);

    // A failure after an image file is removed but before its batch commits: the row comes
    // back without its file, and the next run removes it again without counting it twice.
    t.ctx.db.exec(
      `CREATE TEMP TRIGGER fail_count BEFORE UPDATE OF media_files ON project_deletes WHEN new.media_files > 0
       BEGIN SELECT RAISE(ABORT, 'power cut'); END`,
    );
    let failed = false;
    for (let n = 0; n < 2 && !failed; n++) {
      try {
        deleteStep(t.ctx, p.id, sizes);
      } catch (e) {
        expect((e as Error).message).toBe('power cut');
        failed = true;
      }
    }
    expect(failed).toBe(true);
    expect(files.has(p.ownSha)).toBe(false);
    expect(t.ctx.media.bySha(p.ownSha)).toBeDefined();
    consistent();
    t.ctx.db.exec('DROP TRIGGER fail_count');

    // A restart: a new connection to the same data, as the next start opens it.
    const restarted = createContext(t.ctx.config);
    try {
      const [done, ...more] = await resumeProjectDeletes(restarted);
      expect(more).toEqual([]);
      expect(done).toEqual({ id: p.id, name: 'Interrupted', ...preview });
    } finally {
      restarted.db.close();
    }
    expect(rowsOf(p.id)).toEqual(none(p.id));
    expect(t.ctx.media.bySha(p.ownSha)).toBeUndefined();
    expect(deleteAudit(p.id).map((e) => e.detail)).toEqual([preview]);
    expect({ rows: rowsOf(kept.id), export: await exportOf(kept.id) }).toEqual(keptBefore);
    expect(await resumeProjectDeletes(t.ctx)).toEqual([]);
  });

  it('never gives a deleted project’s id or a removed image’s id again', async () => {
    const p = await world('Newest');
    const mediaId = t.ctx.media.bySha(p.ownSha)!.id;
    expect((await deleteAs(admin, p.id, { confirm: 'Newest' })).status).toBe(200);
    const again = await world('After');
    expect(again.id).toBeGreaterThan(p.id);
    expect(t.ctx.media.bySha(again.ownSha)!.id).toBeGreaterThan(mediaId);
    // A browser keeps an image by its URL for a year: the old one must not come back as the new.
    expect((await admin.get(`/api/media/${mediaId}`)).status).toBe(404);
  });

  it('runs every statement of a delete off an index', () => {
    const plans: string[] = [];
    for (const [name, sql] of Object.entries(PROJECT_DELETE_SQL)) {
      const args = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 1);
      const plan = t.ctx.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[];
      for (const { detail } of plan) {
        if (/^SCAN (?!CONSTANT|\(subquery)/.test(detail) && !/USING (COVERING )?INDEX/.test(detail)) {
          plans.push(`${name}: ${detail}`);
        }
      }
    }
    expect(plans).toEqual([]);
    // Per media, not per link of the whole project: that would be quadratic in its images.
    const unlink = t.ctx.db.prepare(`EXPLAIN QUERY PLAN ${PROJECT_DELETE_SQL.unlinkMedia}`).all(1, 1);
    expect(unlink).toMatchObject([{ detail: expect.stringContaining('(media_id=? AND project_id=?)') }]);
  });
});

describe('a server killed in the middle of a delete', () => {
  it('leaves a consistent database, and the next start finishes the delete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gloss-delete-crash-'));
    const dataDir = join(dir, 'data');
    const env = { GLOSS_ADMIN_PASSWORD: 'crash-admin-password' };
    try {
      const seed = createContext(configFromEnv({}, dataDir));
      const doomed = queueProject(seed, { name: 'Killed midway' });
      insertItems(seed.db, doomed.id, 100_000);
      const kept = queueProject(seed, { name: 'Kept' });
      insertItems(seed.db, kept.id, 10);
      seed.db.close();

      let server = await startServerProcess({ dataDir, env });
      const login = async () => {
        const c = new Client(server.url);
        expect(
          (await c.post('/api/auth/login', { username: 'admin', password: env.GLOSS_ADMIN_PASSWORD })).status,
        ).toBe(200);
        return c;
      };
      const res = await (await login()).request('DELETE', `/api/projects/${doomed.id}`, {
        confirm: 'Killed midway',
      });
      expect(res.status).toBe(202);
      await server.stop('SIGKILL');

      const db = new Database(join(dataDir, 'gloss.db'));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const left = db
        .prepare('SELECT COUNT(*) FROM items WHERE project_id = ?')
        .pluck()
        .get(doomed.id) as number;
      expect(left).toBeGreaterThan(0);
      expect(left % DELETE_BATCH_ITEMS).toBe(0);
      db.close();

      server = await startServerProcess({ dataDir, env });
      try {
        const admin = await login();
        expect((await admin.get(`/api/projects/${doomed.id}`)).status).toBe(404);
        const deadline = Date.now() + 30_000;
        let audit: AuditEvent[] = [];
        while (audit.length === 0 && Date.now() < deadline) {
          audit = (
            (await admin.get(`/api/audit?action=project.delete`)).json as unknown as { events: AuditEvent[] }
          ).events;
          if (audit.length === 0) await new Promise((r) => setTimeout(r, 100));
        }
        expect(audit).toMatchObject([
          { actor: 'admin', projectId: doomed.id, target: 'Killed midway', detail: { items: 100_000 } },
        ]);
        expect((await admin.get(`/api/projects/${kept.id}`)).json).toMatchObject({ counts: { new: 10 } });
      } finally {
        await server.stop();
      }
      const after = new Database(join(dataDir, 'gloss.db'));
      expect(after.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(10);
      expect(after.prepare('SELECT COUNT(*) FROM project_deletes').pluck().get()).toBe(0);
      after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
