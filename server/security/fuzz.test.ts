import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../shared/api.ts';
import type { ImportFormat, ImportItem } from '../../shared/importLine.ts';
import { type Ctx, configFromEnv, createContext } from '../context.ts';
import { backup, restore } from '../db/backup.ts';
import { contentId, importItems } from '../io/import.ts';
import { type Client, startTestServer, type TestServer } from '../testing/harness.ts';
import { testPng } from '../testing/images.ts';
import { queueProject } from '../testing/queueFixtures.ts';
import { type CraftEntry, craftZip } from './zipcraft.ts';

/**
 * Thousands of random and mutated JSONL, CSV and Label Studio JSON files through `importItems`
 * on a real SQLite file, cut into random chunks. Whatever the bytes: the import never throws,
 * every error names a line inside the file, the rows written are exactly the count reported, and
 * each row is exactly one good line of the source (so no part of a bad line is ever stored).
 * Backup archives get the same treatment through `restore`.
 */

let dir: string;
let ctx: Ctx;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-fuzz-'));
  // Short lines keep the "longer than the limit" path in play.
  ctx = createContext({ ...configFromEnv({}, join(dir, 'data')), maxLineBytes: 2048 });
});
afterAll(() => {
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

let projects = 0;
const newProject = () => queueProject(ctx, { name: `fuzz ${++projects}`, schema: { tasks: [] } });

interface Row {
  ext_id: string;
  kind: string;
  data: string;
  tags: string | null;
}
const rowsOf = (projectId: number) =>
  ctx.db.prepare('SELECT ext_id, kind, data, tags FROM items WHERE project_id = ?').all(projectId) as Row[];

/** Cuts bytes at the given fractions: readers must not care where chunks end. */
function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of [...at, bytes.length]) {
    if (c > prev) out.push(bytes.subarray(prev, c));
    prev = Math.max(prev, c);
  }
  return out;
}

async function run(bytes: Buffer, cuts: number[], format?: ImportFormat) {
  const project = newProject();
  const result = await importItems(ctx, {
    project,
    source: Readable.from(chunked(bytes, cuts)),
    format,
    update: false,
    actor: { username: 'fuzz' },
  });
  return { result, rows: rowsOf(project.id) };
}

/** What holds for any input at all. */
function invariants(bytes: Buffer, result: ImportResult, rows: Row[]) {
  const lineCount = bytes.filter((b) => b === 0x0a).length + 1;
  expect(rows.length).toBe(result.imported);
  expect(result.updated).toBe(0);
  expect(result.duplicates).toBe(0);
  for (const e of result.errors) {
    expect(Number.isInteger(e.line)).toBe(true);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.line).toBeLessThanOrEqual(lineCount);
    expect(e.message.length).toBeGreaterThan(0);
  }
  expect(new Set(rows.map((r) => r.ext_id)).size).toBe(rows.length);
}

// ---------------------------------------------------------------------------------------------
// Generators

