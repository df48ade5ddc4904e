import { type Browser, expect, type Page, request, test } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from '../playwright.config.ts';
import { addMember, adminApi, apiAs, createProject, importJsonl, logIn, tabAs } from './helpers.ts';

/**
 * XSS: hostile text in every place a user can put text (item texts, ids, tags and meta, label
 * values, tier names, project names and descriptions, display names, token names, usernames of
 * failed logins in the audit log, upload file names, import error messages, review comments,
 * guidelines Markdown) is shown as text on every page that shows it. On each page: the literal
 * text is visible where the page shows it, no element carries an event-handler attribute or a
 * `javascript:` URL, no injected script, frame or dialog exists, `window.__xss` stays undefined
 * and the browser saw no Content-Security-Policy violation. Task names and hotkeys are refused
 * by the schema with a 400.
 */

const IMG = '<img src=x onerror=window.__xss=1>';
const SVG = '"><svg onload=window.__xss=1>';
const SCRIPT = '<script>window.__xss=1</script>';
const JS = 'javascript:window.__xss=1';
/** Every payload after a tag that says where it came from, for fields without a short limit. */
const long = (tag: string) => `${tag} ${IMG} ${SVG} ${SCRIPT} ${JS}`;
/** One payload after the tag, for fields limited to 40-100 characters. */
const short = (tag: string, payload = IMG) => `${tag} ${payload}`;

const PASSWORD = 'xss-e2e-password';
const T = {
  project: short('Project', `${IMG} ${SVG} ${SCRIPT}`),
  description: long('Description'),
  item1: long('Item one'),
  item2: long('Item two'),
  extId: short('id', SVG),
  tag: short('tag'),
  label1: short('Choice'),
  label2: short('Span', SVG),
  tier: IMG,
  annotator: { username: 'xss-ann', displayName: short('Ann') },
  reviewer: { username: 'xss-rev', displayName: short('Rev', SVG) },
  token: short('Token', SCRIPT),
  failedLogin: short('Login', `${IMG} ${SVG}`),
  comment: long('Comment'),
  note: long('Note'),
  fileName: `${SVG}.jsonl`,
  lsType: IMG,
};
const GUIDELINES = [
  '# Guide heading',
  '',
  `[click me](${JS}) and [data](data:text/html,<script>window.__xss=1</script>)`,
  '',
  IMG,
  SCRIPT,
  `<a href="${JS}">raw link</a>`,
  '<svg><script>window.__xss=1</script></svg>',
  `<iframe src="${JS}"></iframe>`,
  `<form action="${JS}"><button formaction="${JS}">go</button></form>`,
  '![pic](x" onerror="window.__xss=1)',
  '<details open ontoggle=window.__xss=1>toggle</details>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
  '<a href="https://cdn.example.com/x" style="background:url(javascript:window.__xss=1)">styled</a>',
].join('\n');

/** Records CSP violations and dialogs from the first script on, in every page of a context. */
async function watch(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
    });
  });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

/** Nothing hostile became markup or ran on the page as it is now. */
async function expectSafe(page: Page, dialogs: string[], where: string) {
  const report = await page.evaluate(() => {
    const bad: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) bad.push(`${el.tagName} ${a.name}`);
        if (/href|src|action/i.test(a.name) && /^\s*(javascript|data):/i.test(a.value)) {
          bad.push(`${el.tagName} ${a.name}=${a.value}`);
        }
      }
      if (['IFRAME', 'OBJECT', 'EMBED', 'FRAME'].includes(el.tagName)) bad.push(el.tagName);
      if (el.tagName.toLowerCase() === 'script' && !(el as HTMLScriptElement).src) bad.push('inline script');
    }
    const w = window as unknown as { __xss?: unknown; __csp?: string[] };
    // DOMPurify parses the Markdown's HTML in an inert DOMParser document, which Chromium checks
    // against the page's CSP: handlers and styles refused there are the sanitiser at work, and
    // the DOM check above proves none of them reached the page.
    const sanitiser =
      /^(script-src-attr|style-src-elem|style-src-attr) inline \S+\/assets\/Markdown-[\w-]+\.js$/;
    return { xss: typeof w.__xss, csp: (w.__csp ?? []).filter((v) => !sanitiser.test(v)), bad };
  });
  expect(report, where).toEqual({ xss: 'undefined', csp: [], bad: [] });
  expect(dialogs, where).toEqual([]);
}

/** `text` is on the page, as text. */
async function shows(page: Page, text: string) {
  await expect(page.getByText(text, { exact: false }).first()).toBeVisible();
}

/** A tab logged in as `username`, watched from its first script on. */
async function watchedTabAs(browser: Browser, baseURL: string, username: string) {
  const page = await tabAs(browser, baseURL, username, PASSWORD);
  return { page, dialogs: await watch(page) };
}

