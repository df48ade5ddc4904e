import { expect, type Page, test } from '@playwright/test';
import { addMember, adminApi, createProject, exportLines, importJsonl, NEWS_TASKS } from './helpers.ts';

/**
 * Issue 3's bar: "an annotator can label a text project for an hour by keyboard alone". From the
 * login form to an empty queue, nothing here touches the mouse (an init script counts every real
 * pointer event and the journey ends expecting none): the annotator logs in, reaches the queue
 * with Tab and Enter, labels twelve items with caret mode, Tab, Delete, the label and choice keys,
 * a free-text field, undo and redo, skips one with a typed reason, goes back in their history to
 * correct an item, and checks the shortcuts overlay. The export then holds exactly their work.
 */

const PASSWORD = 'keyann-password-1';
const PROJECT = 'Keyboard only';

const SCHEMA = {
  tasks: [
    ...NEWS_TASKS,
    {
      name: 'flags',
      type: 'choices',
      multiple: true,
      labels: [
        { value: 'date', hotkey: 'd' },
        { value: 'number', hotkey: 'n' },
        { value: 'quote', hotkey: 'q' },
      ],
    },
    { name: 'note', type: 'text' },
  ],
};

/** Thirteen items in queue order: twelve are labeled, k07 is skipped. */
const TEXTS: Record<string, string> = {
  k01: 'Ada Lovelace met Charles Babbage in London.',
  k02: 'Marie Curie worked in Paris.\nShe won Nobel prizes in 1903 and 1911.',
  k03: 'Alan Turing studied at Cambridge and Princeton.',
  k04: 'Grace Hopper joined the Navy in 1943.',
  k05: 'Family 👩‍👩‍👧 trip to Paris 🇫🇷!\nשלום עולם',
  k06: 'Rosalind Franklin photographed DNA in London.',
  k07: 'Lorem ipsum dolor sit amet.',
  k08: 'Emmy Noether taught in Göttingen.',
  k09: 'Niels Bohr founded an institute in Copenhagen.',
  k10: 'Lise Meitner worked in Berlin and Stockholm.',
  k11: 'Carl Linnaeus named plants in Uppsala.',
  k12: 'Hedy Lamarr patented frequency hopping in 1942.',
  k13: 'Srinivasa Ramanujan wrote to Hardy from Madras.',
};
const NOTE = 'Rear admiral later; the keys 1, p and ? type here.';
const SKIP_REASON = 'Placeholder text, nothing to label';

type Span = { start: number; end: number; label: string; text: string };

/** The span over the first `text` in item `id`, in code points (handbook section 4). */
function span(id: string, text: string, label: string): Span {
  const full = TEXTS[id]!;
  const at = full.indexOf(text);
  expect(at, `"${text}" in ${id}`).toBeGreaterThan(-1);
  const start = [...full.slice(0, at)].length;
  return { start, end: start + [...text].length, label, text };
}

/** The spans on screen as their tags name them: "LABEL:start-end" in code points. */
function spansOnScreen(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-tag]')].map((t) => {
      const [, start, end, label] = t.dataset.tag!.split(':');
      return `${label}:${start}-${end}`;
    }),
  );
}
const shown = (...spans: Span[]) => spans.map((s) => `${s.label}:${s.start}-${s.end}`);

async function keys(page: Page, ...presses: string[]) {
  for (const k of presses) await page.keyboard.press(k);
}

/**
 * Where the keyboard focus shows: the focused element's own outline or focus ring, or an
 * ancestor's (a project card outlines itself for its stretched link). On the annotator screen the
 * focus rests on the page and the keys act on the text: caret mode rings the document and a
 * selected span is outlined, so that is where it must show then. Null when nothing shows it.
 */
function focusShown(page: Page) {
  return page.evaluate(() => {
    const ring = (el: Element) => {
      const cs = getComputedStyle(el);
      if (cs.outlineStyle !== 'none' && Number.parseFloat(cs.outlineWidth) > 0) return 'outline';
      // A focus ring is a box-shadow with a spread and a colour that is not transparent.
      for (const shadow of cs.boxShadow.split(/,(?![^(]*\))/)) {
        const color = shadow.match(/rgba?\([^)]*\)/)?.[0] ?? '';
        const lengths = shadow.replace(color, '').trim().split(/\s+/).map(Number.parseFloat);
        if ((lengths[3] ?? 0) > 0 && !/,\s*0\)$/.test(color)) return 'ring';
      }
      return null;
    };
    const active = document.activeElement;
    const target =
      active && active !== document.body
        ? active
        : (document.querySelector('.ann-caret-on .ann-doc') ?? document.querySelector('.ann-tag.selected'));
    for (let el = target, up = 0; el && up < 4; el = el.parentElement, up++) {
      const how = ring(el);
      if (how) return `${how} on ${el.tagName.toLowerCase()}${el.className ? `.${el.className}` : ''}`;
    }
    return null;
  });
}
const expectFocusShown = (page: Page, on: RegExp) => expect.poll(() => focusShown(page)).toMatch(on);