const text = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.constantFrom('Ada', '👩‍👩‍👧 שלום', 'e\u0301', 'a\r\nb', '"quoted"', '=SUM(A1)', '\u0000nul', '\ud800'),
);
const id = fc.oneof(
  fc.integer({ min: -5, max: 50 }),
  fc.string({ minLength: 1, maxLength: 6 }),
  fc.constantFrom(null, Number.MAX_VALUE, 2 ** 60, 1.5, '', -0, 'x'.repeat(600)),
);
/** Nesting up to and past the importer's limit. */
const nested = fc
  .integer({ min: 1, max: 160 })
  .map((depth) => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`) as unknown);
const garbage = fc.oneof(fc.jsonValue({ maxDepth: 4 }), nested, fc.constantFrom(1e308, -1e308, 0.1, true));
const line = fc.oneof(
  { weight: 6, arbitrary: fc.record({ id, text }, { requiredKeys: ['text'] }) },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        id,
        text: fc.oneof(text, garbage),
        image: fc.constantFrom('a.png', '../x.png', 'http://127.0.0.1:1/x.png'),
        meta: fc.oneof(fc.dictionary(fc.string({ maxLength: 5 }), garbage, { maxKeys: 3 }), garbage),
        tags: fc.oneof(fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }), garbage),
        predictions: fc.oneof(fc.array(garbage, { maxLength: 2 }), garbage),
        gold: garbage,
        extra: garbage,
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ id, data: fc.record({ text }) }) },
  { weight: 1, arbitrary: garbage },
);
/** A line as written: JSON, or JSON cut short, or plain noise. */
const rawLine = fc.oneof(
  { weight: 8, arbitrary: line.map((v) => JSON.stringify(v) ?? 'null') },
  {
    weight: 2,
    arbitrary: fc.tuple(line, fc.double({ min: 0, max: 1, noNaN: true })).map(([v, f]) => {
      const s = JSON.stringify(v) ?? 'null';
      return s.slice(0, Math.floor(s.length * f));
    }),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '   ',
      '{"text":"',
      '123456789012345678901234567890',
      '{}',
      '{"id":1e400,"text":"huge id"}',
      '{"id":123456789012345678901234567890,"text":"long id"}',
      '{"id":-1e-400,"text":"tiny id"}',
      '{"text":"dup","id":"1","id":"2"}',
      '{"text":"\\ud800 escaped surrogate"}',
    ),
  },
  { weight: 1, arbitrary: fc.constant(`{"text":"${'x'.repeat(3000)}"}`) },
);
const jsonlFile = fc
  .record({
    lines: fc.array(rawLine, { maxLength: 25 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    trailing: fc.boolean(),
  })
  .map(({ lines, crlf, bom, trailing }) => {
    const body = lines.join(crlf ? '\r\n' : '\n') + (trailing ? '\n' : '');
    return Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(body)]);
  });

type Mutation = { at: number; kind: number; byte: number; len: number };
const mutation = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  kind: fc.integer({ min: 0, max: 5 }),
  byte: fc.integer({ min: 0, max: 255 }),
  len: fc.integer({ min: 1, max: 12 }),
});
/** Byte-level damage: flips, inserted bytes and newlines, invalid UTF-8, cut and doubled ranges. */
function mutate(bytes: Buffer, ms: Mutation[]): Buffer {
  let b = bytes;
  for (const m of ms) {
    const at = Math.floor(m.at * b.length);
    switch (m.kind) {
      case 0:
        if (b.length) b = Buffer.concat([b.subarray(0, at), Buffer.from([m.byte]), b.subarray(at + 1)]);
        break;
      case 1:
        b = Buffer.concat([b.subarray(0, at), Buffer.from([m.byte]), b.subarray(at)]);
        break;
      case 2:
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
        break;
      case 3:
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + m.len), b.subarray(at)]);
        break;
      case 4:
        b = Buffer.concat([b.subarray(0, at), Buffer.from([0x0a]), b.subarray(at)]);
        break;
      case 5:
        b = Buffer.concat([
          b.subarray(0, at),
          Buffer.from([0xff, 0xc0, 0x80, 0xed, 0xa0, 0x80]),
          b.subarray(at),
        ]);
        break;
    }
  }
  return b;
}
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });
const mutations = fc.array(mutation, { maxLength: 6 });

// ---------------------------------------------------------------------------------------------
// JSONL: an exact oracle, since lines are cut on 0x0A whatever they hold.

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const textItem = (text: string): ImportItem => ({
  extId: null,
  kind: 'text',
  data: { text },
  meta: null,
  tags: null,
  predictions: null,
  gold: null,
});

/** The item a good line must have become: its external id and its text. */
function expectedItem(value: unknown): { extId: string; text: string } | null {
  if (!isPlain(value)) return null;
  const src = !('text' in value) && !('image' in value) && isPlain(value.data) ? value.data : value;
  if (typeof src.text !== 'string') return null;
  const extId =
    value.id === null || value.id === undefined ? contentId(textItem(src.text)) : String(value.id);
  return { extId, text: src.text };
}

function checkJsonl(bytes: Buffer, result: ImportResult, rows: Row[]) {
  invariants(bytes, result, rows);
  const errorLines = new Set(result.errors.map((e) => e.line));
  expect(errorLines.size, 'at most one error per line').toBe(result.errors.length);
  const byExtId = new Map(rows.map((r) => [r.ext_id, r]));
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let good = 0;
  for (let n = 1; start <= bytes.length; n++) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const raw = bytes.subarray(start, end > start && bytes[end - 1] === 0x0d ? end - 1 : end);
    start = end + 1;
    let value: unknown;
    let parsed = false;
    let decoded: string | null = null;
    try {
      decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw);
      value = JSON.parse(decoded);
      parsed = true;
    } catch {
      // A line of only whitespace (in the sense of String.trim) is a blank line, skipped.
      if (decoded?.trim() !== '')
        expect(errorLines.has(n), `line ${n} cannot be read, so it is an error`).toBe(true);
    }
    if (!parsed || errorLines.has(n)) continue;
    const item = expectedItem(value);
    expect(item, `line ${n} was accepted, so it is a text item: ${raw.toString()}`).not.toBeNull();
    const row = byExtId.get(item!.extId);
    expect(row, `line ${n}: a row with id ${item!.extId}`).toBeDefined();
    expect(row!.kind).toBe('text');
    expect(JSON.parse(row!.data)).toEqual({ text: item!.text });
    good++;
  }
  // Every row is one good line: nothing else, and nothing from a bad line, was written.
  expect(rows.length).toBe(good);
}

describe('fuzzing the importers', () => {
  it('JSONL: random and mutated files, any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(jsonlFile, mutations, cuts, async (file, ms, cs) => {
        const bytes = mutate(file, ms);
        const { result, rows } = await run(bytes, cs, 'jsonl');
        checkJsonl(bytes, result, rows);
      }),
      { numRuns: 3000 },
    );
  });

  it('any bytes with no format given: never throws, counts and line numbers hold', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
      fc.tuple(jsonlFile, mutations).map(([f, ms]) => mutate(Buffer.concat([Buffer.from('['), f]), ms)),
      fc
        .tuple(jsonlFile, mutations)
        .map(([f, ms]) => mutate(Buffer.concat([Buffer.from('id,text\n'), f]), ms)),
    );
    await fc.assert(
      fc.asyncProperty(bytes, cuts, async (b, cs) => {
        const { result, rows } = await run(b, cs);
        invariants(b, result, rows);
      }),
      { numRuns: 1500 },
    );
  });

  it('CSV: generated records import exactly; mutated ones keep the invariants', async () => {
    const field = fc.oneof(
      text,
      fc.string({ maxLength: 8 }),
      fc.constantFrom('', ',', '"', '""', '\r\n', '\n'),
    );
    const csv = fc
      .record({
        records: fc.array(
          fc.record({ id: fc.oneof(fc.constant(''), fc.nat(30).map(String)), text, other: field }),
          {
            maxLength: 15,
          },
        ),
        crlf: fc.boolean(),
      })
      .map(({ records, crlf }) => {
        const cell = (v: string) => (/[",\r\n]/.test(v) || v === '' ? `"${v.replaceAll('"', '""')}"` : v);
        const nl = crlf ? '\r\n' : '\n';
        const body = `id,text,other${nl}${records.map((r) => [r.id, cell(r.text), cell(r.other)].join(',')).join(nl)}${nl}`;
        return { records, bytes: Buffer.from(body) };
      });
    await fc.assert(
      fc.asyncProperty(csv, mutations, cuts, fc.boolean(), async ({ records, bytes }, ms, cs, damage) => {
        const input = damage ? mutate(bytes, ms) : bytes;
        const { result, rows } = await run(input, cs, 'csv');
        invariants(input, result, rows);
        const source = input.toString('utf8');
        for (const r of rows) {
          const stored = (JSON.parse(r.data) as { text: string }).text;
          expect(source.includes(stored) || source.includes(stored.replaceAll('"', '""'))).toBe(true);
        }
        if (damage) return;
        // Undamaged: every record whose text is valid and whose id is new went in, exactly.
        const seen = new Set<string>();
        const want = new Map<string, string>();
        for (const r of records) {
          // As written to the file: a lone surrogate became U+FFFD.
          const written = Buffer.from(r.text).toString();
          const extId = r.id || contentId(textItem(written));
          if (seen.has(extId)) continue;
          seen.add(extId);
          want.set(extId, written);
        }
        const got = new Map(rows.map((r) => [r.ext_id, (JSON.parse(r.data) as { text: string }).text]));
        for (const [extId, t] of got) expect(want.get(extId), extId).toBe(t);
      }),
      { numRuns: 1500 },
    );
  });

  it('Label Studio JSON: generated task arrays import exactly; mutated ones keep the invariants', async () => {
    const task = fc.record({
      id: fc.nat(40),
      data: fc.record({ text, extra: fc.string({ maxLength: 5 }) }),
      annotations: fc.constantFrom(
        [],
        [{ result: [{ from_name: 'topic', type: 'choices', value: { choices: ['a'] } }] }],
        [{ result: [{ from_name: 'x', type: 'bogus', value: {} }] }],
        [{ result: 'garbage' }],
      ),
    });
    const file = fc
      .tuple(fc.array(task, { maxLength: 12 }), fc.constantFrom(0, 2))
      .map(([tasks, indent]) => ({ tasks, bytes: Buffer.from(JSON.stringify(tasks, null, indent)) }));
    await fc.assert(
      fc.asyncProperty(file, mutations, cuts, fc.boolean(), async ({ tasks, bytes }, ms, cs, damage) => {
        const input = damage ? mutate(bytes, ms) : bytes;
        const { result, rows } = await run(input, cs, 'json');
        invariants(input, result, rows);
        if (damage) return;
        const byId = new Map(rows.map((r) => [r.ext_id, (JSON.parse(r.data) as { text: string }).text]));
        // The first good task of each id is the one kept; the bad ones are the two broken results.
        const firstOf = new Map<string, string>();
        for (const t of tasks) {
          const results = (t.annotations as unknown as { result: unknown }[]).map((a) => a.result);
          const bad = results.some(
            (r) => !Array.isArray(r) || r.some((x: { type: string }) => x.type === 'bogus'),
          );
          if (!bad && !firstOf.has(String(t.id))) firstOf.set(String(t.id), t.data.text);
        }
        expect(byId).toEqual(firstOf);
      }),
      { numRuns: 1500 },
    );
  });

  it('a file of one or two stray bytes is reported, not silently taken as empty', async () => {
    for (const bytes of [[0xef], [0xef, 0xbb], [0x20, 0xef]]) {
      const { result, rows } = await run(Buffer.from(bytes), [], 'jsonl');
      expect(rows).toEqual([]);
      expect(result.errors).toEqual([{ line: 1, message: expect.stringMatching(/UTF-8|JSON/) }]);
    }
  });

  it('a line nested 100,000 deep is one bad line; the lines around it still go in', async () => {
    const deep = `${'{"a":['.repeat(100_000)}1${']}'.repeat(100_000)}`;
    for (const bad of [`{"text":"x","meta":${deep}}`, `{"text":"y","gold":{"t":${deep}}}`, deep]) {
      const bytes = Buffer.from(`{"text":"before"}\n${bad}\n{"text":"after"}\n`);
      const { result, rows } = await run(bytes, [], 'jsonl');
      expect(result.imported).toBe(2);
      expect(result.errors).toEqual([{ line: 2, message: expect.any(String) }]);
      expect(rows.map((r) => JSON.parse(r.data).text)).toEqual(['before', 'after']);
    }
  });
});

