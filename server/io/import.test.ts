import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectCreateSchema } from '../../shared/api.ts';
import type { ImportFormat } from '../../shared/importLine.ts';
import { type Ctx, configFromEnv, createContext } from '../context.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { createProject } from '../workflow/projectCommands.ts';
import { contentId, importItems, MAX_LISTED_ERRORS } from './import.ts';

let dir: string;
let ctx: Ctx;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-import-'));
  ctx = createContext(configFromEnv({}, dir));
});
afterAll(() => {
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

const newProject = () =>
  createProject(ctx, { username: 'test', userId: null }, ProjectCreateSchema.parse({ name: `p${++n}` }));

type Content = string | Buffer | Buffer[];
const chunks = (c: Content) => (Array.isArray(c) ? c : [Buffer.from(c)]);
/** Every byte its own chunk: the hardest split for a reader. */
const byteByByte = (c: string) => [...Buffer.from(c)].map((b) => Buffer.from([b]));

function run(
  project: ProjectRecord,
  content: Content,
  o: { update?: boolean; format?: ImportFormat; filename?: string } = {},
) {
  return importItems(ctx, {
    project,
    source: Readable.from(chunks(content)),
    update: o.update ?? false,
    format: o.format,
    filename: o.filename,
    actor: { username: 'tester' },
  });
}

/** What the project holds, in import order, read back through the exporter's store call. */
function stored(project: ProjectRecord): { id: string; text?: string; image?: string; meta?: unknown }[] {
  return ctx.items.exportPage(project.id, {}, 0, 10_000).map((r) => ({
    id: r.ext_id,
    ...(JSON.parse(r.data) as { text?: string; image?: string }),
    ...(r.meta ? { meta: JSON.parse(r.meta) as unknown } : {}),
  }));
}

const line = (o: unknown) => JSON.stringify(o);

describe('JSONL import', () => {
  it('accepts a BOM, CRLF, blank lines and a last line without newline, keeping text byte for byte', async () => {
    const texts = [
      '  leading and trailing spaces  ',
      'emoji 👩‍👩‍👧 and 🇫🇷',
      'combining: e\u0301 a\u0308 n\u0303',
      'RTL: שלום עולם, مرحبا بالعالم',
      'inner line ends: one\r\ntwo\nthree\r',
      '日本語のテキスト',
    ];
    const p = newProject();
    const body = `\uFEFF${texts.map((t, i) => line({ id: i, text: t })).join('\r\n\r\n   \r\n')}`;
    const r = await run(p, body);
    expect(r).toEqual({ imported: 6, updated: 0, duplicates: 0, errors: [], errorsTruncated: false });
    expect(stored(p).map((s) => s.text)).toEqual(texts);
  });

  it('reports every bad line with its number and reason, and imports the good ones', async () => {
    const p = newProject();
    const body = [
      line({ id: 'a', text: 'good' }),
      '{"id": "b", "text": ',
      '[1, 2]',
      line({ id: 'c' }),
      line({ id: 'd', text: 7 }),
      line({ id: 'e', text: 'x', image: 'y.png' }),
      line({ id: 'f', text: 'x', meta: 'no' }),
      line({ id: 'g', text: 'x', tags: [1] }),
      line({ id: 'h', text: 'x', predictions: 'no' }),
      '',
      line({ id: 'a', text: 'again' }),
      line({ text: 'same' }),
      line({ text: 'same' }),
      line({ id: 'i', text: 'also good', extra: { k: 1 } }),
    ].join('\n');
    const r = await run(p, body);
    expect(r.imported).toBe(3);
    expect(r.errors).toEqual([
      { line: 2, message: expect.stringMatching(/^invalid JSON: /) },
      { line: 3, message: 'not a JSON object (got an array)' },
      { line: 4, message: 'missing "text" (or "image")' },
      { line: 5, message: '"text" must be a string (got a number)' },
      { line: 6, message: 'has both "text" and "image": give one' },
      { line: 7, message: '"meta" must be an object (got a string)' },
      { line: 8, message: '"tags[0]" must be a string (got a number)' },
      { line: 9, message: '"predictions" must be an array (got a string)' },
      { line: 11, message: 'duplicate id "a": it appears earlier in this file' },
      {
        line: 13,
        message: expect.stringMatching(/^the same text as an earlier line .*content hash [0-9a-f]{16}/),
      },
    ]);
    expect(stored(p)).toEqual([
      { id: 'a', text: 'good' },
      { id: contentId({ data: { text: 'same' } } as Parameters<typeof contentId>[0]), text: 'same' },
      { id: 'i', text: 'also good', meta: { extra: { k: 1 } } },
    ]);
  });

  it('reports a line over the limit without keeping it, even when it spans chunks', async () => {
    const p = newProject();
    const max = ctx.config.maxLineBytes;
    ctx.config.maxLineBytes = 100;
    try {
      const long = line({ id: 'long', text: 'x'.repeat(300) });
      const body = `${line({ id: 1, text: 'ok' })}\n${long}\n${line({ id: 2, text: 'ok too' })}\n${long}`;
      const r = await run(p, byteByByte(body));
      expect(r.imported).toBe(2);
      expect(r.errors.map((e) => e.line)).toEqual([2, 4]);
      expect(r.errors[0]!.message).toMatch(/longer than the limit of 100 bytes per line/);
    } finally {
      ctx.config.maxLineBytes = max;
    }
  });

  it('reports bytes that are not UTF-8', async () => {
    const p = newProject();
    const bad = Buffer.concat([Buffer.from('{"text": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]);
    const r = await run(p, [Buffer.from(`${line({ text: 'fine' })}\n`), bad]);
    expect(r.imported).toBe(1);
    expect(r.errors).toEqual([{ line: 2, message: 'is not valid UTF-8 (save the file as UTF-8)' }]);
  });

  it('gives a line without id the hash of its content, so importing a file twice adds nothing', async () => {
    const p = newProject();
    const body = `${line({ text: 'alpha' })}\n${line({ text: 'beta' })}\n`;
    expect((await run(p, body)).imported).toBe(2);
    expect(await run(p, body)).toMatchObject({ imported: 0, duplicates: 2, errors: [] });
    expect(stored(p)[0]!.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('leaves ids already in the project alone, or replaces their data with update', async () => {
    const p = newProject();
    await run(p, `${line({ id: 1, text: 'one', tags: ['old'] })}\n${line({ id: 2, text: 'two' })}\n`);
    const again = `${line({ id: 1, text: 'ONE', tags: ['new', 'fresh'], meta: { v: 2 } })}\n${line({ id: 3, text: 'three' })}\n`;
    expect(await run(p, again)).toMatchObject({ imported: 1, duplicates: 1, updated: 0 });
    expect(stored(p)[0]).toEqual({ id: '1', text: 'one' });
    expect(await run(p, again, { update: true })).toMatchObject({ imported: 0, duplicates: 0, updated: 2 });
    expect(stored(p)).toEqual([
      { id: '1', text: 'ONE', meta: { v: 2 } },
      { id: '2', text: 'two' },
      { id: '3', text: 'three' },
    ]);
    const tags = ctx.db
      .prepare('SELECT tag FROM item_tags WHERE project_id = ? ORDER BY tag')
      .pluck()
      .all(p.id) as string[];
    expect(tags).toEqual(['fresh', 'new']);
  });

  it('lists the first errors only and says more were left out', async () => {
    const p = newProject();
    const r = await run(p, `${'nope\n'.repeat(MAX_LISTED_ERRORS + 5)}${line({ text: 'last' })}`);
    expect(r.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(r.errorsTruncated).toBe(true);
    expect(r.imported).toBe(1);
  });

  it('stops at the item limit with an error on the first line past it', async () => {
    const p = newProject();
    const max = ctx.config.maxImportItems;
    ctx.config.maxImportItems = 3;
    try {
      const body = [1, 2, 3, 4, 5].map((i) => line({ id: i, text: `t${i}` })).join('\n');
      const r = await run(p, body);
      expect(r.imported).toBe(3);
      expect(r.errors).toEqual([{ line: 4, message: expect.stringMatching(/at most 3 items/) }]);
    } finally {
      ctx.config.maxImportItems = max;
    }
  });

  it('records an audit event with the counts', async () => {
    const p = newProject();
    await run(p, `${line({ id: 1, text: 'x' })}\nbad\n`, { filename: 'notes.jsonl' });
    const [event] = ctx.audit.list({ action: 'import', projectId: p.id, limit: 5 });
    expect(event).toMatchObject({
      actor: 'tester',
      detail: { format: 'jsonl', file: 'notes.jsonl', imported: 1, updated: 0, duplicates: 0, errors: 1 },
    });
  });
});

describe('Label Studio JSON import', () => {
  it('reads each element, with the line it starts on', async () => {
    const p = newProject();
    const body = `\uFEFF[
  {
    "id": 1,
    "data": {"text": "brackets ] } [ { and \\"quotes\\" inside", "source": "ls"},
    "predictions": [{"model_version": "m1", "result": [
      {"from_name": "ner", "to_name": "text", "type": "labels",
       "value": {"start": 0, "end": 8, "text": "brackets", "labels": ["X"]}}]}]
  },
  {"text": "the object itself is the data"},
  42,
  {"data": {"image": "a.png"}},
  {"data": {"text": 5}}
]
`;
    const r = await run(p, body);
    expect(r.imported).toBe(2);
    expect(r.errors).toEqual([
      { line: 10, message: 'not a JSON object (got a number)' },
      // An image line needs its image: uploaded, in the same archive, or under GLOSS_IMPORT_ROOTS.
      { line: 11, message: expect.stringMatching(/^image "a.png" was not found/) },
      { line: 12, message: '"text" must be a string (got a number)' },
    ]);
    expect(stored(p)[0]).toEqual({
      id: '1',
      text: 'brackets ] } [ { and "quotes" inside',
      meta: { source: 'ls' },
    });
    const preds = ctx.db.prepare('SELECT predictions FROM items WHERE project_id = ? AND ext_id = ?').pluck();
    expect(JSON.parse(preds.get(p.id, '1') as string)).toEqual([
      { model: 'm1', labels: { ner: [{ start: 0, end: 8, label: 'X', text: 'brackets' }] } },
    ]);
  });

  it('reports a file that is not one array, or that ends too early', async () => {
    const p = newProject();
    expect((await run(p, '{"text": "a"}', { format: 'json' })).errors).toEqual([
      { line: 1, message: expect.stringMatching(/must hold one array/) },
    ]);
    const cut = await run(p, '[{"text": "kept"},\n{"text": "cut');
    expect(cut.imported).toBe(1);
    expect(cut.errors).toEqual([{ line: 2, message: expect.stringMatching(/ends inside this element/) }]);
    const tail = await run(p, '[{"text": "b"}]\n\n{"text": "c"}');
    expect(tail.imported).toBe(1);
    expect(tail.errors).toEqual([{ line: 3, message: 'unexpected content after the end of the JSON array' }]);
  });

  it('reports an empty element, where JSON Lines skips a blank line', async () => {
    const p = newProject();
    const r = await run(p, '[{"text": "a"},\n ,{"text": "b"}]');
    expect(r.imported).toBe(2);
    expect(r.errors).toEqual([{ line: 2, message: expect.stringMatching(/^invalid JSON: /) }]);
  });
});

describe('CSV import', () => {
  it('reads quoted newlines and quotes exactly, puts other columns into meta, numbers records by their first line', async () => {
    const p = newProject();
    const body =
      '\uFEFFid,text,source\r\n' +
      '1,"first line\r\nsecond line, with a comma",web\r\n' +
      '\r\n' +
      '2,"she said ""hi""",book\r\n' +
      '3,"two\nlines" x,bad\r\n' +
      '4,short\r\n' +
      ',no id here,forum\r\n' +
      '5,unquoted "quotes" stay,mail';
    const r = await run(p, body, { format: 'csv' });
    expect(r.errors).toEqual([
      { line: 6, message: expect.stringMatching(/a quoted field must end at a comma or a line end/) },
      { line: 8, message: 'has 2 fields but the header has 3' },
    ]);
    expect(stored(p)).toEqual([
      { id: '1', text: 'first line\r\nsecond line, with a comma', meta: { source: 'web' } },
      { id: '2', text: 'she said "hi"', meta: { source: 'book' } },
      { id: expect.stringMatching(/^[0-9a-f]{16}$/), text: 'no id here', meta: { source: 'forum' } },
      { id: '5', text: 'unquoted "quotes" stay', meta: { source: 'mail' } },
    ]);
  });

  it('reads the same byte by byte', async () => {
    const body = 'text,lang\n"é\r\n😀",fr\nplain,en\n';
    const a = newProject();
    const b = newProject();
    expect(await run(a, body, { format: 'csv' })).toEqual(await run(b, byteByByte(body), { format: 'csv' }));
    expect(stored(a)).toHaveLength(2);
    expect(stored(a).map(({ id: _, ...rest }) => rest)).toEqual(stored(b).map(({ id: _, ...rest }) => rest));
  });

  it('needs a text column, and reports an unclosed quote', async () => {
    const p = newProject();
    expect(await run(p, 'id,body\n1,hello\n', { format: 'csv' })).toMatchObject({
      imported: 0,
      errors: [{ line: 1, message: 'the CSV header must have a "text" column (it has: id, body)' }],
    });
    const r = await run(p, 'text\nfine\n"never closed\nmore', { filename: 'f.csv' });
    expect(r.imported).toBe(1);
    expect(r.errors).toEqual([
      { line: 3, message: 'a quoted field is not closed before the end of the file' },
    ]);
  });
});

describe('format detection', () => {
  it('goes by the name or type for CSV and by the first character for JSON and JSONL', async () => {
    const p = newProject();
    expect((await run(p, 'text\nfrom a csv\n', { filename: 'x.CSV' })).imported).toBe(1);
    expect((await run(p, `${line({ text: 'jsonl named json' })}\n`, { filename: 'x.json' })).imported).toBe(
      1,
    );
    expect((await run(p, `  \n[${line({ text: 'array' })}]`, { filename: 'x.jsonl' })).imported).toBe(1);
    expect((await run(p, `${line({ text: 'no hint at all' })}\n`)).imported).toBe(1);
    const csv = await importItems(ctx, {
      project: p,
      source: Readable.from([Buffer.from('text\nby content type\n')]),
      contentType: 'text/csv; charset=utf-8',
      update: false,
      actor: { username: 'tester' },
    });
    expect(csv.imported).toBe(1);
  });

  it('reads JSONL and a JSON array the same in one chunk or byte by byte', async () => {
    for (const body of [
      `\uFEFF${line({ id: 1, text: 'a😀' })}\r\n${line({ id: 2, text: 'ü' })}`,
      `\uFEFF[${line({ id: 1, text: 'a😀' })},\n ${line({ id: 2, text: 'ü' })}]`,
    ]) {
      const a = newProject();
      const b = newProject();
      expect(await run(a, body)).toEqual(await run(b, byteByByte(body)));
      expect(stored(a)).toEqual(stored(b));
      expect(stored(a)).toHaveLength(2);
    }
  });
});
