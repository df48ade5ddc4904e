import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { logInThroughForm } from './helpers.ts';

/** Texts that break naive pipelines: astral emoji and ZWJ sequences, RTL, combining marks, CRLF. */
const TEXTS = [
  'Ada Lovelace met Charles Babbage in London in 1833.',
  'A family emoji 👨‍👩‍👧‍👦 and flags 🇫🇷🇯🇵 in one line.',
  'שלום עולם — Hebrew runs right to left.',
  'مرحبا بالعالم، هذا نص عربي قصير.',
  'Combining marks: e\u0301le\u0300ve, n\u0303, a\u030a.',
  'A line break inside the text:\r\nsecond line, CRLF kept.',
  '東京タワーは1958年に完成した。',
  'Mixed: English then עברית then English again.',
  'Tabs\tand "quotes" and \\backslashes\\.',
  'Zero width joiner: क्‍ष and a non-breaking\u00a0space.',
  'Math: 𝔸𝕓𝕔 ∑ ∫ √2 ≈ 1.414.',
  'Skin tones: 👋🏽 👍🏿 and a keycap 1️⃣.',
  'Greek: Καλημέρα κόσμε.',
  'Cyrillic: Съешь же ещё этих мягких французских булок.',
  'Thai: สวัสดีชาวโลก',
  'Devanagari: नमस्ते दुनिया',
  'Korean: 안녕하세요 세계',
  'Trailing spaces are data too.   ',
  'Last line: done ✅',
];
const BAD_LINE = 8;

