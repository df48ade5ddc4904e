import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../shared/api.ts';
import { MediaFiles } from '../media/files.ts';
import { type Client, startTestServer, type TestServer } from '../testing/harness.ts';
import { makeZip, renameInZip, testPng } from '../testing/images.ts';

let t: TestServer;
let admin: Client;
let roots: string;
const schema = {
  tasks: [
    { name: 'objects', type: 'boxes', labels: [{ value: 'car' }, { value: 'person' }] },
    { name: 'outlines', type: 'polygons', labels: [{ value: 'road' }] },
    { name: 'marks', type: 'points', labels: [{ value: 'lamp' }] },
    { name: 'scene', type: 'choices', labels: [{ value: 'day' }, { value: 'night' }] },
  ],
};

beforeAll(async () => {
  roots = mkdtempSync(join(tmpdir(), 'gloss-roots-'));
  mkdirSync(join(roots, 'allowed', 'street'), { recursive: true });
  writeFileSync(join(roots, 'allowed', 'street', 'a.png'), testPng(40, 30, [10, 200, 10]));
  writeFileSync(join(roots, 'secret.png'), testPng(8, 8, [1, 2, 3]));
  symlinkSync(join(roots, 'secret.png'), join(roots, 'allowed', 'escape.png'));
  symlinkSync(join(roots, 'allowed', 'street', 'a.png'), join(roots, 'allowed', 'inside.png'));
  t = await startTestServer({ config: { importRoots: [join(roots, 'allowed')], maxZipEntries: 50 } });
  admin = await t.as('admin');
});
afterAll(async () => {
  await t.close();
  rmSync(roots, { recursive: true, force: true });
});

async function newProject(name: string) {
  return (await admin.post('/api/projects', { name, schema })).json.id as unknown as number;
}

async function upload(projectId: number, body: Buffer | string | FormData, query = '', c = admin) {
  const res = await c.request('POST', `/api/projects/${projectId}/import${query}`, body);
  expect(res.status, res.text).toBe(200);
  return res.json as unknown as ImportResult;
}

type Data = { image: string; mediaId: number; width: number; height: number };
function itemsOf(projectId: number) {
  return t.ctx.items.exportPage(projectId, {}, 0, 1000).map((r) => ({
    id: r.ext_id,
    kind: r.kind,
    data: JSON.parse(r.data) as Data,
    predictions: JSON.parse(
      (t.ctx.db.prepare('SELECT predictions FROM items WHERE id = ?').pluck().get(r.id) as string | null) ??
        'null',
    ) as unknown,
  }));
}