test('hostile text is shown as text on every page, and the schema refuses hostile names and hotkeys', async ({
  page,
  browser,
  baseURL,
}) => {
  const admin = await adminApi(baseURL!);
  let projectId = 0;
  const schema = {
    tasks: [
      {
        name: 'topic',
        type: 'choices',
        labels: [
          { value: T.label1, hotkey: '1' },
          { value: 'plain', hotkey: '2' },
        ],
      },
      { name: 'entities', type: 'spans', labels: [{ value: T.label2, hotkey: 's' }] },
      { name: 'note', type: 'text' },
    ],
  };

  await test.step('the schema refuses hostile task names, hotkeys and colours with a 400', async () => {
    const bad = (patch: (s: typeof schema) => unknown) =>
      admin.post('/api/projects', {
        data: { name: 'refused', schema: patch(structuredClone(schema)) },
      });
    const cases: [string, (s: typeof schema) => unknown, string][] = [
      ['task name', (s) => ({ tasks: [{ ...s.tasks[0], name: IMG }] }), 'tasks.0.name'],
      ['task name', (s) => ({ tasks: [{ ...s.tasks[0], name: `a"><svg onload=x>` }] }), 'tasks.0.name'],
      ['hotkey', (s) => ({ tasks: [{ ...s.tasks[0], labels: [{ value: 'a', hotkey: '<' }] }] }), 'hotkey'],
      ['hotkey', (s) => ({ tasks: [{ ...s.tasks[0], labels: [{ value: 'a', hotkey: '"' }] }] }), 'hotkey'],
      ['hotkey', (s) => ({ tasks: [{ ...s.tasks[0], labels: [{ value: 'a', hotkey: JS }] }] }), 'hotkey'],
      [
        'colour',
        (s) => ({
          tasks: [{ ...s.tasks[0], labels: [{ value: 'a', color: 'red;background:url(javascript:x)' }] }],
        }),
        'color',
      ],
    ];
    for (const [what, patch, field] of cases) {
      const res = await bad(patch);
      expect(res.status(), what).toBe(400);
      expect((await res.json()).error.field, what).toContain(field);
    }
  });

  await test.step('set up hostile data through the API', async () => {
    projectId = await createProject(admin, {
      name: T.project,
      description: T.description,
      schema,
      guidelines: GUIDELINES,
      settings: { tiers: [{ name: T.tier, role: 'reviewer', policy: { kind: 'all' } }] },
    });
    for (const [u, role] of [
      [T.annotator, 'annotator'],
      [T.reviewer, 'reviewer'],
    ] as const) {
      await addMember(admin, projectId, { ...u, password: PASSWORD }, role);
    }
    const lines = [
      { id: 'first', text: T.item1, tags: [T.tag], meta: { source: long('Meta') } },
      { id: T.extId, text: T.item2 },
    ];
    expect(await importJsonl(admin, projectId, lines)).toMatchObject({ imported: 2, errors: [] });
    expect((await admin.post('/api/tokens', { data: { name: T.token } })).status()).toBe(201);
    const failed = await request.newContext({ baseURL });
    await failed.post('/api/auth/login', { data: { username: T.failedLogin, password: 'wrong-password' } });
    await failed.dispose();

    // The annotator submits both items; the reviewer rejects the first with a hostile comment.
    const ann = await apiAs(baseURL!, T.annotator.username, PASSWORD);
    for (let i = 0; i < 2; i++) {
      const item = await (await ann.get(`/api/projects/${projectId}/next`)).json();
      const res = await ann.post(`/api/items/${item.id}/annotations`, {
        data: { labels: { topic: [T.label1], note: T.note }, lead_time_s: 3 },
      });
      expect(res.status()).toBe(201);
    }
    const rev = await apiAs(baseURL!, T.reviewer.username, PASSWORD);
    const work = await (
      await rev.get(`/api/projects/${projectId}/review/next?tier=${encodeURIComponent(T.tier)}`)
    ).json();
    expect(work.item.extId).toBe('first');
    const rejected = await rev.post(`/api/annotations/${work.annotations[0].id}/reviews`, {
      data: { decision: 'reject', comment: T.comment },
    });
    expect(rejected.status(), await rejected.text()).toBe(201);
    for (const c of [ann, rev, admin]) await c.dispose();
  });

  const dialogs = await watch(page);
  await logIn(page.request, 'admin', E2E_ADMIN_PASSWORD);

  await test.step('projects list', async () => {
    await page.goto('/projects');
    await shows(page, T.project);
    await expectSafe(page, dialogs, 'projects');
  });

  await test.step('data tab: ids, texts, tags', async () => {
    await page.goto(`/projects/${projectId}/data`);
    await shows(page, T.extId);
    await shows(page, 'Item two');
    await shows(page, T.tag);
    await expectSafe(page, dialogs, 'data');
  });

  await test.step('settings: schema editor, tiers, guidelines preview', async () => {
    await page.goto(`/projects/${projectId}/settings`);
    await expect(page.getByPlaceholder('Label value').first()).toHaveValue(T.label1);
    // The preview renders the guidelines at once: Markdown in, sanitised HTML out.
    await expect(page.locator('.preview-box').getByRole('heading', { name: 'Guide heading' })).toBeVisible();
    await expect(page.locator('.preview-box').getByText('click me')).toBeVisible();
    await expectSafe(page, dialogs, 'settings');
  });

  await test.step('members and users: display names', async () => {
    await page.goto(`/projects/${projectId}/members`);
    await shows(page, T.annotator.displayName);
    await expectSafe(page, dialogs, 'members');
    await page.goto('/users');
    await shows(page, T.reviewer.displayName);
    await expectSafe(page, dialogs, 'users');
  });

  await test.step('account: token names', async () => {
    await page.goto('/account');
    await shows(page, T.token);
    await expectSafe(page, dialogs, 'account');
  });

  await test.step('import through the UI: a hostile file name and error messages that quote the line', async () => {
    await page.goto(`/projects/${projectId}/io`);
    const panel = page.getByRole('region', { name: 'Import' });
    const body = [
      JSON.stringify({ id: 'ui', text: long('Uploaded') }),
      JSON.stringify({
        text: 'x',
        predictions: [{ result: [{ from_name: 'a', type: T.lsType, value: {} }] }],
      }),
      JSON.stringify({ id: 'img-tag', image: T.fileName }),
    ].join('\n');
    await panel.locator('input[type=file]').setInputFiles({
      name: T.fileName,
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(body),
    });
    await shows(page, T.fileName);
    await panel.getByLabel('Format').selectOption('jsonl');
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    const report = panel.getByRole('status', { name: 'Import result' });
    await expect(report).toBeVisible({ timeout: 30_000 });
    await expect(report.locator('tbody tr')).toHaveCount(2);
    await expect(report.getByText(T.lsType, { exact: false })).toBeVisible();
    await expectSafe(page, dialogs, 'import report');
  });

  await test.step('audit log: actors, targets, details', async () => {
    await page.goto('/audit');
    await shows(page, T.failedLogin);
    await shows(page, T.project);
    await shows(page, T.token);
    // Browsers send a quote in a file name as %22 (HTML's multipart rule); the rest arrives as is.
    await shows(page, T.fileName.slice(1));
    await expectSafe(page, dialogs, 'audit');
    // The CSV download follows the filters and keeps the hostile text as text.
    await page.getByLabel('Action').fill('login.failed');
    const link = page.getByRole('link', { name: 'Download CSV' });
    await expect(link).toHaveAttribute('href', '/api/audit.csv?action=login.failed');
    const downloading = page.waitForEvent('download');
    await link.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('gloss-audit.csv');
    const csv = await (await page.request.get('/api/audit.csv?action=login.failed')).text();
    expect(csv.split('\r\n')[0]).toBe('id,at,actor,action,project_id,target,detail,ip');
    expect(csv).toContain(T.failedLogin.replaceAll('"', '""'));
    expect(csv).not.toContain('project.create');
    await expectSafe(page, dialogs, 'audit after filtering');
  });

  await test.step('annotator: item text, labels, meta, guidelines and the rejection comment', async () => {
    const { page: tab, dialogs: d } = await watchedTabAs(browser, baseURL!, T.annotator.username);
    await tab.goto(`/projects/${projectId}/label`);
    await expect(tab.getByTestId('document')).toContainText(T.item1);
    await expect(tab.getByTestId('rejection')).toContainText(T.comment);
    await shows(tab, T.label1);
    await shows(tab, T.label2);
    await shows(tab, 'Guide heading');
    // The javascript: link keeps its words and loses its target.
    await expect(tab.locator('.ann-guidelines a', { hasText: 'click me' })).not.toHaveAttribute('href', /./);
    await expectSafe(tab, d, 'annotator');
    // The fix keeps the hostile choice loaded from the first submit; resubmitting moves on.
    await expect(tab.locator('.ann-choice.on')).toContainText(T.label1);
    await tab.keyboard.press('Control+Enter');
    await expect(tab.getByTestId('document')).not.toContainText('Item one');
    await expectSafe(tab, d, 'annotator after submit');
    await tab.context().close();
  });

  await test.step('reviewer: tier names, labels and notes in the review screen', async () => {
    const { page: tab, dialogs: d } = await watchedTabAs(browser, baseURL!, T.reviewer.username);
    await tab.goto(`/projects/${projectId}/review`);
    await shows(tab, T.tier);
    await expectSafe(tab, d, 'review tiers');
    await tab.goto(`/projects/${projectId}/review?tier=${encodeURIComponent(T.tier)}`);
    await shows(tab, T.item1);
    await shows(tab, T.label1);
    await shows(tab, T.note);
    await shows(tab, T.comment);
    await expectSafe(tab, d, 'review screen');
    await tab.locator('summary', { hasText: 'Guidelines' }).click();
    await shows(tab, 'Guide heading');
    await tab.locator('summary', { hasText: 'Full history' }).click();
    await expectSafe(tab, d, 'review screen with guidelines and history');
    await tab.context().close();
  });
});