/** ~20 JSONL lines with one bad line; the padding in `meta` makes the upload take a moment. */
function writeDataset(dir: string) {
  const lines: string[] = [];
  const good: { id: string; text: string; tagged: boolean }[] = [];
  let t = 0;
  for (let line = 1; line <= TEXTS.length + 1; line++) {
    if (line === BAD_LINE) {
      lines.push('{"id": "e2e-bad", "text": 42}');
      continue;
    }
    const id = `e2e-${String(line).padStart(2, '0')}`;
    const text = TEXTS[t++]!;
    const tagged = line % 3 === 0;
    good.push({ id, text, tagged });
    lines.push(
      JSON.stringify({
        id,
        text,
        tags: tagged ? ['poetry'] : [],
        meta: { source: 'e2e', pad: 'x'.repeat(12_000) },
      }),
    );
  }
  const file = join(dir, 'dataset.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, good };
}

test('an admin creates a project, imports a JSONL file with a bad line, browses it, exports it and deletes it', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-e2e-upload-'));
  const { file, good } = writeDataset(dir);

  await test.step('log in', async () => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert')).toHaveText(/wrong username or password/i);
    await logInThroughForm(page);
  });

  await test.step('create a project with a schema built in the editor', async () => {
    await page.getByRole('link', { name: 'New project' }).click();
    await page.getByLabel('Name', { exact: true }).fill('E2E news');
    await page.getByLabel('Description', { exact: true }).fill('Made by the browser test.');
    await page.getByRole('radio', { name: /Blank/ }).check();
    await expect(page.getByText('No tasks yet')).toBeVisible();

    await page.getByRole('button', { name: '+ Add task' }).click();
    const spans = page.locator('.task-card').nth(0);
    // Live validation: an empty task says what it lacks, beside the field.
    await expect(spans.getByText('a task needs a name')).toBeVisible();
    await expect(spans.getByText('add at least one label')).toBeVisible();
    await spans.getByLabel('Task name').fill('entities');
    await spans.getByLabel('Type').selectOption('spans');
    await spans.getByRole('button', { name: '+ Add label' }).click();
    await spans.getByRole('button', { name: '+ Add label' }).click();
    await spans.getByPlaceholder('Label value').nth(0).fill('PER');
    await spans.getByPlaceholder('Label value').nth(1).fill('LOC');
    await spans.getByLabel('Hotkey of LOC').fill('p');
    await expect(spans.getByText(/hotkey "p" is already used/)).toHaveCount(0);
    await spans.getByLabel('Hotkey of PER').fill('p');
    await expect(spans.getByText(/hotkey "p" is already used/)).toBeVisible();
    await spans.getByLabel('Hotkey of LOC').fill('l');

    await page.getByRole('button', { name: '+ Add task' }).click();
    const topic = page.locator('.task-card').nth(1);
    await topic.getByLabel('Task name').fill('topic');
    await expect(topic.getByLabel('Type')).toHaveValue('choices');
    await topic.getByRole('button', { name: '+ Add label' }).click();
    await topic.getByPlaceholder('Label value').fill('poetry');
    await topic.getByRole('button', { name: '+ Add label' }).click();
    await topic.getByPlaceholder('Label value').nth(1).fill('prose');
    await topic.getByLabel('Required').check();

    // Reorder by keyboard: the moved task keeps focus on its button.
    await topic.getByRole('button', { name: 'Move task topic up' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.task-card').nth(0).getByLabel('Task name')).toHaveValue('topic');
    await page.keyboard.press('Enter');
    await expect(page.locator('.task-card').nth(0).getByLabel('Task name')).toHaveValue('entities');

    await expect(page.locator('.schema-editor .field-error')).toHaveCount(0);
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect(page).toHaveURL(/\/projects\/\d+\/data$/);
    await expect(page.getByRole('heading', { name: 'E2E news' })).toBeVisible();
    await expect(page.getByText('No items yet')).toBeVisible();
  });

  await test.step('the schema was saved with both tasks', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.locator('.task-card')).toHaveCount(2);
    await expect(page.locator('.task-card').nth(0).getByLabel('Task name')).toHaveValue('entities');
    await expect(page.locator('.task-card').nth(0).getByLabel('Type')).toHaveValue('spans');
    await expect(page.locator('.task-card').nth(1).getByLabel('Hotkey of poetry')).not.toHaveValue('');
  });

  await test.step('upload the JSONL file and read the report', async () => {
    await page.getByRole('link', { name: 'Import/Export' }).click();
    const panel = page.getByRole('region', { name: 'Import' });
    await panel.locator('input[type=file]').setInputFiles(file);
    await expect(panel.getByText('dataset.jsonl')).toBeVisible();
    await expect(panel.getByLabel('Format')).toHaveValue('jsonl');

    // A slow uplink, so the progress bar has time to be seen.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 80 * 1024,
    });
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    const bar = page.getByRole('progressbar', { name: 'Upload' });
    await expect(bar).toBeVisible();
    await expect(page.getByText(/Uploading .+ of .+ · \d+%/)).toBeVisible();
    await expect.poll(async () => Number((await bar.getAttribute('aria-valuenow')) ?? 0)).toBeGreaterThan(0);

    const report = panel.getByRole('status', { name: 'Import result' });
    await expect(report).toBeVisible({ timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await expect(report.locator('.tiles div', { hasText: 'Imported' }).locator('dd')).toHaveText(
      String(good.length),
    );
    await expect(report.locator('.tiles div', { hasText: 'Errors' }).locator('dd')).toHaveText('1');
    const badRows = report.locator('tbody tr');
    await expect(badRows).toHaveCount(1);
    await expect(badRows.locator('td').first()).toHaveText(String(BAD_LINE));
    await expect(badRows.locator('td').nth(1)).not.toBeEmpty();
  });

  await test.step('the items show in Data, with search', async () => {
    await page.getByRole('link', { name: 'Data', exact: true }).click();
    const table = page.getByRole('table', { name: 'Items' });
    await expect(table.getByRole('cell', { name: 'e2e-01', exact: true })).toBeVisible();
    await expect(page.getByText(`${good.length} of ${good.length} items loaded`)).toBeVisible();
    await page.getByLabel('Search by id or text').fill('שלום');
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await expect(table.getByRole('cell', { name: 'e2e-03', exact: true })).toBeVisible();
    await page.getByLabel('Search by id or text').fill('');
    await page.getByLabel('Tag').fill('poetry');
    await expect(table.locator('tbody tr')).toHaveCount(good.filter((g) => g.tagged).length);
    await expect(table.getByRole('cell', { name: 'e2e-03', exact: true })).toBeVisible();
  });

  await test.step('export all items and compare with the upload', async () => {
    await page.getByRole('link', { name: 'Import/Export' }).click();
    const panel = page.getByRole('region', { name: 'Export' });
    await panel.getByLabel('Items').selectOption('all');
    await panel.getByLabel('Format').selectOption('jsonl');
    const downloading = page.waitForEvent('download');
    await panel.getByRole('link', { name: 'Download' }).click();
    const download = await downloading;
    const saved = join(dir, 'export.jsonl');
    await download.saveAs(saved);
    const exported = readFileSync(saved, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { id: string; data: { text: string }; labels: unknown });
    expect(exported.map((e) => e.id).sort()).toEqual(good.map((g) => g.id).sort());
    const byId = new Map(exported.map((e) => [e.id, e]));
    for (const g of good) {
      const text = byId.get(g.id)?.data.text;
      expect(text, g.id).toBe(g.text);
      expect(Buffer.from(text ?? '', 'utf8').equals(Buffer.from(g.text, 'utf8')), g.id).toBe(true);
      expect(byId.get(g.id)?.labels, g.id).toBeNull();
    }
  });

  await test.step('delete the project from Settings: the dialog counts what goes and waits for its name', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Delete this project' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.locator('.delete-counts')).toContainText(`${good.length} items`);
    const confirm = dialog.getByRole('button', { name: 'Delete this project' });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(/to confirm/).fill('E2E new');
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(/to confirm/).fill('E2E news');
    await confirm.click();
    await expect(page).toHaveURL(/\/projects$/);
    await expect(page.getByText(`Deleted “E2E news”: ${good.length} items`)).toBeVisible();
    await expect(page.getByRole('heading', { name: 'E2E news' })).toHaveCount(0);
    // The notice is for this visit: a reload does not announce the delete again.
    await expect(page.getByText(`Deleted “E2E news”`)).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Projects', level: 1 })).toBeVisible();
    await expect(page.getByText(`Deleted “E2E news”`)).toHaveCount(0);
  });
});
