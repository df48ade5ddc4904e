import { expect, type Locator, type Page, test } from '@playwright/test';
import { Raster } from '../server/media/png.ts';
import type { ExportLine } from '../shared/exportLine.ts';
import { fitViewport, type Vec2 } from '../shared/geometry.ts';
import { canvasTransform, drag } from './canvas.ts';
import { addMember, adminApi, createProject, tabAs } from './helpers.ts';

/**
 * Issue 5's journey on an image project with two tiers, Review (reviewers, every item) then
 * Expert (experts, escalated items): an annotator boxes the car too small and submits, a reviewer
 * sees the box read-only and rejects it with a comment, the annotator sees the comment, moves and
 * resizes the box and resubmits, the reviewer escalates, the expert widens the box, adds a point
 * and approves the correction after checking the difference. The export then holds the expert's
 * shapes within 1 px of where they were drawn, the annotator's own result, and every decision.
 * Shapes are drawn with the mouse at page points computed from the canvas transform (the image
 * fitted to the canvas with 16 px padding), as in image-annotation.spec.ts.
 */

const PASSWORD = 'review-image-e2e-password';
const SIZE = { width: 800, height: 600 };
const FIT_PADDING = 16;
const IMAGE = 'street.png';
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
    { name: 'lights', type: 'points', labels: [{ value: 'lamp', hotkey: 'l' }] },
    {
      name: 'time',
      type: 'choices',
      required: true,
      labels: [
        { value: 'day', hotkey: '1' },
        { value: 'night', hotkey: '2' },
      ],
    },
  ],
};
const TIERS = [
  { name: 'Review', role: 'reviewer', policy: { kind: 'all' } },
  { name: 'Expert', role: 'expert', policy: { kind: 'escalated' } },
];
const REJECT_COMMENT = 'The box must cover the whole car, wheels included.';
const ESCALATE_NOTE = 'Is the street lamp worth a point? An expert should decide.';

/** Sky, road, a red car at 120,110 180×130 with its wheels below, and a street lamp at 603,120. */
function picture(): Buffer {
  const r = new Raster(SIZE.width, SIZE.height, [150, 200, 240]);
  r.rect(0, 300, 800, 300, [90, 150, 80]);
  r.rect(120, 110, 180, 130, [200, 40, 40]);
  r.ellipse(160, 240, 18, 18, [20, 20, 20]);
  r.ellipse(260, 240, 18, 18, [20, 20, 20]);
  r.rect(600, 120, 6, 200, [60, 60, 60]);
  r.ellipse(603, 120, 12, 10, [250, 240, 150]);
  return r.toPng();
}

type Box = { x: number; y: number; width: number; height: number; label: string };
type Point = { x: number; y: number; label: string };

/**
 * The page <-> image mapping of the editor's canvas under `root`, once its image is drawn and
 * its size has settled (banners above it change its height right after mounting).
 */
async function canvasAt(root: Page | Locator) {
  const canvas = root.getByTestId('image-canvas');
  await expect(canvas.locator('canvas').first()).toBeVisible();
  await expect(canvas.getByText('Loading image…')).toBeHidden();
  const measure = () =>
    canvas.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, width: el.clientWidth, height: el.clientHeight };
    });
  let box = await measure();
  await expect
    .poll(async () => {
      const again = await measure();
      const same = JSON.stringify(again) === JSON.stringify(box);
      box = again;
      return same;
    })
    .toBe(true);
  const vp = fitViewport(SIZE, box, FIT_PADDING);
  return { scale: vp.scale, ...canvasTransform(box, vp) };
}

const near = (got: number, want: number) =>
  expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(1);

function expectBox(got: Box | undefined, want: Box) {
  expect(got?.label).toBe(want.label);
  for (const k of ['x', 'y', 'width', 'height'] as const) near(got![k], want[k]);
}