describe('fuzzing backup archives', () => {
  it('mutated backups are restored or refused, never crash, hang or write outside their folder', async () => {
    const source = join(dir, 'source');
    mkdirSync(join(source, 'media', 'ab'), { recursive: true });
    writeFileSync(join(source, 'media', 'ab', 'cdef'), 'image bytes');
    const good = join(dir, 'good.zip');
    await backup(ctx.db, source, good);
    const zip = readFileSync(good);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(mutations, async (ms) => {
        const root = join(dir, `restore-${++n}`);
        mkdirSync(root);
        const file = join(root, 'in.zip');
        writeFileSync(file, mutate(zip, ms));
        const outcome = await Promise.race([
          restore(file, join(root, 'data')).then(
            () => 'restored',
            (e: unknown) => (e instanceof Error ? 'refused' : `threw a non-error: ${String(e)}`),
          ),
          new Promise<string>((r) => setTimeout(() => r('hung'), 10_000)),
        ]);
        expect(['restored', 'refused']).toContain(outcome);
        expect(readdirSync(root).sort()).toEqual(
          readdirSync(root).includes('data') ? ['data', 'in.zip'] : ['in.zip'],
        );
        rmSync(root, { recursive: true, force: true });
      }),
      { numRuns: 300 },
    );
  });
});

