/**
 * Set-up steps the browser journeys share: logging in (through the form, or through the API for
 * the people a journey does not watch log in), and making projects, people and items through the
 * API, which a journey does not test but needs.
 */
import {
  type APIRequestContext,
  type Browser,
  expect,
  type Locator,
  type Page,
  request,
} from '@playwright/test';
import type { z } from 'zod';
import { E2E_ADMIN_PASSWORD } from '../playwright.config.ts';
import { type ImportResult, ImportResultSchema, type UserCreateSchema } from '../shared/api.ts';
import { type ExportLine, ExportLineSchema } from '../shared/exportLine.ts';
import type { ProjectRole } from '../shared/permissions.ts';

/** Logs the session behind `api` (an API context, or a page's or browser context's `request`) in. */
export async function logIn(api: APIRequestContext, username: string, password: string): Promise<void> {
  const res = await api.post('/api/auth/login', { data: { username, password } });
  expect(res.ok(), `${username} logs in`).toBe(true);
}

/** A fresh API client logged in as `username`; the caller disposes of it. */
export async function apiAs(baseURL: string, username: string, password: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL });
  await logIn(api, username, password);
  return api;
}

export function adminApi(baseURL: string): Promise<APIRequestContext> {
  return apiAs(baseURL, 'admin', E2E_ADMIN_PASSWORD);
}

/** A tab in a browser context of its own, logged in as `username`; close its context when done. */
export async function tabAs(
  browser: Browser,
  baseURL: string,
  username: string,
  password: string,
): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1400, height: 900 } });
  await logIn(context.request, username, password);
  return context.newPage();
}

/** Fills the login form the page shows and waits for the projects list behind it. */
export async function logInThroughForm(page: Page, username = 'admin', password = E2E_ADMIN_PASSWORD) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Projects', exact: true })).toBeVisible();
}

/** Creates a project (`POST /api/projects` body) and returns its id. */
export async function createProject(api: APIRequestContext, body: Record<string, unknown>): Promise<number> {
  const res = await api.post('/api/projects', { data: body });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

/** Creates the user and makes them a member of the project in `role`. */
export async function addMember(
  api: APIRequestContext,
  projectId: number,
  user: z.input<typeof UserCreateSchema>,
  role: ProjectRole,
): Promise<void> {
  expect((await api.post('/api/users', { data: user })).status(), `${user.username} created`).toBe(201);
  const member = await api.put(`/api/projects/${projectId}/members/${user.username}`, { data: { role } });
  expect(member.ok(), await member.text()).toBe(true);
}

/** Imports one JSONL line per object and returns the import report. */
export async function importJsonl(
  api: APIRequestContext,
  projectId: number,
  lines: readonly object[],
): Promise<ImportResult> {
  const res = await api.post(`/api/projects/${projectId}/import?format=jsonl`, {
    headers: { 'content-type': 'application/x-ndjson' },
    data: lines.map((l) => JSON.stringify(l)).join('\n'),
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ImportResultSchema.parse(await res.json());
}

/**
 * Drags the mouse over the first occurrence of `text` in the text document under `root` (the
 * whole page unless a screen shows several documents), as a person selects words, right-to-left
 * ones included, and waits for the screen to report the selection.
 */
export async function dragSelect(page: Page, text: string, root: Page | Locator = page) {
  const box = await root.getByTestId('document').evaluate((doc, needle) => {
    const walker = document.createTreeWalker(doc, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const i = n.data.indexOf(needle);
      if (i === -1 || n.parentElement?.dataset.s === undefined) continue;
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + 1);
      const first = r.getClientRects()[0]!;
      r.setStart(n, i + needle.length - 1);
      r.setEnd(n, i + needle.length);
      const rects = r.getClientRects();
      const last = rects[rects.length - 1]!;
      const rtl = getComputedStyle(n.parentElement).direction === 'rtl';
      return {
        x1: rtl ? first.right - 1 : first.left + 1,
        y1: first.top + first.height / 2,
        x2: rtl ? last.left + 1 : last.right - 1,
        y2: last.top + last.height / 2,
      };
    }
    return null;
  }, text);
  expect(box, `"${text}" is on screen`).not.toBeNull();
  await page.mouse.move(box!.x1, box!.y1);
  await page.mouse.down();
  await page.mouse.move((box!.x1 + box!.x2) / 2, box!.y2, { steps: 5 });
  await page.mouse.move(box!.x2, box!.y2, { steps: 5 });
  await page.mouse.up();
  await expect(root.locator('.ann-status')).toContainText('Selected');
}

/** A span task (PER/LOC/ORG on p/l/o) and a required single choice (history/travel/science on 1-3): the text journeys' schema. */
export const NEWS_TASKS = [
  {
    name: 'entities',
    type: 'spans',
    labels: [
      { value: 'PER', hotkey: 'p' },
      { value: 'LOC', hotkey: 'l' },
      { value: 'ORG', hotkey: 'o' },
    ],
  },
  {
    name: 'topic',
    type: 'choices',
    required: true,
    labels: [
      { value: 'history', hotkey: '1' },
      { value: 'travel', hotkey: '2' },
      { value: 'science', hotkey: '3' },
    ],
  },
];

/**
 * The project's JSONL export (every status), each line checked against the export contract: the
 * lines in order, and the line of an item id (failing the test when it is missing).
 */
export async function exportLines(api: APIRequestContext, projectId: number) {
  const res = await api.get(`/api/projects/${projectId}/export?format=jsonl&status=all`);
  expect(res.ok()).toBe(true);
  const lines: ExportLine[] = (await res.text())
    .trim()
    .split('\n')
    .map((l) => ExportLineSchema.parse(JSON.parse(l)));
  const line = (id: string): ExportLine => {
    const found = lines.find((l) => l.id === id);
    if (!found) throw new Error(`no export line for item ${id}`);
    return found;
  };
  return { lines, line };
}
