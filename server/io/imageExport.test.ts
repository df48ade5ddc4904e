import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import type { WorkItem } from '../../shared/annotate.ts';
import { CocoDatasetSchema } from '../../shared/formats/coco.ts';
import { type Client, startTestServer, type TestServer } from '../testing/harness.ts';
import { testPng } from '../testing/images.ts';

let t: TestServer;
let admin: Client;
let projectId: number;
let streetId: number;

const schema = {
  tasks: [
    { name: 'objects', type: 'boxes', labels: [{ value: 'car' }, { value: 'person' }] },
    { name: 'outlines', type: 'polygons', labels: [{ value: 'road' }] },
    { name: 'marks', type: 'points', labels: [{ value: 'lamp' }] },
    { name: 'scene', type: 'choices', labels: [{ value: 'day' }, { value: 'night' }] },
  ],
};
const LABELS = {
  objects: [{ x: 20, y: 10, width: 50, height: 40, label: 'car' }],
  outlines: [
    {
      points: [
        [0, 0],
        [40, 0],
        [40, 30],
      ],
      label: 'road',
    },
  ],
  marks: [{ x: 5, y: 6, label: 'lamp' }],
  scene: ['day'],
};

beforeAll(async () => {
  t = await startTestServer();
  admin = await t.as('admin');
  await t.addUser('ann');
  projectId = (await admin.post('/api/projects', { name: 'street', schema, settings: { tiers: [] } })).json
    .id as unknown as number;
  t.addMember(projectId, 'ann', 'annotator');
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(testPng(200, 100))]), 'street.png');
  form.append('file', new Blob([new Uint8Array(testPng(64, 32, [0, 0, 0]))]), 'empty/night.png');
  expect((await admin.request('POST', `/api/projects/${projectId}/import`, form)).json).toMatchObject({
    imported: 2,
  });
  const ann = await t.as('ann');
  const item = (await ann.get(`/api/projects/${projectId}/next`)).json as unknown as WorkItem;
  expect(item.data).toMatchObject({ image: 'street.png', width: 200, height: 100 });
  streetId = item.id;
  const submit = await ann.post(`/api/items/${item.id}/annotations`, { labels: LABELS, lead_time_s: 12 });
  expect(submit.status).toBe(201);
});
afterAll(() => t.close());

const exportAs = (format: string) =>
  admin.get(`/api/projects/${projectId}/export?status=all&format=${format}`);