describe('image import', () => {
  it('makes an item of each image of a zip, with its path as id and its measured size', async () => {
    const p = await newProject('zip');
    const zip = await makeZip([
      { name: 'street/img10.png', data: testPng(64, 48) },
      { name: 'street/img2.png', data: testPng(20, 10, [200, 0, 0]) },
      { name: '__MACOSX/street/._img2.png', data: 'resource fork' },
      { name: 'notes.txt', data: 'not an image' },
    ]);
    const r = await upload(p, zip, '?filename=photos.zip');
    expect(r).toMatchObject({ imported: 2, duplicates: 0 });
    expect(r.errors).toEqual([
      { line: 0, message: expect.stringMatching(/^photos.zip: "notes.txt" is not an image .* skipped$/) },
    ]);
    const items = itemsOf(p);
    // Natural order: img2 before img10.
    expect(items.map((i) => [i.id, i.kind, i.data.image, i.data.width, i.data.height])).toEqual([
      ['street/img2.png', 'image', 'street/img2.png', 20, 10],
      ['street/img10.png', 'image', 'street/img10.png', 64, 48],
    ]);
    // Uploading the same zip again adds nothing and stores nothing twice.
    const again = await upload(p, zip, '?filename=photos.zip');
    expect(again).toMatchObject({ imported: 0, duplicates: 2 });
  });

  it('stores each content once, 0600 in 0700 folders named by its sha256, whatever the path', async () => {
    const p = await newProject('dedupe');
    const png = testPng(30, 30, [1, 1, 1]);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'one.png');
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'two.png');
    form.append(
      'file',
      new Blob([new Uint8Array(testPng(31, 30, [1, 1, 1]))], { type: 'image/png' }),
      'three.png',
    );
    const r = await upload(p, form);
    expect(r).toMatchObject({ imported: 3, errors: [] });
    const [one, two, three] = itemsOf(p).map((i) => i.data);
    expect(one!.mediaId).toBe(two!.mediaId);
    expect(three!.mediaId).not.toBe(one!.mediaId);
    const media = t.ctx.media.byId(one!.mediaId)!;
    const file = new MediaFiles(t.ctx.config.dataDir).pathOf(media.sha256);
    expect(file).toMatch(new RegExp(`media/${media.sha256.slice(0, 2)}/${media.sha256}$`));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    expect(statSync(join(file, '..', '..')).mode & 0o777).toBe(0o700);
    const sameBytes = t.ctx.db
      .prepare('SELECT COUNT(*) FROM media WHERE sha256 = ?')
      .pluck()
      .get(media.sha256);
    expect(sameBytes).toBe(1);
  });

  it('takes one raw image body, and refuses a file that only claims to be an image', async () => {
    const p = await newProject('raw');
    expect(await upload(p, testPng(12, 9), '?filename=cat.png')).toMatchObject({ imported: 1, errors: [] });
    expect(itemsOf(p)[0]).toMatchObject({ id: 'cat.png', data: { image: 'cat.png', width: 12, height: 9 } });
    const form = new FormData();
    form.append('file', new Blob(['<svg onload="alert(1)"/>'], { type: 'image/svg+xml' }), 'evil.png');
    const r = await upload(p, form);
    expect(r.imported).toBe(0);
    expect(r.errors).toEqual([{ line: 0, message: 'evil.png: is not a PNG, JPEG, WebP or GIF image' }]);
  });

  it('resolves a tasks file in the zip against the zip, with Label Studio shapes from percent to pixels', async () => {
    const p = await newProject('manifest');
    const task = {
      id: 'ls-1',
      data: { image: 'img/a.png', source: 'ls' },
      annotations: [
        {
          result: [
            {
              from_name: 'label',
              to_name: 'image',
              type: 'rectanglelabels',
              original_width: 200,
              original_height: 100,
              value: { x: 10, y: 20, width: 25, height: 50, rectanglelabels: ['car'] },
            },
            {
              from_name: 'poly',
              to_name: 'image',
              type: 'polygonlabels',
              value: {
                points: [
                  [0, 0],
                  [50, 0],
                  [50, 100],
                ],
                polygonlabels: ['road'],
              },
            },
            { from_name: 'scene', to_name: 'image', type: 'choices', value: { choices: ['night'] } },
          ],
        },
      ],
    };
    const zip = await makeZip([
      { name: 'set/img/a.png', data: testPng(200, 100) },
      { name: 'set/img/unused.png', data: testPng(10, 10, [0, 0, 250]) },
      {
        name: 'set/tasks.jsonl',
        data: `${JSON.stringify(task)}\n${JSON.stringify({ id: 'missing', image: 'img/nope.png' })}\n`,
      },
    ]);
    const r = await upload(p, zip);
    expect(r.imported).toBe(1);
    expect(r.errors).toEqual([
      {
        line: 2,
        message: expect.stringMatching(/^upload: set\/tasks.jsonl: image "img\/nope.png" was not found/),
      },
    ]);
    const [item] = itemsOf(p);
    expect(item!.data).toMatchObject({ image: 'img/a.png', width: 200, height: 100 });
    // x 10% of 200 = 20, y 20% of 100 = 20, 25% x 50% = 50 x 50; the polygon had no size of its
    // own and takes the image's; "label" and "poly" are not task names, so the labels find theirs.
    expect(item!.predictions).toEqual([
      {
        labels: {
          scene: ['night'],
          objects: [{ x: 20, y: 20, width: 50, height: 50, label: 'car' }],
          outlines: [
            {
              points: [
                [0, 0],
                [100, 0],
                [100, 100],
              ],
              label: 'road',
            },
          ],
        },
      },
    ]);
    // The image the tasks file did not name stays uploaded: a later line can use its path.
    const later = await upload(p, `${JSON.stringify({ image: 'set/img/unused.png' })}\n`);
    expect(later).toMatchObject({ imported: 1, errors: [] });
  });

  it('imports a COCO file with its shapes as a pre-annotation, checking the image sizes', async () => {
    const p = await newProject('coco');
    const coco = {
      images: [
        { id: 1, file_name: 'a.png', width: 100, height: 50 },
        { id: 2, file_name: 'b.png', width: 99, height: 99 },
      ],
      categories: [
        { id: 1, name: 'car' },
        { id: 2, name: 'road' },
      ],
      annotations: [
        {
          id: 1,
          image_id: 1,
          category_id: 1,
          bbox: [10, 5, 30, 20],
          area: 600,
          iscrowd: 0,
          segmentation: [],
        },
        { id: 2, image_id: 1, category_id: 2, bbox: [0, 0, 50, 50], segmentation: [[0, 0, 50, 0, 50, 50]] },
        { id: 3, image_id: 2, category_id: 1, bbox: [1, 1, 2, 2] },
      ],
    };
    const zip = await makeZip([
      { name: 'a.png', data: testPng(100, 50) },
      { name: 'b.png', data: testPng(50, 50, [9, 9, 9]) },
      { name: 'annotations/instances.json', data: JSON.stringify(coco, null, 2) },
    ]);
    const r = await upload(p, zip, '?filename=coco.zip');
    expect(r.imported).toBe(1);
    expect(r.errors).toEqual([
      {
        line: 2,
        message: 'coco.zip: annotations/instances.json: image "b.png" is 50x50 but the COCO file says 99x99',
      },
    ]);
    expect(itemsOf(p)[0]).toMatchObject({
      id: 'a.png',
      predictions: [
        {
          model: 'coco',
          labels: {
            objects: [{ x: 10, y: 5, width: 30, height: 20, label: 'car' }],
            outlines: [
              {
                points: [
                  [0, 0],
                  [50, 0],
                  [50, 50],
                ],
                label: 'road',
              },
            ],
          },
        },
      ],
    });
  });

  it('refuses a zip with an entry that climbs out (zip-slip), writing nothing', async () => {
    const p = await newProject('slip');
    const zip = renameInZip(
      await makeZip([
        { name: 'ok.png', data: testPng(5, 5) },
        { name: 'xx/evil.png', data: testPng(6, 6) },
      ]),
      'xx/evil.png',
      '../evil.png',
    );
    const r = await upload(p, zip, '?filename=slip.zip');
    expect(r.imported).toBe(0);
    expect(r.errors).toEqual([
      { line: 0, message: expect.stringMatching(/^slip.zip: refused: invalid relative path: ..\/evil.png/) },
    ]);
    const abs = renameInZip(
      await makeZip([{ name: 'xtmp/evil.png', data: testPng(6, 6) }]),
      'xtmp/evil.png',
      '/tmp/evil.png',
    );
    expect((await upload(p, abs)).errors[0]!.message).toMatch(/absolute path/);
    expect(readdirSync(t.ctx.config.dataDir)).not.toContain('evil.png');
  });

  it('refuses symbolic links in a zip and bounds entries and unpacked size', async () => {
    const p = await newProject('bounds');
    const zip = await makeZip([
      { name: 'link.png', data: '/etc/passwd', mode: 0o120777 },
      { name: 'real.png', data: testPng(5, 5) },
    ]);
    const r = await upload(p, zip);
    expect(r.imported).toBe(1);
    expect(r.errors).toEqual([{ line: 0, message: 'upload: "link.png" is a symbolic link: refused' }]);
    const many = await makeZip(Array.from({ length: 51 }, (_, i) => ({ name: `${i}.png`, data: 'x' })));
    expect((await upload(p, many)).errors).toEqual([
      { line: 0, message: 'upload: holds 51 entries, more than the limit of 50 (GLOSS_MAX_ZIP_ENTRIES)' },
    ]);
  });

  it('refuses an entry whose data is damaged and imports the rest', async () => {
    const p = await newProject('damaged');
    const good = testPng(9, 9, [5, 5, 5]);
    const bad = testPng(40, 40, [6, 6, 6]);
    const zip = await makeZip([
      { name: 'good.png', data: good },
      { name: 'bad.png', data: bad },
    ]);
    // Flip bytes inside bad.png's compressed data: inflating fails or the checksum does not match.
    const at = zip.indexOf(Buffer.from('bad.png')) + 'bad.png'.length + 20;
    for (let i = at; i < at + 8; i++) zip[i]! ^= 0xff;
    const r = await upload(p, zip);
    expect(r.errors).toEqual([
      { line: 0, message: expect.stringMatching(/^upload: "bad.png" cannot be read: /) },
    ]);
    expect(r.imported).toBe(1);
    expect(itemsOf(p).map((i) => i.id)).toEqual(['good.png']);
  });

  it('stops unpacking at GLOSS_MAX_UNZIPPED_MB (a zip bomb)', async () => {
    const small = await startTestServer({ config: { maxUnzippedBytes: 1000 } });
    try {
      const c = await small.as('admin');
      const p = (await c.post('/api/projects', { name: 'bomb', schema })).json.id as unknown as number;
      // 20,000 zeros compress to a few dozen bytes.
      const zip = await makeZip([
        { name: 'a.png', data: testPng(4, 4) },
        { name: 'b.jsonl', data: Buffer.alloc(20_000, 0x20) },
      ]);
      const res = await c.request('POST', `/api/projects/${p}/import`, zip);
      expect(res.json.imported).toBe(0);
      expect((res.json.errors as unknown as { message: string }[])[0]!.message).toMatch(
        /stopped at "b.jsonl": the archive unpacks to more than 1000 bytes \(GLOSS_MAX_UNZIPPED_MB\)/,
      );
    } finally {
      await small.close();
    }
  });

  it('resolves bare JSONL image paths inside GLOSS_IMPORT_ROOTS only, never through .. or a link out', async () => {
    const p = await newProject('roots');
    const lines = [
      { id: 'ok', image: 'street/a.png' },
      { id: 'link-inside', image: 'inside.png' },
      { id: 'dotdot', image: '../secret.png' },
      { id: 'abs', image: join(roots, 'secret.png') },
      { id: 'link-out', image: 'escape.png' },
      { id: 'absent', image: 'street/none.png' },
    ];
    const r = await upload(p, lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(r.imported).toBe(2);
    expect(r.errors.map((e) => [e.line, e.message.replace(/:.*/s, '')])).toEqual([
      [3, 'image "../secret.png" is an absolute path or leaves its folder (..)'],
      [4, `image "${join(roots, 'secret.png')}" is an absolute path or leaves its folder (..)`],
      [5, 'image "escape.png" leads outside GLOSS_IMPORT_ROOTS through a symbolic link'],
      [6, 'image "street/none.png" was not found'],
    ]);
    expect(itemsOf(p).map((i) => [i.id, i.data.width])).toEqual([
      ['ok', 40],
      ['link-inside', 40],
    ]);
  });

  it('refuses remote image URLs unless the host is allowed, without any connection', async () => {
    const p = await newProject('urls');
    const r = await upload(p, `${JSON.stringify({ id: 'u', image: 'https://images.example.com/x.png' })}\n`);
    expect(r.errors).toEqual([
      {
        line: 1,
        message:
          'image "https://images.example.com/x.png" is a remote URL and its host images.example.com is not listed in GLOSS_IMPORT_HOSTS: Gloss does not fetch it (upload the image, or ask an admin to allow the host)',
      },
    ]);
    const ftp = await upload(p, `${JSON.stringify({ id: 'f', image: 'ftp://host/x.png' })}\n`);
    expect(ftp.errors[0]!.message).toMatch(/only relative paths and http\(s\) URLs/);
  });
});

