import { expect, type Page, test } from '@playwright/test';
import type { Span } from '../shared/labels.ts';
import {
  addMember,
  adminApi,
  createProject,
  dragSelect,
  exportLines,
  importJsonl,
  logIn,
  NEWS_TASKS,
} from './helpers.ts';

/**
 * An annotator labels a text project by mouse and by keyboard, on three items (one with emoji,
 * Hebrew and Arabic), reloads mid-item, undoes and redoes, submits; the export then holds exactly
 * the code-point offsets and texts they labeled.
 */

const ANNOTATOR = { username: 'textann', password: 'textann-password-1' };

const TEXTS = {
  ada: 'Ada Lovelace met Charles Babbage in London.',
  family: 'Family 👩‍👩‍👧 trip to Paris 🇫🇷!\nשלום עולם — مرحبا بالعالم',
  curie: 'Marie Curie worked in Paris.\nShe won two Nobel prizes.',
};

const SCHEMA = { tasks: NEWS_TASKS };

/** Python-style slice by code points: what the export's offsets must mean. */
const cpSlice = (text: string, start: number, end: number) => [...text].slice(start, end).join('');

/** The spans on screen, as "label:text", from their tags and the text they cover. */
function spansOnScreen(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-tag]')].map((t) => {
      const [, start, end, label] = t.dataset.tag!.split(':');
      return `${label}:${start}-${end}`;
    }),
  );
}

/** Saves a screenshot with the test's output, for checking the screen by eye. */
const snap = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });

async function keys(page: Page, ...presses: string[]) {
  for (const k of presses) await page.keyboard.press(k);
}

const itemOnScreen = (page: Page) => page.locator('.ann-item');