describe('image exports', () => {
  it('COCO: images, categories, and boxes, polygons and keypoints with hand-checked numbers', async () => {
    const res = await exportAs('coco');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="gloss-project-${projectId}-all-coco.json"`,
    );
    const coco = CocoDatasetSchema.parse(res.json);
    expect(coco.images).toEqual([
      { id: streetId, file_name: 'street.png', width: 200, height: 100 },
      { id: expect.any(Number), file_name: 'night.png', width: 64, height: 32 },
    ]);
    expect(coco.categories.map((c) => [c.id, c.name])).toEqual([
      [1, 'car'],
      [2, 'person'],
      [3, 'road'],
      [4, 'lamp'],
    ]);
    expect(coco.annotations).toEqual([
      // 50 x 40 = 2000.
      {
        id: 1,
        image_id: streetId,
        category_id: 1,
        iscrowd: 0,
        bbox: [20, 10, 50, 40],
        area: 2000,
        segmentation: [],
      },
      // A right triangle with legs 40 and 30: area 600.
      {
        id: 2,
        image_id: streetId,
        category_id: 3,
        iscrowd: 0,
        bbox: [0, 0, 40, 30],
        area: 600,
        segmentation: [[0, 0, 40, 0, 40, 30]],
      },
      {
        id: 3,
        image_id: streetId,
        category_id: 4,
        iscrowd: 0,
        bbox: [5, 6, 0, 0],
        area: 0,
        segmentation: [],
        keypoints: [5, 6, 2],
        num_keypoints: 1,
      },
    ]);
  });

  it('YOLO: a zip with classes.txt, data.yaml and one label file per image', async () => {
    const res = await fetch(`${t.url}/api/projects/${projectId}/export?status=all&format=yolo`, {
      headers: { cookie: admin.cookie! },
    });
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = await unzip(Buffer.from(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual([
      'classes.txt',
      'data.yaml',
      'labels/night.txt',
      'labels/street.txt',
    ]);
    expect(files['classes.txt']).toBe('car\nperson\nroad\n');
    // Car: centre (20 + 25, 10 + 20) / (200, 100) = (0.225, 0.3), size 0.25 x 0.4.
    // Road: bounds 0,0 40x30: centre (0.1, 0.15), size 0.2 x 0.3. The lamp point has no YOLO form.
    expect(files['labels/street.txt']).toBe(
      '0 0.225000 0.300000 0.250000 0.400000\n2 0.100000 0.150000 0.200000 0.300000\n',
    );
    expect(files['labels/night.txt']).toBe('');
    expect(files['data.yaml']).toContain('names:\n  0: "car"\n  1: "person"\n  2: "road"\n');
  });

  it('Label Studio: shapes in percent with the original size, choices beside them; reads back the same', async () => {
    const res = await exportAs('labelstudio');
    const tasks = res.json as unknown as {
      id: string;
      data: { image: string };
      annotations: { result: unknown[] }[];
    }[];
    expect(tasks).toHaveLength(2);
    expect(tasks[0]!.data).toEqual({ image: 'street.png' });
    const common = { to_name: 'image', original_width: 200, original_height: 100, image_rotation: 0 };
    expect(tasks[0]!.annotations[0]!.result).toEqual([
      {
        ...common,
        id: 'objects-1',
        from_name: 'objects',
        type: 'rectanglelabels',
        // 20/200 = 10%, 10/100 = 10%, 50/200 = 25%, 40/100 = 40%.
        value: { x: 10, y: 10, width: 25, height: 40, rotation: 0, rectanglelabels: ['car'] },
      },
      {
        ...common,
        id: 'outlines-1',
        from_name: 'outlines',
        type: 'polygonlabels',
        value: {
          points: [
            [0, 0],
            [20, 0],
            [20, 30],
          ],
          polygonlabels: ['road'],
          closed: true,
        },
      },
      {
        ...common,
        id: 'marks-1',
        from_name: 'marks',
        type: 'keypointlabels',
        value: { x: 2.5, y: 6, width: 0.5, keypointlabels: ['lamp'] },
      },
      { from_name: 'scene', to_name: 'image', type: 'choices', value: { choices: ['day'] } },
    ]);
    // Into a new project, with the images uploaded there first: the same labels as predictions.
    const back = (await admin.post('/api/projects', { name: 'back', schema })).json.id as unknown as number;
    await admin.request('POST', `/api/projects/${back}/import?filename=street.png`, testPng(200, 100));
    const r = await admin.request(
      'POST',
      `/api/projects/${back}/import?filename=ls.json`,
      JSON.stringify([{ ...tasks[0], id: 'street-ls' }]),
    );
    expect(r.json).toMatchObject({ imported: 1, errors: [] });
    const row = t.ctx.db
      .prepare("SELECT predictions FROM items WHERE project_id = ? AND ext_id = 'street-ls'")
      .pluck();
    expect(JSON.parse(row.get(back) as string)).toEqual([{ labels: LABELS }]);
  });

  it('JSONL: an image line carries its path and natural size, never the media id', async () => {
    const res = await exportAs('jsonl');
    const line = JSON.parse(res.text.split('\n')[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      id: 'street.png',
      data: { image: 'street.png', width: 200, height: 100 },
      annotations: [{ by: 'ann', labels: LABELS, lead_time_s: 12 }],
    });
    expect(JSON.stringify(line.data)).not.toContain('mediaId');
  });
});

async function unzip(buf: Buffer): Promise<Record<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const out: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      zip.openReadStream(e, async (err, s) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        for await (const c of s) chunks.push(c as Buffer);
        out[e.fileName] = Buffer.concat(chunks).toString();
        zip.readEntry();
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}