describe('fuzzing image zips through the upload route', () => {
  let t: TestServer;
  let admin: Client;
  beforeAll(async () => {
    t = await startTestServer({ config: { maxZipEntries: 50, maxUnzippedBytes: 2 * 1024 * 1024 } });
    admin = await t.as('admin');
  });
  afterAll(() => t.close());

  /** Every file under the data dir, relative to it. */
  function dataFiles(): string[] {
    const root = t.ctx.config.dataDir;
    const out: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else out.push(relative(root, p));
      }
    };
    walk(root);
    return out;
  }

  const png = (n: number) => testPng(4 + (n % 5), 4 + (n % 3), [n * 40, 80, 200 - n * 30]);
  const entry = fc.oneof(
    fc.nat(5).map((n): CraftEntry => ({ name: `img/${n}.png`, data: png(n) })),
    fc.nat(5).map((n): CraftEntry => ({ name: `${n}.jpg`, data: png(n) })),
    fc.constantFrom<CraftEntry>(
      { name: 'tasks.jsonl', data: '{"id":"a","image":"img/1.png"}\n{"id":"b","image":"../img/2.png"}\n' },
      { name: '../escape.png', data: png(1) },
      { name: '/abs.png', data: png(2) },
      { name: 'img\\..\\..\\win.png', data: png(3) },
      { name: 'C:/drive.png', data: png(4) },
      { name: 'link.png', data: '/etc/passwd', symlink: true },
      { name: 'dir/', data: '' },
      { name: '.hidden.png', data: png(0) },
      { name: 'notes.txt', data: 'hello' },
      { name: 'fake.png', data: 'not a png at all' },
    ),
  );

  it('mutated zips are imported or refused with a 4xx/200, never 5xx, leaving only media files', async () => {
    const before = new Set(dataFiles());
    await fc.assert(
      fc.asyncProperty(
        fc.array(entry, { minLength: 1, maxLength: 8 }),
        mutations,
        fc.boolean(),
        async (es, ms, damage) => {
          const p = (await admin.post('/api/projects', { name: 'zips' })).json.id as unknown as number;
          const zip = craftZip(es);
          const body = damage ? mutate(zip, ms) : zip;
          const itemsBefore = t.ctx.db
            .prepare('SELECT count(*) FROM items WHERE project_id = ?')
            .pluck()
            .get(p) as number;
          const res = await admin.request(
            'POST',
            `/api/projects/${p}/import?filename=fuzz.zip`,
            new Uint8Array(body),
          );
          expect(res.status, res.text).toBeLessThan(500);
          const itemsAfter = t.ctx.db
            .prepare('SELECT count(*) FROM items WHERE project_id = ?')
            .pluck()
            .get(p) as number;
          if (res.status === 200) {
            const r = res.json as unknown as ImportResult;
            expect(itemsAfter - itemsBefore).toBe(r.imported);
            for (const e of r.errors) expect(e.line).toBeGreaterThanOrEqual(0);
          } else {
            expect(itemsAfter).toBe(itemsBefore);
          }
          // Nothing but content-addressed media files appears, and the spooled upload is gone.
          for (const f of dataFiles()) {
            if (before.has(f)) continue;
            expect(f).toMatch(/^(gloss\.db(-wal|-shm)?|media\/[0-9a-f]{2}\/[0-9a-f]{64})$/);
          }
          expect(readdirSync(t.dir).sort()).toEqual(['data']);
        },
      ),
      { numRuns: 400 },
    );
    // Every image item points at a stored file.
    const rows = t.ctx.db
      .prepare("SELECT m.sha256 FROM items i JOIN media m ON m.id = json_extract(i.data, '$.mediaId')")
      .pluck()
      .all() as string[];
    const images = t.ctx.db
      .prepare("SELECT count(*) FROM items WHERE kind = 'image'")
      .pluck()
      .get() as number;
    expect(rows.length).toBe(images);
    expect(images).toBeGreaterThan(50);
    for (const sha of rows) expect(dataFiles()).toContain(join('media', sha.slice(0, 2), sha));
  });
});
