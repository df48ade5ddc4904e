import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backup, restore } from '../db/backup.ts';
import { encodePng } from '../media/png.ts';
import { startTestServer, type TestServer } from '../testing/harness.ts';

/**
 * Backup while annotators work, then restore: the restored install exports the same bytes
 * (compared through the export API of a second server on the restored data) and has every
 * media file.
 */
let t: TestServer;
let restored: TestServer;
let projectId = 0;
let imageProjectId = 0;

const png = (shade: number) => encodePng(4, 3, new Uint8Array(4 * 3 * 3).fill(shade));

beforeAll(async () => {
  t = await startTestServer();
  await t.addUser('ann');
  const admin = await t.as('admin');
  const schema = {
    tasks: [
      { name: 'entities', type: 'spans', labels: [{ value: 'PER' }] },
      { name: 'topic', type: 'choices', labels: [{ value: 'a' }, { value: 'b' }] },
    ],
  };
  const p = await admin.post('/api/projects', { name: 'Backup', schema, settings: { tiers: [] } });
  projectId = p.json.id as unknown as number;
  const lines = Array.from({ length: 300 }, (_, i) =>
    JSON.stringify({ id: `d${i}`, text: `Ada ${i} 😀 שלום` }),
  );
  expect(
    (await admin.request('POST', `/api/projects/${projectId}/import?format=jsonl`, lines.join('\n'))).status,
  ).toBe(200);
  const ip = await admin.post('/api/projects', {
    name: 'Images',
    schema: { tasks: [{ name: 'objects', type: 'boxes', labels: [{ value: 'car' }] }] },
  });
  imageProjectId = ip.json.id as unknown as number;
  for (const shade of [10, 200]) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png(shade))], { type: 'image/png' }), `img-${shade}.png`);
    expect((await admin.request('POST', `/api/projects/${imageProjectId}/import`, form)).status).toBe(200);
  }
  t.addMember(projectId, 'ann', 'annotator');
});
afterAll(async () => {
  await t.close();
  await restored?.close();
});

describe('backup and restore', () => {
  it('backs up while an annotator submits, and the restore exports identically with its media', async () => {
    const ann = await t.as('ann');
    let submitting = true;
    const work = (async () => {
      let n = 0;
      while (submitting && n < 200) {
        const next = await ann.get(`/api/projects/${projectId}/next`);
        if (next.status !== 200) break;
        const id = next.json.id as unknown as number;
        const r = await ann.post(`/api/items/${id}/annotations`, {
          labels: { entities: [{ start: 0, end: 3, label: 'PER', text: 'Ada' }], topic: ['a'] },
          lead_time_s: 1,
        });
        expect(r.status).toBe(201);
        n++;
      }
      return n;
    })();
    await new Promise((r) => setTimeout(r, 150));
    const file = join(t.dir, 'backup.zip');
    await backup(t.ctx.db, t.ctx.config.dataDir, file);
    submitting = false;
    expect(await work).toBeGreaterThan(0);

    const dir = join(t.dir, 'restored');
    await restore(file, join(dir, 'data'));
    restored = await startTestServer({ config: { dataDir: join(dir, 'data') } });
    const admin = await t.as('admin');
    const again = await restored.as('admin');
    for (const pid of [projectId, imageProjectId]) {
      const path = `/api/projects/${pid}/export?format=jsonl&status=all`;
      // The original moved on after the snapshot; compare the restored export with the items the
      // snapshot held, read back from the original for exactly those ids.
      const after = (await again.get(path)).text.trim().split('\n');
      const before = new Map(
        (await admin.get(path)).text
          .trim()
          .split('\n')
          .map((l) => [JSON.parse(l).id, l]),
      );
      expect(after.length).toBe(pid === projectId ? 300 : 2);
      const unchanged = after.filter((l) => before.get(JSON.parse(l).id) === l).length;
      const snapshotSubmits = after.filter((l) => JSON.parse(l).annotations.length > 0).length;
      const originalSubmits = [...before.values()].filter((l) => JSON.parse(l).annotations.length > 0).length;
      // Every line is byte-identical except items annotated after the snapshot was taken.
      expect(after.length - unchanged).toBe(originalSubmits - snapshotSubmits);
    }
    const media = (root: string) => {
      const out: string[] = [];
      for (const d of readdirSync(join(root, 'media'))) {
        for (const f of readdirSync(join(root, 'media', d)))
          out.push(`${d}/${f}:${readFileSync(join(root, 'media', d, f)).length}`);
      }
      return out.sort();
    };
    expect(media(join(dir, 'data'))).toEqual(media(t.ctx.config.dataDir));
    expect(media(join(dir, 'data')).length).toBe(2);
    const img = await again.get(`/api/projects/${imageProjectId}/items`);
    expect(img.json.items).toHaveLength(2);
  });
});
