import { type APIRequestContext, expect, type Page, request, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../playwright.config.ts';
import { Raster } from '../server/media/png.ts';
import { makeZip } from '../server/testing/images.ts';
import { CocoDatasetSchema } from '../shared/formats/coco.ts';
import { fitViewport, MAX_SCALE, type Vec2, zoomAt } from '../shared/geometry.ts';
import { canvasTransform, drag } from './canvas.ts';

/**
 * An annotator labels an image with the mouse: a box, a polygon and points (the points while
 * zoomed in), moves and resizes the box, zooms out, undoes and redoes, picks a choice and
 * submits. The COCO and JSONL exports then hold every shape within 1 px of where it was drawn,
 * computed from the canvas transform (fit to the view with 16 px padding, wheel zoom towards
 * the cursor).
 */

const ANNOTATOR = { username: 'imgann', password: 'imgann-password-1' };
const SIZE = { width: 800, height: 600 };
const FIT_PADDING = 16;
const SCHEMA = {
  tasks: [
    {
      name: 'objects',
      type: 'boxes',
      labels: [
        { value: 'car', hotkey: 'c' },
        { value: 'person', hotkey: 'p' },
      ],
    },
    { name: 'regions', type: 'polygons', labels: [{ value: 'road', hotkey: 'r' }] },
    { name: 'lights', type: 'points', labels: [{ value: 'lamp', hotkey: 'l' }] },
    {
      name: 'time',
      type: 'choices',
      labels: [
        { value: 'day', hotkey: '1' },
        { value: 'night', hotkey: '2' },
      ],
    },
  ],
};

/** A street-like picture drawn here: sky, road, a red car. */
function picture(seed: number): Buffer {
  const r = new Raster(SIZE.width, SIZE.height, [150, 200, 240]);
  r.rect(0, 300, 800, 300, [90, 150, 80]);
  r.polygon(
    [
      [100, 600],
      [700, 600],
      [450, 300],
      [350, 300],
    ],
    [95, 95, 100],
  );
  r.rect(120 + seed * 10, 110, 180, 130, [200, 40, 40]);
  r.ellipse(160 + seed * 10, 240, 18, 18, [20, 20, 20]);
  r.ellipse(260 + seed * 10, 240, 18, 18, [20, 20, 20]);
  r.rect(600, 120, 6, 200, [60, 60, 60]);
  r.ellipse(603, 120, 12, 10, [250, 240, 150]);
  return r.toPng();
}

async function adminApi(baseURL: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL });
  const login = await api.post('/api/auth/login', {
    data: { username: 'admin', password: E2E_ADMIN_PASSWORD },
  });
  expect(login.ok()).toBe(true);
  return api;
}

/** Where the canvas is on the page and the size the editor measures (its client box). */
async function canvasBox(page: Page) {
  return page.getByTestId('image-canvas').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, top: r.top, width: el.clientWidth, height: el.clientHeight };
  });
}

async function click(page: Page, at: Vec2) {
  await page.mouse.move(...at, { steps: 2 });
  await page.mouse.down();
  await page.mouse.up();
}

const near = (got: number, want: number) =>
  expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(1);

type Box = { x: number; y: number; width: number; height: number; label: string };
type Polygon = { points: Vec2[]; label: string };
type Point = { x: number; y: number; label: string };

