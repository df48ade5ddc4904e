import { expect, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../playwright.config.ts';
import type { ExportLine } from '../shared/exportLine.ts';
import type { TimelineEntry } from '../shared/review/api.ts';
import { addMember, adminApi, apiAs, createProject, dragSelect, importJsonl, tabAs } from './helpers.ts';

/**
 * Issue 5's journey on a text project with two tiers, Review (reviewers, every item) then Expert
 * (experts, escalated items): an annotator submits, a reviewer rejects with a comment, the
 * annotator sees it, fixes and resubmits, the reviewer escalates, the expert corrects and
 * approves; the export then has the final labels and the whole review history. Everything a
 * person does here is done through the UI; only the set-up uses the API.
 */

const PASSWORD = 'review-e2e-password';
const USERS = { annotator: 'rv-ann', annotator2: 'rv-ann2', reviewer: 'rv-rev', expert: 'rv-exp' } as const;
const TEXT = 'Ada Lovelace met Charles Babbage in London.';

const SCHEMA = {
  tasks: [
    {
      name: 'entities',
      type: 'spans',
      labels: [
        { value: 'PER', hotkey: 'p' },
        { value: 'LOC', hotkey: 'l' },
      ],
    },
    {
      name: 'topic',
      type: 'choices',
      required: true,
      labels: [
        { value: 'history', hotkey: '1' },
        { value: 'science', hotkey: '2' },
      ],
    },
  ],
};
const TIERS = [
  { name: 'Review', role: 'reviewer', policy: { kind: 'all' } },
  { name: 'Expert', role: 'expert', policy: { kind: 'escalated' } },
];

test('text: submit, reject with a comment, fix, escalate, correct as an expert; the export has it all', async ({
  browser,
  baseURL,
}) => {
  const admin = await adminApi(baseURL!);
  let projectId = 0;

  await test.step('an admin sets up the project, its tiers, the people and an item through the API', async () => {
    projectId = await createProject(admin, {
      name: 'E2E review tiers',
      schema: SCHEMA,
      guidelines: 'Mark people as **PER**, places as **LOC**.',
    });
    const patched = await admin.patch(`/api/projects/${projectId}`, { data: { settings: { tiers: TIERS } } });
    expect(patched.ok(), await patched.text()).toBe(true);
    expect((await patched.json()).settings.tiers).toEqual(TIERS);
    for (const [role, username] of [
      ['annotator', USERS.annotator],
      ['annotator', USERS.annotator2],
      ['reviewer', USERS.reviewer],
      ['expert', USERS.expert],
    ] as const) {
      await addMember(admin, projectId, { username, password: PASSWORD }, role);
    }
    await importJsonl(admin, projectId, [{ id: 'ada', text: TEXT }]);
  });

  await test.step('the admin sees the tiers in Settings, tags the item and gives the expert a skill', async () => {
    const page = await tabAs(browser, baseURL!, 'admin', E2E_ADMIN_PASSWORD);
    await page.goto(`/projects/${projectId}/settings`);
    const review = page.getByRole('region', { name: 'Review', exact: true });
    await expect(review.getByLabel('Tier name')).toHaveCount(2);
    await expect(review.getByLabel('Tier name').nth(1)).toHaveValue('Expert');
    await review.getByLabel('Tier name').nth(1).fill('review');
    await expect(review.getByText('tier name "review" is used twice')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled();
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await expect(review.getByLabel('Tier name').nth(1)).toHaveValue('Expert');

    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('button', { name: `Edit skills of ${USERS.expert}` }).click();
    await page.getByLabel(`Skills of ${USERS.expert}, separated by commas`).fill('history, science');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('row', { name: new RegExp(USERS.expert) })).toContainText('science');

    await page.getByRole('link', { name: 'Data', exact: true }).click();
    await page.getByRole('button', { name: 'ada', exact: true }).click();
    const drawer = page.getByRole('dialog', { name: 'Item ada' });
    await drawer.getByPlaceholder('Add a tag').fill('history');
    await drawer.getByRole('button', { name: 'Add', exact: true }).click();
    await drawer.getByRole('button', { name: 'Save tags' }).click();
    await expect(drawer.getByText('Saved', { exact: true })).toBeVisible();
    await expect(drawer.getByRole('list', { name: 'Item history' })).toContainText('imported');
    await page.keyboard.press('Escape');
    await expect(
      page.getByRole('table', { name: 'Items' }).getByRole('cell', { name: 'history' }),
    ).toBeVisible();
    await page.context().close();
  });

  const annotator = await tabAs(browser, baseURL!, USERS.annotator, PASSWORD);
  const reviewer = await tabAs(browser, baseURL!, USERS.reviewer, PASSWORD);
  const expert = await tabAs(browser, baseURL!, USERS.expert, PASSWORD);

  await test.step('the annotator labels "Ada" as PER (too short) and submits', async () => {
    await annotator.goto(`/projects/${projectId}/label`);
    await expect(annotator.locator('.ann-item')).toHaveText('ada');
    await dragSelect(annotator, 'Ada', annotator.locator('.ann'));
    await annotator.keyboard.press('p');
    await annotator.keyboard.press('Escape');
    await annotator.keyboard.press('1');
    await annotator.keyboard.press('Control+Enter');
    await expect(annotator.getByText('Nothing left for you here')).toBeVisible();
  });

  await test.step('the reviewer picks the Review tier; the Expert tier is not theirs', async () => {
    await reviewer.goto(`/projects/${projectId}`);
    await reviewer.getByRole('link', { name: 'Start reviewing' }).click();
    await expect(reviewer.getByRole('heading', { level: 1, name: 'Review' })).toBeVisible();
    await expect(reviewer.getByRole('link', { name: 'Start reviewing Expert' })).toHaveCount(0);
    await reviewer.getByRole('link', { name: 'Start reviewing Review' }).click();
    const column = reviewer.getByRole('region', { name: `Annotation by ${USERS.annotator}` });
    await expect(column).toBeVisible();
    await expect(column.locator('[data-tag="entities:0:3:PER"]')).toHaveText('PER');
    await expect(reviewer.getByRole('region', { name: 'Earlier decisions' })).toContainText('None yet');
  });

  await test.step('the reviewer rejects with R: the comment is required', async () => {
    await reviewer.keyboard.press('r');
    const dialog = reviewer.getByRole('dialog', { name: `Send back to ${USERS.annotator}` });
    await expect(dialog).toBeVisible();
    const send = dialog.getByRole('button', { name: /Reject and send back/ });
    await expect(send).toBeDisabled();
    await reviewer.keyboard.press('Control+Enter');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('textbox').fill('The PER span must cover the whole name: "Ada Lovelace".');
    await reviewer.keyboard.press('Control+Enter');
    await expect(reviewer.getByTestId('review-flash')).toContainText('Sent back to its annotator: ada');
    await expect(reviewer.getByText('Nothing waiting at Review')).toBeVisible();
  });

  await test.step('the annotator finds the item first in the queue, with the comment beside it', async () => {
    await annotator.goto(`/projects/${projectId}/label`);
    await expect(annotator.locator('.ann-item')).toHaveText('ada');
    const banner = annotator.getByTestId('rejection');
    await expect(banner).toContainText(`Sent back by ${USERS.reviewer}`);
    await expect(banner).toContainText('must cover the whole name');
  });

  await test.step('the annotator fixes the span and resubmits', async () => {
    await annotator.locator('[data-tag="entities:0:3:PER"]').click();
    await annotator.keyboard.press('Delete');
    await expect(annotator.locator('[data-tag]')).toHaveCount(0);
    await dragSelect(annotator, 'Ada Lovelace', annotator.locator('.ann'));
    await annotator.keyboard.press('p');
    await expect(annotator.locator('[data-tag="entities:0:12:PER"]')).toBeVisible();
    await annotator.keyboard.press('Control+Enter');
    await expect(annotator.getByText('Nothing left for you here')).toBeVisible();
  });

  await test.step('the fix returns to the Review tier, where the reviewer escalates it with E', async () => {
    await reviewer.getByRole('button', { name: 'Check again' }).click();
    const column = reviewer.getByRole('region', { name: `Annotation by ${USERS.annotator}` });
    await expect(column.locator('[data-tag="entities:0:12:PER"]')).toBeVisible();
    const earlier = reviewer.getByRole('region', { name: 'Earlier decisions' });
    await expect(earlier).toContainText('reject');
    await expect(earlier).toContainText('must cover the whole name');
    await reviewer.keyboard.press('e');
    const dialog = reviewer.getByRole('dialog', { name: 'Escalate to the next tier' });
    await dialog.getByRole('textbox').fill('Is "London" worth a LOC here? An expert should decide.');
    await reviewer.keyboard.press('Control+Enter');
    await expect(reviewer.getByTestId('review-flash')).toContainText('Escalated: ada now waits at Expert');
  });

  await test.step('the expert corrects the annotation with the editing tools and sees the difference', async () => {
    await expert.goto(`/projects/${projectId}/review`);
    await expert.getByRole('link', { name: 'Start reviewing Expert' }).click();
    await expect(expert.getByRole('region', { name: 'Earlier decisions' })).toContainText(
      'An expert should decide',
    );
    await expert.keyboard.press('?');
    await expect(expert.getByRole('dialog', { name: 'Review shortcuts' })).toContainText(
      'Escalate to the next tier',
    );
    await expert.keyboard.press('Escape');
    // The last tier cannot escalate.
    await expect(expert.getByRole('button', { name: /^Escalate/ })).toBeDisabled();

    await expert.keyboard.press('c');
    const correction = expert.getByTestId('correction');
    await expect(correction).toContainText(`Correcting ${USERS.annotator}'s annotation`);
    await dragSelect(expert, 'London', correction);
    await expert.keyboard.press('l');
    await expect(correction.locator('[data-tag="entities:36:42:LOC"]')).toBeVisible();
    await expert.keyboard.press('Control+Enter');

    const diff = expert.getByTestId('diff');
    await expect(diff.locator('.rv-added')).toHaveText([/LOC "London" \(36-42\)/]);
    await expect(diff.locator('.rv-removed')).toHaveCount(0);
    // Back to editing and forth again keeps the correction.
    await expert.keyboard.press('Escape');
    await expect(expert.getByTestId('correction').locator('[data-tag="entities:36:42:LOC"]')).toBeVisible();
    await expert.keyboard.press('Control+Enter');
    await expect(diff).toBeVisible();
    await diff.getByLabel(`Note for ${USERS.annotator} (optional)`).fill('London is a place.');
    await expert.keyboard.press('Control+Enter');
    await expect(expert.getByTestId('review-flash')).toContainText('Correction approved: ada now accepted');
  });

  await test.step('the export has the final labels, the original annotation and every decision', async () => {
    const res = await admin.get(`/api/projects/${projectId}/export?format=jsonl&status=all`);
    expect(res.ok()).toBe(true);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ExportLine);
    const ada = lines.find((l) => l.id === 'ada')!;
    expect(ada.status).toBe('accepted');
    expect(ada.labels).toEqual({
      entities: [
        { start: 0, end: 12, label: 'PER', text: 'Ada Lovelace' },
        { start: 36, end: 42, label: 'LOC', text: 'London' },
      ],
      topic: ['history'],
    });
    // The annotator's own result is kept beside the correction.
    expect(ada.annotations).toHaveLength(1);
    expect(ada.annotations[0]!.by).toBe(USERS.annotator);
    expect(ada.annotations[0]!.labels.entities).toEqual([
      { start: 0, end: 12, label: 'PER', text: 'Ada Lovelace' },
    ]);
    expect(ada.reviews.map((r) => [r.tier.toLowerCase(), r.by, r.decision])).toEqual([
      ['review', USERS.reviewer, 'reject'],
      ['review', USERS.reviewer, 'escalate'],
      ['expert', USERS.expert, 'correct'],
    ]);
    for (const r of ada.reviews) expect(Date.parse(r.at)).not.toBeNaN();
  });

  await test.step("the item's timeline in the Data page tells the whole story", async () => {
    const page = await tabAs(browser, baseURL!, 'admin', E2E_ADMIN_PASSWORD);
    await page.goto(`/projects/${projectId}/data`);
    await page.getByRole('button', { name: 'ada', exact: true }).click();
    const history = page
      .getByRole('dialog', { name: 'Item ada' })
      .getByRole('list', { name: 'Item history' });
    await expect(history.locator('[data-kind="submit"]')).toHaveCount(2);
    await expect(history.locator('[data-kind="reject"]')).toContainText('must cover the whole name');
    await expect(history.locator('[data-kind="escalate"]')).toContainText('An expert should decide');
    await expect(history.locator('[data-kind="correct"]')).toContainText(USERS.expert);
    await page.context().close();
  });

  await test.step('more work through the API fills the dashboard; a screenshot of it', async () => {
    // Two people per item from here on, so the dashboard has agreement to show.
    expect((await admin.patch(`/api/projects/${projectId}`, { data: { overlap: 2 } })).ok()).toBe(true);
    const lines = Array.from({ length: 14 }, (_, i) => ({
      id: `more-${String(i + 1).padStart(2, '0')}`,
      text: `Grace Hopper worked in Arlington on compilers, note ${i + 1}.`,
    }));
    await importJsonl(admin, projectId, lines);
    const person = { start: 0, end: 12, label: 'PER', text: 'Grace Hopper' };
    const place = { start: 23, end: 32, label: 'LOC', text: 'Arlington' };
    const submitAll = async (username: string, count: number, seconds: number, strict: boolean) => {
      const api = await apiAs(baseURL!, username, PASSWORD);
      for (let i = 0; i < count; i++) {
        const next = await api.get(`/api/projects/${projectId}/next`);
        if (next.status() === 204) break;
        const item = await next.json();
        // The two annotators agree on people, less on places, and now and then on the topic.
        const entities = strict ? [person, place] : i % 3 ? [person] : [person, place];
        const topic = [strict || i % 4 ? 'science' : 'history'];
        const submit = await api.post(`/api/items/${item.id}/annotations`, {
          data: { labels: { entities, topic }, lead_time_s: seconds + i * 3 },
        });
        expect(submit.ok(), await submit.text()).toBe(true);
      }
      await api.dispose();
    };
    await submitAll(USERS.annotator, 10, 20, true);
    await submitAll(USERS.annotator2, 8, 45, false);
    const rev = await apiAs(baseURL!, USERS.reviewer, PASSWORD);
    for (let i = 0; i < 7; i++) {
      const next = await rev.get(`/api/projects/${projectId}/review/next?tier=Review`);
      if (next.status() === 204) break;
      const work = await next.json();
      const body =
        i % 3 === 2
          ? { decision: 'reject', comment: 'Mark the person.' }
          : i % 4 === 3
            ? { decision: 'escalate', comment: 'Unsure.' }
            : { decision: 'approve' };
      const decided = await rev.post(`/api/annotations/${work.annotations[0].id}/reviews`, { data: body });
      expect(decided.ok(), await decided.text()).toBe(true);
    }
    await rev.dispose();

    const page = await tabAs(browser, baseURL!, USERS.expert, PASSWORD);
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.goto(`/projects/${projectId}/dashboard`);
    const dashboard = page.getByTestId('dashboard');
    await expect(dashboard.getByRole('img', { name: /Items by status/ })).toBeVisible();
    await expect(dashboard.getByRole('img', { name: /Throughput per day/ })).toBeVisible();
    await expect(dashboard.getByRole('table')).toContainText(USERS.annotator2);
    // The README's picture is refreshed on request only, so a test run leaves the checkout clean.
    const shot = process.env.UPDATE_DOCS ? 'docs/dashboard.png' : test.info().outputPath('dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
  });

  await test.step('removing the Expert tier says where its items go, and Save waits for a yes', async () => {
    const atExpert = await admin.post(`/api/projects/${projectId}/tiers/preview`, {
      data: { tiers: [TIERS[0]] },
    });
    const [expert] = (await atExpert.json()).moves;
    expect(expert).toMatchObject({ from: 'Expert', change: 'removed', to: 'Review' });
    expect(expert.waiting).toBeGreaterThan(0);

    const page = await tabAs(browser, baseURL!, 'admin', E2E_ADMIN_PASSWORD);
    await page.goto(`/projects/${projectId}/settings`);
    const review = page.getByRole('region', { name: 'Review', exact: true });
    await review.getByRole('button', { name: 'Remove tier Expert' }).click();
    const items = expert.waiting === 1 ? '1 item waits' : `${expert.waiting} items wait`;
    await expect(review.getByText(`${items} at Expert;`)).toContainText('will move to Review.');
    const save = page.getByRole('button', { name: 'Save' });
    await expect(save).toBeDisabled();
    await expect(page.getByText('Confirm the items that move to another tier to save.')).toBeVisible();
    await review.getByLabel('Move these items when I save').check();
    await save.click();
    await expect(page.getByText('Saved', { exact: true })).toBeVisible();
    await expect(review.getByLabel('Tier name')).toHaveCount(1);
    await page.context().close();

    // The moved items wait in review (at Review, the only tier), each with the move on its timeline.
    const list = await admin.get(`/api/projects/${projectId}/items?status=in_review`);
    const waiting = (await list.json()) as { items: { id: number }[] };
    const histories = await Promise.all(
      waiting.items.map(
        async (i) => (await (await admin.get(`/api/items/${i.id}/history`)).json()) as TimelineEntry[],
      ),
    );
    const moved = histories.filter((h) => h.some((e) => e.kind === 'tier-move' && e.tier === 'Review'));
    expect(moved).toHaveLength(expert.waiting);
  });

  await admin.dispose();
});