/** Tabs to the link or button whose text is `name`, the way a person walks a page by keyboard. */
async function tabTo(page: Page, name: string) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (at === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

const itemOnScreen = (page: Page) => page.locator('.ann-item');
const status = (page: Page) => page.getByTestId('ann-status');
const rendered = (page: Page) =>
  page.evaluate(() => performance.getEntriesByName('gloss:item-rendered').length);

/**
 * Presses `key` (submit, skip's Enter, a history key) and waits until item `id` is on screen with
 * its keys listening: the screen marks itself rendered after the effects that bind the keys ran.
 */
async function moveTo(page: Page, key: string, id: string) {
  const before = await rendered(page);
  await page.keyboard.press(key);
  await expect(itemOnScreen(page)).toHaveText(id);
  await expect.poll(() => rendered(page)).toBeGreaterThan(before);
}

/** Caret mode from the start of the text: Shift+Ctrl+Right over `words` words, then `label`. */
async function labelFirstWords(page: Page, words: number, label: string, expected: string) {
  await keys(page, 'Enter', 'Home');
  for (let i = 0; i < words; i++) await page.keyboard.press('Control+Shift+ArrowRight');
  await expect(status(page)).toContainText(`Selected ${expected}:`);
  await page.keyboard.press(label);
}

/** In caret mode: the last word of the first line (before its full stop), then `label`. */
async function labelLastWord(page: Page, label: string, expected: string) {
  await keys(page, 'End', 'ArrowLeft', 'Control+Shift+ArrowLeft');
  await expect(status(page)).toContainText(`Selected ${expected}:`);
  await page.keyboard.press(label);
}

test('an annotator labels a text project by keyboard alone; the export holds exactly their work', async ({
  page,
  baseURL,
}) => {
  // One annotator per run, so `--repeat-each` can hunt for flakes against the one server.
  const { repeatEachIndex, retry } = test.info();
  const ANNOTATOR = { username: `keyann${repeatEachIndex}r${retry}`, password: PASSWORD };
  const admin = await adminApi(baseURL!);
  let projectId = 0;

  await test.step('set up a project with spans, choices and free text, an annotator and 13 items', async () => {
    projectId = await createProject(admin, { name: PROJECT, schema: SCHEMA });
    await addMember(admin, projectId, ANNOTATOR, 'annotator');
    const lines = Object.entries(TEXTS).map(([id, text]) => ({ id, text }));
    expect((await importJsonl(admin, projectId, lines)).imported).toBe(13);
  });

  // Counts real pointer input on every page of the journey. A key that activates a link or a
  // button (Enter on "Start labeling") also fires a trusted `click`, but one with `detail` 0 and
  // no pointer type: those are counted apart, as the keyboard's, and must be there.
  await page.addInitScript(() => {
    const counts = { pointer: 0, keyClicks: 0 };
    (window as unknown as { __input: typeof counts }).__input = counts;
    for (const type of [
      'mousemove',
      'pointermove',
      'mousedown',
      'mouseup',
      'pointerdown',
      'pointerup',
      'dblclick',
      'wheel',
      'contextmenu',
    ])
      window.addEventListener(type, (e) => e.isTrusted && counts.pointer++, true);
    window.addEventListener(
      'click',
      (e) => {
        if (!e.isTrusted) return;
        if (e.detail === 0 && !(e as PointerEvent).pointerType) counts.keyClicks++;
        else counts.pointer++;
      },
      true,
    );
  });
  const input = () =>
    page.evaluate(() => (window as unknown as { __input: { pointer: number; keyClicks: number } }).__input);

  await test.step('log in by typing, reach the queue with Tab and Enter', async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto('/');
    const username = page.getByLabel('Username');
    await expect(username).toBeFocused();
    await expectFocusShown(page, /ring on input/);
    await page.keyboard.type(ANNOTATOR.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ANNOTATOR.password);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Projects', exact: true })).toBeVisible();

    await tabTo(page, PROJECT);
    await expectFocusShown(page, /outline on li\.card project-card/);
    await page.keyboard.press('Enter');
    const start = page.getByRole('link', { name: 'Start labeling', exact: true });
    await expect(start).toBeVisible();
    await tabTo(page, 'Start labeling');
    await expect(start).toBeFocused();
    await expectFocusShown(page, /outline on a\.btn primary start/);
    await moveTo(page, 'Enter', 'k01');
    expect((await input()).keyClicks).toBeGreaterThanOrEqual(2);
  });

  await test.step('k01: three spans in caret mode, a choice; undo and redo; the ? overlay', async () => {
    const ada = span('k01', 'Ada Lovelace', 'PER');
    const babbage = span('k01', 'Charles Babbage', 'PER');
    const london = span('k01', 'London', 'LOC');
    await labelFirstWords(page, 2, 'p', 'Ada Lovelace');
    await expectFocusShown(page, /ring on div\.ann-doc/);
    // From the end of the new span: over "met", past the space, then two words.
    await keys(
      page,
      'Control+ArrowRight',
      'ArrowRight',
      'Control+Shift+ArrowRight',
      'Control+Shift+ArrowRight',
    );
    await expect(status(page)).toContainText('Selected Charles Babbage:');
    await keys(page, 'p', 'Control+ArrowRight', 'ArrowRight', 'Control+Shift+ArrowRight');
    await expect(status(page)).toContainText('Selected London:');
    await keys(page, 'l', 'Escape', '1');
    await expect.poll(() => spansOnScreen(page)).toEqual(shown(ada, babbage, london));
    await expect(page.locator('.ann-choice.on')).toHaveText(/history/);

    await keys(page, 'Control+z', 'Control+z');
    await expect.poll(() => spansOnScreen(page)).toEqual(shown(ada, babbage));
    await expect(page.locator('.ann-choice.on')).toHaveCount(0);
    await keys(page, 'Control+Shift+Z', 'Control+Shift+Z');
    await expect.poll(() => spansOnScreen(page)).toEqual(shown(ada, babbage, london));
    await expect(page.locator('.ann-choice.on')).toHaveText(/history/);

    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await page.keyboard.press('?');
    await expect(help).toBeVisible();
    // Every key the journey uses is listed, the new field key included.
    await expect(help.locator('.ann-help-row', { hasText: 'free-text field' })).toContainText('Alt+T');
    // While it is open the label keys do nothing.
    await page.keyboard.press('o');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
    await page.keyboard.press('?');
    await expect(help).toBeVisible();
    await page.keyboard.press('?');
    await expect(help).toBeHidden();
    await expect.poll(() => spansOnScreen(page)).toEqual(shown(ada, babbage, london));
    await moveTo(page, 'Control+Enter', 'k02');
  });

  await test.step('k02: a span on the second line; Tab to a span and relabel it; two flags', async () => {
    await labelFirstWords(page, 2, 'p', 'Marie Curie');
    await keys(page, 'ArrowDown', 'Home', 'Control+ArrowRight', 'Control+ArrowRight', 'ArrowRight');
    await page.keyboard.press('Control+Shift+ArrowRight');
    await expect(status(page)).toContainText('Selected Nobel:');
    // Esc leaves caret mode, a second Esc drops the new span's selection: Tab starts from the first.
    await keys(page, 'p', 'Escape', 'Escape');
    await expect
      .poll(() => spansOnScreen(page))
      .toEqual(shown(span('k02', 'Marie Curie', 'PER'), span('k02', 'Nobel', 'PER')));
    await keys(page, 'Tab', 'Tab');
    await expect(status(page)).toContainText('Span PER Nobel:');
    await expectFocusShown(page, /outline on span\.ann-tag selected/);
    await page.keyboard.press('o');
    await expect
      .poll(() => spansOnScreen(page))
      .toEqual(shown(span('k02', 'Marie Curie', 'PER'), span('k02', 'Nobel', 'ORG')));
    await keys(page, 'Escape', '3', 'd', 'n');
    await expect(page.locator('.ann-choice.on')).toHaveText([/science/, /date/, /number/]);
    await moveTo(page, 'Control+Enter', 'k03');
  });

  await test.step('k03: delete a span with Tab and Delete; undo and redo the deletion', async () => {
    const turing = span('k03', 'Alan Turing', 'PER');
    const cambridge = span('k03', 'Cambridge', 'LOC');
    const princeton = span('k03', 'Princeton', 'LOC');
    await labelFirstWords(page, 2, 'p', 'Alan Turing');
    await keys(page, 'Control+ArrowRight', 'Control+ArrowRight', 'ArrowRight', 'Control+Shift+ArrowRight');
    await expect(status(page)).toContainText('Selected Cambridge:');
    await page.keyboard.press('l');
    await labelLastWord(page, 'l', 'Princeton');
    await keys(page, 'Escape', 'Escape');
    await expect.poll(() => spansOnScreen(page)).toEqual(shown(turing, cambridge, princeton));
    await keys(page, 'Tab', 'Tab');
    await expect(status(page)).toContainText('Span LOC Cambridge:');
    await page.keyboard.press('Delete');
    await expect.poll(() => spansOnScreen(page)).toEqual(shown(turing, princeton));
    await page.keyboard.press('Control+z');
    await expect.poll(() => spansOnScreen(page)).toEqual(shown(turing, cambridge, princeton));
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => spansOnScreen(page)).toEqual(shown(turing, princeton));
    await page.keyboard.press('1');
    await moveTo(page, 'Control+Enter', 'k04');
  });

  await test.step('k04: a required task blocks the submit; the free-text field by Alt+T, left by Esc', async () => {
    await labelFirstWords(page, 2, 'p', 'Grace Hopper');
    await labelLastWord(page, 'o', '1943');
    await keys(page, 'Control+z', 'Escape');
    await expect.poll(() => spansOnScreen(page)).toEqual(shown(span('k04', 'Grace Hopper', 'PER')));
    await page.keyboard.press('Control+Enter');
    await expect(status(page)).toContainText('required task before submitting: topic');
    await expect(itemOnScreen(page)).toHaveText('k04');

    // Tab walks the spans here, so the field has a key of its own.
    const note = page.getByRole('textbox', { name: 'note' });
    await page.keyboard.press('Alt+t');
    await expect(note).toBeFocused();
    await expectFocusShown(page, /ring on textarea/);
    await page.keyboard.type(NOTE);
    await expect(note).toHaveValue(NOTE);
    await expect(page.locator('.ann-choice.on')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(note).not.toBeFocused();
    // Back on the shortcuts: the same keys label again.
    await keys(page, '1', 'n');
    await expect(page.locator('.ann-choice.on')).toHaveText([/history/, /number/]);
    await expect(note).toHaveValue(NOTE);
    await moveTo(page, 'Control+Enter', 'k05');
  });

  await test.step('k05: emoji, a flag and Hebrew by the caret, in code points', async () => {
    // The family emoji is one grapheme of five code points: one Shift+Right takes all of it.
    await keys(page, 'Enter', 'Home', 'Control+ArrowRight', 'ArrowRight', 'Shift+ArrowRight');
    await expect(status(page)).toContainText('Selected 👩‍👩‍👧:');
    await page.keyboard.press('p');
    await keys(page, 'End', 'ArrowLeft', 'Shift+ArrowLeft');
    await expect(status(page)).toContainText('Selected 🇫🇷:');
    await keys(page, 'l', 'ArrowLeft', 'ArrowLeft', 'Control+Shift+ArrowLeft');
    await expect(status(page)).toContainText('Selected Paris:');
    await page.keyboard.press('l');
    // In a right-to-left line, Left moves forward.
    await keys(page, 'ArrowDown', 'Home', 'Control+Shift+ArrowLeft');
    await expect(status(page)).toContainText('Selected שלום:');
    await keys(page, 'l', 'Escape', '2');
    await expect
      .poll(() => spansOnScreen(page))
      .toEqual(
        shown(
          span('k05', '👩‍👩‍👧', 'PER'),
          span('k05', 'Paris', 'LOC'),
          span('k05', '🇫🇷', 'LOC'),
          span('k05', 'שלום', 'LOC'),
        ),
      );
    await moveTo(page, 'Control+Enter', 'k06');
  });

  await test.step('k06: multiple choice toggled by key, a single choice changed; undo a toggle', async () => {
    await labelFirstWords(page, 2, 'p', 'Rosalind Franklin');
    await labelLastWord(page, 'l', 'London');
    await keys(page, 'Escape', 'd', 'n', 'q', 'n');
    await expect(page.locator('.ann-choice.on')).toHaveText([/date/, /quote/]);
    await page.keyboard.press('Control+z');
    await expect(page.locator('.ann-choice.on')).toHaveText([/date/, /number/, /quote/]);
    await page.keyboard.press('Control+Shift+Z');
    await keys(page, '3', '1');
    await expect(page.locator('.ann-choice.on')).toHaveText([/history/, /date/, /quote/]);
    await moveTo(page, 'Control+Enter', 'k07');
  });

  await test.step('k07: Space asks for a reason; Esc cancels; a typed reason and Enter skip it', async () => {
    const dialog = page.getByRole('dialog', { name: 'Skip this item?' });
    await page.keyboard.press('Space');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(itemOnScreen(page)).toHaveText('k07');
    await page.keyboard.press('Space');
    const reason = dialog.getByRole('textbox', { name: 'Reason (optional)' });
    await expect(reason).toBeFocused();
    await expectFocusShown(page, /ring on input/);
    await page.keyboard.type(SKIP_REASON);
    // The reason is kept by the server only: it must leave the browser with the skip.
    const skip = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/skip'));
    await moveTo(page, 'Enter', 'k08');
    expect((await skip).postDataJSON()).toEqual({ reason: SKIP_REASON });
    await expect(dialog).toBeHidden();
  });

  await test.step('k08-k10: a person and a place each, and a topic', async () => {
    await labelFirstWords(page, 2, 'p', 'Emmy Noether');
    await labelLastWord(page, 'o', 'Göttingen');
    await keys(page, 'Escape', '3');
    await expect
      .poll(() => spansOnScreen(page))
      .toEqual(shown(span('k08', 'Emmy Noether', 'PER'), span('k08', 'Göttingen', 'ORG')));
    await moveTo(page, 'Control+Enter', 'k09');

    await labelFirstWords(page, 2, 'p', 'Niels Bohr');
    await labelLastWord(page, 'l', 'Copenhagen');
    await keys(page, 'Escape', '3');
    await moveTo(page, 'Control+Enter', 'k10');

    await labelFirstWords(page, 2, 'p', 'Lise Meitner');
    await labelLastWord(page, 'l', 'Stockholm');
    await keys(page, 'Escape', '3');
    await moveTo(page, 'Control+Enter', 'k11');
  });

  await test.step('back in my history: correct k08 and resubmit it as version 2', async () => {
    // Newest first, the skipped k07 included: k10, k09, k08.
    await moveTo(page, 'Alt+ArrowUp', 'k10');
    await expect(page.getByText('from my history')).toBeVisible();
    await moveTo(page, 'Alt+ArrowUp', 'k09');
    await moveTo(page, 'Alt+ArrowUp', 'k08');
    await moveTo(page, 'Alt+ArrowDown', 'k09');
    await moveTo(page, 'Alt+ArrowUp', 'k08');
    await expect(page.getByText('submitted, v1')).toBeVisible();
    await expect
      .poll(() => spansOnScreen(page))
      .toEqual(shown(span('k08', 'Emmy Noether', 'PER'), span('k08', 'Göttingen', 'ORG')));
    await keys(page, 'Tab', 'Tab');
    await expect(status(page)).toContainText('Span ORG Göttingen:');
    await page.keyboard.press('l');
    await expect
      .poll(() => spansOnScreen(page))
      .toEqual(shown(span('k08', 'Emmy Noether', 'PER'), span('k08', 'Göttingen', 'LOC')));
    // Resubmitting a history item goes back to the queue's item.
    await moveTo(page, 'Control+Enter', 'k11');
    await expect(page.getByText('from my history')).toBeHidden();

    await moveTo(page, 'Alt+ArrowUp', 'k08');
    await expect(page.getByText('submitted, v2')).toBeVisible();
    await expect
      .poll(() => spansOnScreen(page))
      .toEqual(shown(span('k08', 'Emmy Noether', 'PER'), span('k08', 'Göttingen', 'LOC')));
    await moveTo(page, 'Alt+ArrowDown', 'k11');
    await expect(page.getByText('from my history')).toBeHidden();
  });

  await test.step('k11-k13: the rest of the queue', async () => {
    await labelFirstWords(page, 2, 'p', 'Carl Linnaeus');
    await labelLastWord(page, 'l', 'Uppsala');
    await keys(page, 'Escape', '3');
    await moveTo(page, 'Control+Enter', 'k12');

    await labelFirstWords(page, 2, 'p', 'Hedy Lamarr');
    await keys(page, 'Escape', '3', 'd', 'n');
    await moveTo(page, 'Control+Enter', 'k13');

    await labelFirstWords(page, 2, 'p', 'Srinivasa Ramanujan');
    await labelLastWord(page, 'l', 'Madras');
    // Shift+Tab walks the spans backwards: from none, the last one.
    await keys(page, 'Escape', 'Escape', 'Shift+Tab');
    await expect(status(page)).toContainText('Span LOC Madras:');
    await keys(page, 'Escape', '1');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByText('Nothing left for you here')).toBeVisible();
  });

  await test.step('no pointer was used', async () => {
    expect((await input()).pointer).toBe(0);
  });

  await test.step('the export holds every item exactly as labeled', async () => {
    const { lines, line } = await exportLines(admin, projectId);
    expect(lines.map((l) => l.id)).toEqual(Object.keys(TEXTS));
    const labelsOf = (id: string) => {
      expect(line(id).data.text).toBe(TEXTS[id]);
      expect(line(id).annotations).toHaveLength(1);
      expect(line(id).annotations[0]!.by).toBe(ANNOTATOR.username);
      return line(id).annotations[0]!.labels;
    };
    const expected: Record<string, object> = {
      k01: {
        entities: [
          span('k01', 'Ada Lovelace', 'PER'),
          span('k01', 'Charles Babbage', 'PER'),
          span('k01', 'London', 'LOC'),
        ],
        topic: ['history'],
      },
      k02: {
        entities: [span('k02', 'Marie Curie', 'PER'), span('k02', 'Nobel', 'ORG')],
        topic: ['science'],
        flags: ['date', 'number'],
      },
      k03: {
        entities: [span('k03', 'Alan Turing', 'PER'), span('k03', 'Princeton', 'LOC')],
        topic: ['history'],
      },
      k04: {
        entities: [span('k04', 'Grace Hopper', 'PER')],
        topic: ['history'],
        flags: ['number'],
        note: NOTE,
      },
      k05: {
        entities: [
          span('k05', '👩‍👩‍👧', 'PER'),
          span('k05', 'Paris', 'LOC'),
          span('k05', '🇫🇷', 'LOC'),
          span('k05', 'שלום', 'LOC'),
        ],
        topic: ['travel'],
      },
      k06: {
        entities: [span('k06', 'Rosalind Franklin', 'PER'), span('k06', 'London', 'LOC')],
        topic: ['history'],
        flags: ['date', 'quote'],
      },
      k08: {
        entities: [span('k08', 'Emmy Noether', 'PER'), span('k08', 'Göttingen', 'LOC')],
        topic: ['science'],
      },
      k09: {
        entities: [span('k09', 'Niels Bohr', 'PER'), span('k09', 'Copenhagen', 'LOC')],
        topic: ['science'],
      },
      k10: {
        entities: [span('k10', 'Lise Meitner', 'PER'), span('k10', 'Stockholm', 'LOC')],
        topic: ['science'],
      },
      k11: {
        entities: [span('k11', 'Carl Linnaeus', 'PER'), span('k11', 'Uppsala', 'LOC')],
        topic: ['science'],
      },
      k12: {
        entities: [span('k12', 'Hedy Lamarr', 'PER')],
        topic: ['science'],
        flags: ['date', 'number'],
      },
      k13: {
        entities: [span('k13', 'Srinivasa Ramanujan', 'PER'), span('k13', 'Madras', 'LOC')],
        topic: ['history'],
      },
    };
    for (const [id, labels] of Object.entries(expected)) expect(labelsOf(id), id).toEqual(labels);
    // Submitted items wait for review; the skipped one has no annotation and is back in the pool.
    for (const id of Object.keys(expected)) expect(line(id).status, id).toBe('in_review');
    expect(line('k07')).toMatchObject({ status: 'new', labels: null, annotations: [] });
  });

  await test.step('the corrected item is at version 2, the others at version 1', async () => {
    const history = await page.request.get(`/api/projects/${projectId}/history`);
    const entries: { itemId: number; extId: string; state: string }[] = await history.json();
    expect(entries.find((e) => e.extId === 'k07')?.state).toBe('skipped');
    expect(entries.filter((e) => e.state === 'submitted')).toHaveLength(12);
    for (const e of entries.filter((h) => h.state === 'submitted')) {
      const item = await (await page.request.get(`/api/items/${e.itemId}`)).json();
      expect(item.annotation.version, e.extId).toBe(e.extId === 'k08' ? 2 : 1);
    }
  });
  await admin.dispose();
});