test('an annotator draws, edits, zooms, undoes and submits shapes; the exports match within 1 px', async ({
  page,
  baseURL,
}) => {
  const admin = await adminApi(baseURL!);
  let projectId = 0;

  await test.step('set up a project with boxes, polygons and points, and upload two images', async () => {
    const created = await admin.post('/api/projects', {
      data: { name: 'E2E street images', schema: SCHEMA, settings: { tiers: [] } },
    });
    expect(created.status()).toBe(201);
    projectId = (await created.json()).id;
    expect((await admin.post('/api/users', { data: ANNOTATOR })).status()).toBe(201);
    const member = await admin.put(`/api/projects/${projectId}/members/${ANNOTATOR.username}`, {
      data: { role: 'annotator' },
    });
    expect(member.ok()).toBe(true);
    const uploaded = await admin.post(`/api/projects/${projectId}/import`, {
      multipart: {
        first: { name: 'street-1.png', mimeType: 'image/png', buffer: picture(0) },
        second: { name: 'street-2.png', mimeType: 'image/png', buffer: picture(1) },
      },
    });
    expect(uploaded.ok(), await uploaded.text()).toBe(true);
    expect(await uploaded.json()).toMatchObject({ imported: 2, errors: [] });
  });

  await test.step('the annotator opens the queue and the image is drawn', async () => {
    const login = await page.request.post('/api/auth/login', { data: ANNOTATOR });
    expect(login.ok()).toBe(true);
    await page.goto(`/projects/${projectId}/label`);
    await expect(page.locator('.ann-item')).toHaveText('street-1.png');
    await expect(page.getByTestId('image-canvas').locator('canvas').first()).toBeVisible();
    await expect(page.getByText('Loading image…')).toBeHidden();
  });

  const box = await canvasBox(page);
  const fit = fitViewport(SIZE, box, FIT_PADDING);
  const at = canvasTransform(box, fit);
  const expected: { box: Box; road: Polygon; lamps: Point[] } = {
    box: { x: 0, y: 0, width: 0, height: 0, label: 'car' },
    road: { points: [], label: 'road' },
    lamps: [],
  };

  await test.step('a box by dragging (the label key picks the box tool)', async () => {
    await page.keyboard.press('c');
    const a = at.toPage([120, 110]);
    const b = at.toPage([300, 240]);
    await drag(page, a, b);
    const [x1, y1] = at.toImage(a);
    const [x2, y2] = at.toImage(b);
    expected.box = { x: x1, y: y1, width: x2 - x1, height: y2 - y1, label: 'car' };
    await expect(page.locator('.ie-label', { hasText: 'car' }).locator('.ie-count')).toHaveText('1');
  });

  await test.step('a polygon by clicks, closed with Enter', async () => {
    await page.keyboard.press('r');
    const corners: Vec2[] = [
      [100, 590],
      [700, 590],
      [450, 305],
      [350, 305],
    ];
    for (const c of corners) await click(page, at.toPage(c));
    await page.keyboard.press('Enter');
    expected.road.points = corners.map((c) => at.toImage(at.toPage(c)));
    await expect(page.locator('.ie-label', { hasText: 'road' }).locator('.ie-count')).toHaveText('1');
    await page.screenshot({ path: 'test-results/image-annotation-drawn.png' });
  });

  let zoomed = fit;
  const wheelAt = at.toPage([600, 200]);
  await test.step('zoom in with the wheel towards the lamp and place points there', async () => {
    await page.mouse.move(...wheelAt);
    await page.mouse.wheel(0, -400);
    const minScale = Math.min(fit.scale / 2, 0.5);
    zoomed = zoomAt(
      fit,
      [wheelAt[0] - box.left, wheelAt[1] - box.top],
      fit.scale * Math.exp(400 * 0.0015),
      minScale,
      MAX_SCALE,
    );
    const zat = canvasTransform(box, zoomed);
    await page.keyboard.press('l');
    for (const p of [
      [603, 120],
      [560, 200],
    ] as Vec2[]) {
      const s = zat.toPage(p);
      await click(page, s);
      const [x, y] = zat.toImage(s);
      expected.lamps.push({ x, y, label: 'lamp' });
    }
    await expect(page.locator('.ie-label', { hasText: 'lamp' }).locator('.ie-count')).toHaveText('2');
    await page.screenshot({ path: 'test-results/image-annotation-zoomed.png' });
    // The same wheel the other way, at the same spot, gives back the fitted view.
    await page.mouse.move(...wheelAt);
    await page.mouse.wheel(0, 400);
  });

  await test.step('select the box, move it, then resize it by its corner handle', async () => {
    await page.keyboard.press('Alt+v');
    const centre = at.toPage([
      expected.box.x + expected.box.width / 2,
      expected.box.y + expected.box.height / 2,
    ]);
    await drag(page, centre, [centre[0] + 40, centre[1] + 30]);
    expected.box.x += 40 / fit.scale;
    expected.box.y += 30 / fit.scale;
    const corner = at.toPage([expected.box.x + expected.box.width, expected.box.y + expected.box.height]);
    await drag(page, corner, [corner[0] + 30, corner[1] + 20]);
    expected.box.width += 30 / fit.scale;
    expected.box.height += 20 / fit.scale;
  });

  const draftBox = async () => {
    const res = await page.request.get(`/api/items/${await page.locator('.ann').getAttribute('data-item')}`);
    const labels = (await res.json()).draft?.labels as { objects?: Box[] } | undefined;
    return labels?.objects?.[0];
  };
  await test.step('undo the resize and the move, then redo both', async () => {
    await expect.poll(async () => (await draftBox())?.width ?? 0).toBeGreaterThan(expected.box.width - 1);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect
      .poll(async () => (await draftBox())?.x ?? 0)
      .toBeLessThan(expected.box.x - 40 / fit.scale + 1);
    await page.keyboard.press('Control+Shift+z');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await draftBox())?.width ?? 0).toBeGreaterThan(expected.box.width - 1);
    const restored = (await draftBox())!;
    near(restored.x, expected.box.x);
    near(restored.height, expected.box.height);
  });

  await test.step('pick the time of day by its key and submit: the next image comes', async () => {
    await page.keyboard.press('1');
    await expect(page.locator('.ann-choice.on')).toHaveText(/day/);
    await page.screenshot({ path: 'test-results/image-annotation-done.png' });
    await page.keyboard.press('Control+Enter');
    await expect(page.locator('.ann-item')).toHaveText('street-2.png');
  });

  await test.step('the COCO export is valid and within 1 px of what was drawn', async () => {
    const res = await admin.get(`/api/projects/${projectId}/export?format=coco&status=all`);
    expect(res.ok()).toBe(true);
    const coco = CocoDatasetSchema.parse(await res.json());
    expect(coco.images.map((i) => [i.file_name, i.width, i.height])).toEqual([
      ['street-1.png', 800, 600],
      ['street-2.png', 800, 600],
    ]);
    const cat = new Map(coco.categories.map((c) => [c.name, c.id]));
    expect([...cat.keys()]).toEqual(['car', 'person', 'road', 'lamp']);
    const image = coco.images[0]!.id;
    const anns = coco.annotations.filter((a) => a.image_id === image);
    expect(anns).toHaveLength(4);
    expect(new Set(anns.map((a) => a.id)).size).toBe(4);
    for (const a of anns) expect(a.iscrowd).toBe(0);
    const car = anns.find((a) => a.category_id === cat.get('car'))!;
    const e = expected.box;
    for (const [i, v] of car.bbox!.entries()) near(v, [e.x, e.y, e.width, e.height][i]!);
    near(car.area! / e.height, e.width);
    const road = anns.find((a) => a.category_id === cat.get('road'))!;
    const ring = (road.segmentation as number[][])[0]!;
    expect(ring).toHaveLength(8);
    for (const [i, v] of expected.road.points.flat().entries()) near(ring[i]!, v);
    const lamps = anns.filter((a) => a.category_id === cat.get('lamp'));
    expect(lamps.map((l) => l.num_keypoints)).toEqual([1, 1]);
    lamps.forEach((l, i) => {
      near(l.keypoints![0]!, expected.lamps[i]!.x);
      near(l.keypoints![1]!, expected.lamps[i]!.y);
      expect(l.keypoints![2]).toBe(2);
    });
  });

  await test.step('the JSONL export carries the same shapes in image pixels', async () => {
    const res = await admin.get(`/api/projects/${projectId}/export?format=jsonl&status=all`);
    const [first] = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(first.data).toEqual({ image: 'street-1.png', width: 800, height: 600 });
    const labels = first.labels ?? first.annotations[0].labels;
    expect(labels.time).toEqual(['day']);
    const [b] = labels.objects as Box[];
    for (const k of ['x', 'y', 'width', 'height'] as const) near(b![k], expected.box[k]);
    for (const [i, v] of (labels.regions[0] as Polygon).points.flat().entries())
      near(v, expected.road.points.flat()[i]!);
    (labels.lights as Point[]).forEach((p, i) => {
      near(p.x, expected.lamps[i]!.x);
      near(p.y, expected.lamps[i]!.y);
    });
  });
});