describe('GET /api/media/:id', () => {
  it('serves the bytes to members with a strong ETag and a year of private caching; 304 on a match', async () => {
    const p = await newProject('served');
    const png = testPng(16, 16, [255, 0, 0]);
    await upload(p, png, '?filename=red.png');
    const { mediaId } = itemsOf(p)[0]!.data;
    await t.addUser('member1');
    t.addMember(p, 'member1', 'annotator');
    const member = await t.as('member1');
    const res = await fetch(`${t.url}/api/media/${mediaId}`, { headers: { cookie: member.cookie! } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    const sha = t.ctx.media.byId(mediaId)!.sha256;
    expect(res.headers.get('etag')).toBe(`"${sha}"`);
    expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const again = await fetch(`${t.url}/api/media/${mediaId}`, {
      headers: { cookie: member.cookie!, 'if-none-match': `"${sha}"` },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('answers 404 to a non-member exactly as for an id that does not exist, 401 to nobody', async () => {
    const p = await newProject('private');
    await upload(p, testPng(7, 7, [0, 255, 0]), '?filename=green.png');
    const { mediaId } = itemsOf(p)[0]!.data;
    await t.addUser('stranger');
    const stranger = await t.as('stranger');
    const hidden = await stranger.get(`/api/media/${mediaId}`);
    const absent = await stranger.get('/api/media/999999');
    expect([hidden.status, hidden.json]).toEqual([absent.status, absent.json]);
    expect(hidden.status).toBe(404);
    expect((await stranger.get('/api/media/abc')).status).toBe(404);
    expect((await t.anon().get(`/api/media/${mediaId}`)).status).toBe(401);
    // The same bytes uploaded into a project of the stranger's open them to the stranger too.
    const own = await newProject('own');
    t.addMember(own, 'stranger', 'annotator');
    await upload(own, testPng(7, 7, [0, 255, 0]), '?filename=mine.png');
    expect((await stranger.get(`/api/media/${mediaId}`)).status).toBe(200);
  });
});