test('an annotator labels three texts by mouse and keyboard; the export has exact code points', async ({
  page,
  baseURL,
}) => {
  const admin = await adminApi(baseURL!);
  let projectId = 0;

  await test.step('set up a project, an annotator and three items through the API', async () => {
    projectId = await createProject(admin, {
      name: 'E2E text spans',
      schema: SCHEMA,
      guidelines: '# How to label\n\nMark **people** as PER.',
    });
    await addMember(admin, projectId, ANNOTATOR, 'annotator');
    const lines = [
      { id: 'ada', text: TEXTS.ada },
      { id: 'family', text: TEXTS.family },
      { id: 'curie', text: TEXTS.curie },
    ];
    expect((await importJsonl(admin, projectId, lines)).imported).toBe(3);
  });

  await test.step('the annotator opens the queue', async () => {
    await logIn(page.request, ANNOTATOR.username, ANNOTATOR.password);
    await page.goto(`/projects/${projectId}/label`);
    await expect(itemOnScreen(page)).toHaveText('ada');
  });

  await test.step('item 1: a span by mouse, a span by caret mode, a choice; undo and redo', async () => {
    // The head keeps its size and its buttons their place whatever the draft's state.
    const head = page.locator('.ann-head');
    const submit = page.getByRole('button', { name: 'Submit', exact: true });
    const before = { head: await head.boundingBox(), submit: await submit.boundingBox() };
    await dragSelect(page, 'Ada Lovelace');
    await page.keyboard.press('p');
    await expect(page.getByTestId('save-state')).toHaveText(/Unsaved|Saving|Saved/);
    expect({ head: await head.boundingBox(), submit: await submit.boundingBox() }).toEqual(before);
    // Caret mode from the start: six words on ("Ada Lovelace met Charles Babbage in"), past the
    // space, then Ctrl+Shift+Right selects "London".
    await keys(page, 'Escape', 'Enter', 'Home');
    for (let i = 0; i < 6; i++) await page.keyboard.press('Control+ArrowRight');
    await keys(page, 'ArrowRight', 'Control+Shift+ArrowRight');
    await expect(page.getByTestId('ann-status')).toContainText('London');
    await keys(page, 'l', 'Escape', '1');
    expect(await spansOnScreen(page)).toEqual(['PER:0-12', 'LOC:36-42']);
    await expect(page.locator('.ann-choice.on')).toHaveText(/history/);

    await keys(page, 'Control+z', 'Control+z');
    expect(await spansOnScreen(page)).toEqual(['PER:0-12']);
    await expect(page.locator('.ann-choice.on')).toHaveCount(0);
    await keys(page, 'Control+Shift+Z', 'Control+y');
    expect(await spansOnScreen(page)).toEqual(['PER:0-12', 'LOC:36-42']);
    await expect(page.locator('.ann-choice.on')).toHaveText(/history/);
    await snap(page, 'item-1-labeled');
  });

  await test.step('item 1: a reload right after an edit finds the draft', async () => {
    await dragSelect(page, 'Charles Babbage');
    await page.keyboard.press('p');
    await page.reload();
    await expect(itemOnScreen(page)).toHaveText('ada');
    await expect.poll(() => spansOnScreen(page)).toEqual(['PER:0-12', 'PER:17-32', 'LOC:36-42']);
    await expect(page.locator('.ann-choice.on')).toHaveText(/history/);
    // Loading the draft is not an undo step.
    await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
    await expect(page.getByTestId('save-state')).not.toHaveText(/Offline|not saved/);
    await page.keyboard.press('Control+Enter');
    await expect(itemOnScreen(page)).toHaveText('family');
  });

  await test.step('item 2: emoji and right-to-left text', async () => {
    await dragSelect(page, 'שלום עולם');
    await page.keyboard.press('l');
    await dragSelect(page, 'مرحبا');
    await page.keyboard.press('o');
    // The family emoji is one grapheme of five code points: one Shift+Right takes all of it.
    await keys(page, 'Escape', 'Enter', 'Home', 'Control+ArrowRight', 'ArrowRight', 'Shift+ArrowRight');
    await expect(page.getByTestId('ann-status')).toContainText('👩‍👩‍👧');
    await keys(page, 'p', 'Escape');
    expect(await spansOnScreen(page)).toEqual(['PER:7-12', 'LOC:31-40', 'ORG:43-48']);

    // The required choice blocks the submit, with a message naming it.
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('ann-status')).toContainText('required task before submitting: topic');
    await expect(itemOnScreen(page)).toHaveText('family');
    await snap(page, 'item-2-rtl-required');
    await keys(page, '2', 'Control+Enter');
    await expect(itemOnScreen(page)).toHaveText('curie');
  });

  await test.step('the shortcuts and the guidelines come up by key', async () => {
    // The buttons show their keys, which stay out of their names.
    await expect(page.getByRole('button', { name: 'Submit', exact: true })).toContainText('Ctrl+Enter');
    await expect(page.getByRole('button', { name: 'Skip', exact: true })).toContainText('Space');

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    // Label keys are listed per task, on one row each.
    await expect(help.locator('.ann-help-row', { hasText: 'entities' })).toHaveText(
      /PER\s*p\s*LOC\s*l\s*ORG\s*o/,
    );
    await expect(help.locator('.ann-help-row', { hasText: 'topic' })).toContainText('history');
    await snap(page, 'help');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();

    const guidelines = page.locator('.ann-guidelines');
    await page.keyboard.press('Control+i');
    await expect(guidelines).toBeHidden();
    await page.keyboard.press('Control+i');
    await expect(guidelines).toBeInViewport();
    await expect(guidelines.getByRole('heading', { name: 'How to label' })).toBeVisible();
    await snap(page, 'guidelines');
  });

  await test.step('item 3: keyboard across lines, relabel a clicked span and undo it', async () => {
    await dragSelect(page, 'Marie Curie');
    await page.keyboard.press('p');
    await keys(page, 'Escape', 'Enter', 'Home', 'ArrowDown', 'Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+ArrowRight');
    await keys(page, 'ArrowRight', 'Control+Shift+ArrowRight', 'o', 'Escape');
    expect(await spansOnScreen(page)).toEqual(['PER:0-11', 'ORG:41-46']);

    await page.locator('[data-tag="entities:0:11:PER"]').click();
    await expect(page.getByTestId('ann-status')).toContainText('Span PER');
    await page.keyboard.press('l');
    expect(await spansOnScreen(page)).toEqual(['LOC:0-11', 'ORG:41-46']);
    await page.keyboard.press('Control+z');
    expect(await spansOnScreen(page)).toEqual(['PER:0-11', 'ORG:41-46']);
    await keys(page, '3', 'Control+Enter');
    await expect(page.getByText('Nothing left for you here')).toBeVisible();
  });

  await test.step('the export holds exactly the labeled code points and texts', async () => {
    const { line } = await exportLines(admin, projectId);
    const labelsOf = (id: string) => {
      expect(line(id).annotations).toHaveLength(1);
      expect(line(id).annotations[0]!.by).toBe(ANNOTATOR.username);
      expect(line(id).annotations[0]!.lead_time_s).toBeGreaterThan(0);
      return line(id).annotations[0]!.labels;
    };
    expect(labelsOf('ada')).toEqual({
      entities: [
        { start: 0, end: 12, label: 'PER', text: 'Ada Lovelace' },
        { start: 17, end: 32, label: 'PER', text: 'Charles Babbage' },
        { start: 36, end: 42, label: 'LOC', text: 'London' },
      ],
      topic: ['history'],
    });
    expect(labelsOf('family')).toEqual({
      entities: [
        { start: 7, end: 12, label: 'PER', text: '👩‍👩‍👧' },
        { start: 31, end: 40, label: 'LOC', text: 'שלום עולם' },
        { start: 43, end: 48, label: 'ORG', text: 'مرحبا' },
      ],
      topic: ['travel'],
    });
    expect(labelsOf('curie')).toEqual({
      entities: [
        { start: 0, end: 11, label: 'PER', text: 'Marie Curie' },
        { start: 41, end: 46, label: 'ORG', text: 'Nobel' },
      ],
      topic: ['science'],
    });
    // The offsets mean what a Python slice means.
    for (const [id, text] of [
      ['ada', TEXTS.ada],
      ['family', TEXTS.family],
      ['curie', TEXTS.curie],
    ] as const) {
      const spans = labelsOf(id).entities as Span[];
      for (const s of spans) expect(cpSlice(text, s.start, s.end)).toBe(s.text);
    }
  });
  await admin.dispose();
});