test('an admin uploads image files and a zip from the Import tab; the items show their images', async ({
  page,
  baseURL,
}) => {
  const admin = await adminApi(baseURL!);
  const created = await admin.post('/api/projects', { data: { name: 'E2E uploads', schema: SCHEMA } });
  const projectId = (await created.json()).id as number;
  const login = await page.request.post('/api/auth/login', {
    data: { username: 'admin', password: E2E_ADMIN_PASSWORD },
  });
  expect(login.ok()).toBe(true);
  await page.goto(`/projects/${projectId}/io`);
  const panel = page.getByRole('region', { name: 'Import' });
  const zip = await makeZip([
    { name: 'more/c.png', data: picture(2) },
    { name: 'more/d.png', data: picture(3) },
  ]);
  await panel.locator('input[type=file]').setInputFiles([
    { name: 'a.png', mimeType: 'image/png', buffer: picture(0) },
    { name: 'b.png', mimeType: 'image/png', buffer: picture(1) },
    { name: 'more.zip', mimeType: 'application/zip', buffer: zip },
  ]);
  await expect(panel.getByText('3 files')).toBeVisible();
  await expect(panel.getByLabel('Format')).toHaveValue('auto');
  await panel.getByRole('button', { name: 'Import', exact: true }).click();
  const report = panel.getByRole('status', { name: 'Import result' });
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(report.locator('.tiles div', { hasText: 'Imported' }).locator('dd')).toHaveText('4');
  await expect(report.locator('.tiles div', { hasText: 'Errors' }).locator('dd')).toHaveText('0');
  await page.screenshot({ path: 'test-results/image-upload-report.png' });
  const items = await (await admin.get(`/api/projects/${projectId}/items`)).json();
  expect(items.items.map((i: { extId: string; kind: string }) => [i.extId, i.kind])).toEqual([
    ['a.png', 'image'],
    ['b.png', 'image'],
    ['more/c.png', 'image'],
    ['more/d.png', 'image'],
  ]);
});