/** The numbers of a shape described in words (`box car at 120,110 180×130`, `point lamp at 603,120`). */
function numbersIn(text: string): number[] {
  return [...text.matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
}

test('image: submit, reject with a comment, fix, escalate, correct as an expert; the export has it all', async ({
  browser,
  baseURL,
}) => {
  // Fresh people per run, so the test can run again against the same server (--repeat-each).
  const run = `${Date.now().toString(36)}${test.info().repeatEachIndex}`;
  const USERS = { annotator: `ri-ann-${run}`, reviewer: `ri-rev-${run}`, expert: `ri-exp-${run}` };
  const admin = await adminApi(baseURL!);
  let projectId = 0;

  await test.step('an admin sets up the project, its tiers, the people and an image through the API', async () => {
    projectId = await createProject(admin, {
      name: 'E2E image review tiers',
      schema: SCHEMA,
      settings: { tiers: TIERS },
    });
    for (const [role, username] of [
      ['annotator', USERS.annotator],
      ['reviewer', USERS.reviewer],
      ['expert', USERS.expert],
    ] as const) {
      await addMember(admin, projectId, { username, password: PASSWORD }, role);
    }
    const uploaded = await admin.post(`/api/projects/${projectId}/import`, {
      multipart: { file: { name: IMAGE, mimeType: 'image/png', buffer: picture() } },
    });
    expect(uploaded.ok(), await uploaded.text()).toBe(true);
    expect(await uploaded.json()).toMatchObject({ imported: 1, errors: [] });
  });

  const annotator = await tabAs(browser, baseURL!, USERS.annotator, PASSWORD);
  const reviewer = await tabAs(browser, baseURL!, USERS.reviewer, PASSWORD);
  const expert = await tabAs(browser, baseURL!, USERS.expert, PASSWORD);
  /** The annotator's box as submitted, then as fixed; then the expert's. */
  let drawn: Box = { x: 0, y: 0, width: 0, height: 0, label: 'car' };

  await test.step('the annotator boxes the car too small, picks "day" and submits', async () => {
    await annotator.goto(`/projects/${projectId}/label`);
    await expect(annotator.locator('.ann-item')).toHaveText(IMAGE);
    const at = await canvasAt(annotator);
    await expect(annotator.getByRole('group', { name: 'Tools' })).toBeVisible();
    await annotator.keyboard.press('c');
    const a = at.toPage([140, 130]);
    const b = at.toPage([250, 215]);
    await drag(annotator, a, b);
    const [x1, y1] = at.toImage(a);
    const [x2, y2] = at.toImage(b);
    drawn = { x: x1, y: y1, width: x2 - x1, height: y2 - y1, label: 'car' };
    await expect(annotator.locator('.ie-label', { hasText: 'car' }).locator('.ie-count')).toHaveText('1');
    await annotator.keyboard.press('1');
    await expect(annotator.locator('.ann-choice.on')).toHaveText(/day/);
    await annotator.keyboard.press('Control+Enter');
    await expect(annotator.getByText('Nothing left for you here')).toBeVisible();
  });

  const column = reviewer.getByRole('region', { name: `Annotation by ${USERS.annotator}` });
  /** The box the reviewer's column lists, from its words. */
  const listedBox = async (): Promise<Box> => {
    const words = await column.locator('.rv-objects li', { hasText: 'box car' }).textContent();
    const [x, y, width, height] = numbersIn(words ?? '');
    return { x: x!, y: y!, width: width!, height: height!, label: 'car' };
  };

  await test.step('the reviewer sees the box drawn read-only on the image', async () => {
    await reviewer.goto(`/projects/${projectId}/review`);
    await reviewer.getByRole('link', { name: 'Start reviewing Review' }).click();
    await expect(column).toBeVisible();
    await expect(reviewer.locator('.ann-item')).toHaveText(IMAGE);
    await canvasAt(column);
    await expect(column.locator('.ie-label', { hasText: 'car' }).locator('.ie-count')).toHaveText('1');
    await expect(column.locator('.rv-answer[data-task="time"]')).toContainText('day');
    expectBox(await listedBox(), drawn);
    // Read-only: the view tools only, no drawing tools.
    await expect(column.getByRole('toolbar', { name: 'Image tools' })).toBeVisible();
    await expect(column.getByRole('group', { name: 'Tools' })).toHaveCount(0);
    await expect(reviewer.getByRole('region', { name: 'Earlier decisions' })).toContainText('None yet');
    await reviewer.screenshot({ path: test.info().outputPath('reviewer.png') });
  });

  await test.step('the reviewer rejects with R and a comment', async () => {
    await reviewer.keyboard.press('r');
    const dialog = reviewer.getByRole('dialog', { name: `Send back to ${USERS.annotator}` });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: /Reject and send back/ })).toBeDisabled();
    await dialog.getByRole('textbox').fill(REJECT_COMMENT);
    await reviewer.screenshot({ path: test.info().outputPath('reject.png') });
    await reviewer.keyboard.press('Control+Enter');
    await expect(reviewer.getByTestId('review-flash')).toContainText(`Sent back to its annotator: ${IMAGE}`);
    await expect(reviewer.getByText('Nothing waiting at Review')).toBeVisible();
  });

  await test.step('the annotator finds the image back with the comment and their box', async () => {
    await annotator.goto(`/projects/${projectId}/label`);
    await expect(annotator.locator('.ann-item')).toHaveText(IMAGE);
    const banner = annotator.getByTestId('rejection');
    await expect(banner).toContainText(`Sent back by ${USERS.reviewer}`);
    await expect(banner).toContainText(REJECT_COMMENT);
    await expect(annotator.locator('.ie-label', { hasText: 'car' }).locator('.ie-count')).toHaveText('1');
    await expect(annotator.getByRole('button', { name: /^Resubmit/ })).toBeVisible();
  });

  await test.step('the annotator moves the box onto the car, resizes it by its corner and resubmits', async () => {
    const at = await canvasAt(annotator);
    await annotator.keyboard.press('Alt+v');
    const centre = at.toPage([drawn.x + drawn.width / 2, drawn.y + drawn.height / 2]);
    const move: Vec2 = [Math.round(-20 * at.scale), Math.round(-20 * at.scale)];
    await drag(annotator, centre, [centre[0] + move[0], centre[1] + move[1]]);
    drawn = { ...drawn, x: drawn.x + move[0] / at.scale, y: drawn.y + move[1] / at.scale };
    const corner = at.toPage([drawn.x + drawn.width, drawn.y + drawn.height]);
    const grow: Vec2 = [Math.round(70 * at.scale), Math.round(65 * at.scale)];
    await drag(annotator, corner, [corner[0] + grow[0], corner[1] + grow[1]]);
    drawn = { ...drawn, width: drawn.width + grow[0] / at.scale, height: drawn.height + grow[1] / at.scale };
    // The fix is in the saved draft before it is submitted.
    const itemId = await annotator.locator('.ann').getAttribute('data-item');
    await expect
      .poll(async () => {
        const item = await (await annotator.request.get(`/api/items/${itemId}`)).json();
        return (item.draft?.labels?.objects?.[0] as Box | undefined)?.width ?? 0;
      })
      .toBeGreaterThan(drawn.width - 1);
    await annotator.keyboard.press('Control+Enter');
    await expect(annotator.getByText('Nothing left for you here')).toBeVisible();
  });

  await test.step('the fix returns to the Review tier, where the reviewer escalates it with E', async () => {
    await reviewer.getByRole('button', { name: 'Check again' }).click();
    await expect(column).toBeVisible();
    await canvasAt(column);
    expectBox(await listedBox(), drawn);
    const earlier = reviewer.getByRole('region', { name: 'Earlier decisions' });
    await expect(earlier).toContainText('reject');
    await expect(earlier).toContainText(REJECT_COMMENT);
    await reviewer.keyboard.press('e');
    const dialog = reviewer.getByRole('dialog', { name: 'Escalate to the next tier' });
    await dialog.getByRole('textbox').fill(ESCALATE_NOTE);
    await reviewer.keyboard.press('Control+Enter');
    await expect(reviewer.getByTestId('review-flash')).toContainText(
      `Escalated: ${IMAGE} now waits at Expert`,
    );
  });

  const annotated = { ...drawn };
  const lamp: Point = { x: 0, y: 0, label: 'lamp' };

  await test.step('the expert corrects a copy: widens the box and adds the lamp as a point', async () => {
    await expert.goto(`/projects/${projectId}/review`);
    await expert.getByRole('link', { name: 'Start reviewing Expert' }).click();
    await expect(expert.getByRole('region', { name: 'Earlier decisions' })).toContainText(ESCALATE_NOTE);
    await expect(expert.getByRole('button', { name: /^Escalate/ })).toBeDisabled();
    await expert.keyboard.press('c');
    const correction = expert.getByTestId('correction');
    await expect(correction).toContainText(`Correcting ${USERS.annotator}'s annotation`);
    const at = await canvasAt(correction);
    await expect(correction.locator('.ie-label', { hasText: 'car' }).locator('.ie-count')).toHaveText('1');

    await expert.keyboard.press('Alt+v');
    const centre = at.toPage([drawn.x + drawn.width / 2, drawn.y + drawn.height / 2]);
    // A click selects the box, so its corner handles show.
    await drag(expert, centre, centre);
    const corner = at.toPage([drawn.x + drawn.width, drawn.y + drawn.height]);
    const grow: Vec2 = [Math.round(12 * at.scale), Math.round(15 * at.scale)];
    await drag(expert, corner, [corner[0] + grow[0], corner[1] + grow[1]]);
    drawn = { ...drawn, width: drawn.width + grow[0] / at.scale, height: drawn.height + grow[1] / at.scale };

    await expert.keyboard.press('l');
    const spot = at.toPage([603, 120]);
    await expert.mouse.move(...spot, { steps: 2 });
    await expert.mouse.down();
    await expert.mouse.up();
    [lamp.x, lamp.y] = at.toImage(spot);
    await expect(correction.locator('.ie-label', { hasText: 'lamp' }).locator('.ie-count')).toHaveText('1');
    await expert.screenshot({ path: test.info().outputPath('correcting.png') });
  });

  await test.step('the expert sees the difference and approves the correction', async () => {
    await expert.keyboard.press('Control+Enter');
    const diff = expert.getByTestId('diff');
    await expect(diff).toContainText('2 tasks changed');
    const removed = diff.locator('.rv-removed');
    const added = diff.locator('.rv-added');
    await expect(removed).toHaveCount(1);
    await expect(added).toHaveCount(2);
    const [rx, ry, rw, rh] = numbersIn((await removed.textContent()) ?? '');
    expectBox({ x: rx!, y: ry!, width: rw!, height: rh!, label: 'car' }, annotated);
    const [ax, ay, aw, ah] = numbersIn((await added.filter({ hasText: 'box car' }).textContent()) ?? '');
    expectBox({ x: ax!, y: ay!, width: aw!, height: ah!, label: 'car' }, drawn);
    const [px, py] = numbersIn((await added.filter({ hasText: 'point lamp' }).textContent()) ?? '');
    near(px!, lamp.x);
    near(py!, lamp.y);
    // Both versions are drawn side by side.
    await expect(diff.getByRole('region', { name: 'Original' }).getByTestId('image-canvas')).toBeVisible();
    await expect(diff.getByRole('region', { name: 'Correction' }).getByTestId('image-canvas')).toBeVisible();
    await canvasAt(diff.getByRole('region', { name: 'Correction' }));
    await expert.screenshot({ path: test.info().outputPath('diff.png'), fullPage: true });
    await diff.getByLabel(`Note for ${USERS.annotator} (optional)`).fill('Wider, and the lamp is marked.');
    await expert.keyboard.press('Control+Enter');
    await expect(expert.getByTestId('review-flash')).toContainText(
      `Correction approved: ${IMAGE} now accepted`,
    );
  });

  await test.step("the export has the expert's shapes, the annotator's result and every decision", async () => {
    const res = await admin.get(`/api/projects/${projectId}/export?format=jsonl&status=all`);
    expect(res.ok()).toBe(true);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ExportLine);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line.data).toEqual({ image: IMAGE, width: SIZE.width, height: SIZE.height });
    expect(line.status).toBe('accepted');
    const labels = line.labels!;
    expect(Object.keys(labels).sort()).toEqual(['lights', 'objects', 'time']);
    expect(labels.time).toEqual(['day']);
    expect(labels.objects).toHaveLength(1);
    expectBox((labels.objects as Box[])[0], drawn);
    expect(labels.lights).toHaveLength(1);
    const [point] = labels.lights as Point[];
    expect(point!.label).toBe('lamp');
    near(point!.x, lamp.x);
    near(point!.y, lamp.y);
    // The annotator's fixed result is kept beside the correction.
    expect(line.annotations.map((a) => a.by)).toEqual([USERS.annotator]);
    expectBox((line.annotations[0]!.labels.objects as Box[])[0], annotated);
    expect(line.annotations[0]!.labels.lights ?? []).toEqual([]);
    expect(line.reviews.map((r) => [r.tier, r.by, r.decision, r.comment])).toEqual([
      ['Review', USERS.reviewer, 'reject', REJECT_COMMENT],
      ['Review', USERS.reviewer, 'escalate', ESCALATE_NOTE],
      ['Expert', USERS.expert, 'correct', 'Wider, and the lamp is marked.'],
    ]);
    for (const r of line.reviews) expect(Date.parse(r.at)).not.toBeNaN();
  });

  await annotator.context().close();
  await reviewer.context().close();
  await expert.context().close();
  await admin.dispose();
});
