import { expect, test } from '@playwright/test';
import { testPng } from '../server/testing/images.ts';
import { dragSelect, logInThroughForm } from './helpers.ts';

/**
 * No outbound traffic from the UI: every request the browser makes (seen by `request` events and
 * by a route on every URL, which aborts anything not for the Gloss server) is logged while an
 * admin logs in, creates a project in the schema editor, imports a file, labels an item in the
 * annotator screen, uploads an image and opens its canvas, and opens every main page. The
 * guidelines name images, a stylesheet and a video on other hosts, as a careless manager might.
 * Any request to another host fails the test.
 */

const TEXTS = ['Ada Lovelace met Charles Babbage in London.', 'Marie Curie worked in Paris.'];
const GUIDELINES = [
  '# Guide',
  '![logo](https://cdn.example.com/logo.png)',
  '<img src="https://images.example.org/pixel.gif">',
  '<link rel="stylesheet" href="https://fonts.example.net/font.css">',
  '<video src="https://video.example.com/v.mp4"></video>',
  '[a link](https://example.com/docs) is fine: it is only followed when clicked',
].join('\n\n');

test('a whole labeling session in Chromium sends nothing to any host but the Gloss server', async ({
  page,
  baseURL,
}) => {
  const gloss = new URL(baseURL!).host;
  const seen: string[] = [];
  const outbound: string[] = [];
  const context = page.context();
  const note = (url: string, how: string) => {
    if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return;
    seen.push(url);
    if (new URL(url).host !== gloss) outbound.push(`${how} ${url}`);
  };
  context.on('request', (r) => note(r.url(), r.resourceType()));
  page.on('websocket', (ws) => note(ws.url().replace(/^ws/, 'http'), 'websocket'));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).host === gloss)
      return route.continue();
    outbound.push(`routed ${url}`);
    return route.abort('blockedbyclient');
  });

  let projectId = 0;
  await test.step('log in', async () => {
    await page.goto('/');
    await logInThroughForm(page);
  });

  await test.step('create a project with the schema editor', async () => {
    await page.getByRole('link', { name: 'New project' }).click();
    await page.getByLabel('Name', { exact: true }).fill('No outbound');
    await page.getByRole('radio', { name: /Blank/ }).check();
    await page.getByRole('button', { name: '+ Add task' }).click();
    const card = page.locator('.task-card').nth(0);
    await card.getByLabel('Task name').fill('entities');
    await card.getByLabel('Type').selectOption('spans');
    await card.getByRole('button', { name: '+ Add label' }).click();
    await card.getByPlaceholder('Label value').fill('PER');
    await card.getByLabel('Hotkey of PER').fill('p');
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect(page).toHaveURL(/\/projects\/\d+\/data$/);
    projectId = Number(/\/projects\/(\d+)\//.exec(page.url())![1]);
  });

  await test.step('write guidelines that point at other hosts', async () => {
    await page.goto(`/projects/${projectId}/settings`);
    await page.getByLabel('Text', { exact: true }).fill(GUIDELINES);
    await expect(page.locator('.preview-box').getByRole('heading', { name: 'Guide' })).toBeVisible();
    await page.getByRole('button', { name: /^Save/ }).first().click();
    await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  });

  await test.step('import a file through the UI', async () => {
    await page.goto(`/projects/${projectId}/io`);
    const panel = page.getByRole('region', { name: 'Import' });
    await panel.locator('input[type=file]').setInputFiles({
      name: 'texts.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(TEXTS.map((text, i) => JSON.stringify({ id: `t${i}`, text })).join('\n')),
    });
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    const report = panel.getByRole('status', { name: 'Import result' });
    await expect(report.locator('.tiles div', { hasText: 'Imported' }).locator('dd')).toHaveText('2');
  });

  await test.step('label an item: select text, press the hotkey, submit with Ctrl+Enter', async () => {
    await page.goto(`/projects/${projectId}/label`);
    await expect(page.getByTestId('document')).toContainText(TEXTS[0]!);
    await dragSelect(page, 'Ada Lovelace');
    await page.keyboard.press('p');
    await expect(page.locator('[data-tag]')).toHaveCount(1);
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('document')).toContainText(TEXTS[1]!);
  });

  await test.step('an image project: upload through the UI and open the canvas', async () => {
    const created = await page.request.post('/api/projects', {
      data: {
        name: 'No outbound images',
        schema: { tasks: [{ name: 'objects', type: 'boxes', labels: [{ value: 'car', hotkey: 'c' }] }] },
      },
    });
    const imageProject = (await created.json()).id as number;
    await page.goto(`/projects/${imageProject}/io`);
    const panel = page.getByRole('region', { name: 'Import' });
    await panel.locator('input[type=file]').setInputFiles({
      name: 'street.png',
      mimeType: 'image/png',
      buffer: testPng(64, 48),
    });
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(panel.getByRole('status', { name: 'Import result' })).toBeVisible();
    await page.goto(`/projects/${imageProject}/label`);
    await expect(page.locator('.ann-item')).toHaveText('street.png');
    await page.waitForLoadState('networkidle');
    expect(seen.some((u) => /\/api\/media\/\d+/.test(u))).toBe(true);
  });

  await test.step('open every main page', async () => {
    const pages: [string, RegExp | string][] = [
      ['/projects', 'Projects'],
      [`/projects/${projectId}/data`, 'No outbound'],
      [`/projects/${projectId}/dashboard`, 'No outbound'],
      [`/projects/${projectId}/io`, 'Import'],
      [`/projects/${projectId}/settings`, 'Guidelines'],
      [`/projects/${projectId}/members`, 'No outbound'],
      [`/projects/${projectId}/review`, 'Review'],
      [`/projects/${projectId}/review?tier=Review`, 'No outbound'],
      ['/users', 'Users'],
      ['/audit', 'Audit log'],
      ['/account', 'Account'],
    ];
    for (const [path, heading] of pages) {
      await page.goto(path);
      await expect(page.getByText(heading).first()).toBeVisible();
      await page.waitForLoadState('networkidle');
    }
  });

  await test.step('the export downloads from the server too', async () => {
    await page.goto(`/projects/${projectId}/io`);
    const downloading = page.waitForEvent('download');
    await page.getByRole('region', { name: 'Export' }).getByRole('link', { name: 'Download' }).click();
    await downloading;
  });

  expect(outbound).toEqual([]);
  // The log did see the session: pages, scripts and API calls, all from the Gloss server.
  expect(seen.filter((u) => u.includes('/api/')).length).toBeGreaterThan(20);
  expect(seen.some((u) => u.includes('/assets/'))).toBe(true);
});
