/**
 * Import/export benchmark (not a test): `npm run bench:import`.
 *
 * Generates BENCH_ITEMS (default 1,000,000) JSONL text items of ~250 bytes, then runs three
 * phases, each in its own child process so its peak RSS is its own:
 *   ceiling  plain line splitting + JSON.parse + one prepared INSERT in 10k-row transactions into
 *            a table with the same definition and indexes as `items` (copied from sqlite_master);
 *   import   `gloss import` through the CLI's own function, into a fresh data dir;
 *   export   `gloss export --status all -o FILE` of those items.
 * Prints items/s, peak RSS and the ratio to the ceiling, next to the targets.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1_000_000);
const TARGET_RATIO = 0.6;
const TARGET_RSS_MB = 300;

interface PhaseResult {
  items: number;
  seconds: number;
  maxRssMB: number;
}

const WORDS =
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there been one all we their has would when if so no out up into more about than them can only other time new some could these two may first then do any like my now over such our man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three'.split(
    ' ',
  );

/** Deterministic text so runs compare (xorshift). */
function* lines(n: number): Generator<string> {
  let s = 0x9e3779b9;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
  for (let i = 0; i < n; i++) {
    let text = '';
    while (text.length < 180) text += `${WORDS[Math.floor(rnd() * WORDS.length)]} `;
    yield `${JSON.stringify({ id: `doc-${String(i).padStart(7, '0')}`, text: text.trimEnd(), meta: { source: 'bench', batch: i % 100 } })}\n`;
  }
}

async function generate(file: string) {
  const out = createWriteStream(file);
  let buf = '';
  for (const l of lines(ITEMS)) {
    buf += l;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

function report(r: PhaseResult) {
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
const rssMB = () => process.resourceUsage().maxRSS / 1024;

/** Phase 1: what SQLite and JSON.parse allow at best, with no checking at all. */
async function ceiling(file: string, dir: string) {
  const { openDb } = await import('../server/db/open.ts');
  const db = openDb(join(dir, 'ceiling.db'));
  const defs = db
    .prepare<[], { sql: string }>(
      "SELECT sql FROM sqlite_master WHERE tbl_name = 'items' AND sql IS NOT NULL",
    )
    .all();
  for (const { sql } of defs) {
    db.exec(
      sql
        .replace(/^CREATE TABLE items\b/, 'CREATE TABLE raw_items')
        .replace(/^CREATE (UNIQUE )?INDEX (\w+) ON items\b/, 'CREATE $1INDEX raw_$2 ON raw_items'),
    );
  }
  db.prepare("INSERT INTO projects (name, schema) VALUES ('bench', '{}')").run();
  const insert = db.prepare(
    "INSERT INTO raw_items (project_id, ext_id, kind, data, meta) VALUES (1, ?, 'text', ?, ?)",
  );
  type Line = { id: string; text: string; meta: unknown };
  const write = db.transaction((rows: Line[]) => {
    for (const o of rows) insert.run(o.id, JSON.stringify({ text: o.text }), JSON.stringify(o.meta));
  });
  const t0 = performance.now();
  const dec = new StringDecoder('utf8');
  let rest = '';
  let rows: Line[] = [];
  let n = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
    const parts = (rest + dec.write(chunk as Buffer)).split('\n');
    rest = parts.pop()!;
    for (const p of parts) {
      if (!p) continue;
      rows.push(JSON.parse(p) as Line);
      if (rows.length === 10_000) {
        write(rows);
        n += rows.length;
        rows = [];
      }
    }
  }
  if (rest) rows.push(JSON.parse(rest) as Line);
  write(rows);
  n += rows.length;
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  report({ items: n, seconds, maxRssMB: rssMB() });
}

async function openData(dir: string) {
  const { configFor } = await import('../server/cli/common.ts');
  const { createContext } = await import('../server/context.ts');
  return createContext(configFor({ data: join(dir, 'data') }));
}

/** Phase 2: the CLI's import into a fresh data dir. */
async function importPhase(file: string, dir: string) {
  const { importFile } = await import('../server/cli/io.ts');
  const { createProject } = await import('../server/workflow/projectCommands.ts');
  const { ProjectCreateSchema } = await import('../shared/api.ts');
  const ctx = await openData(dir);
  createProject(ctx, { username: 'bench', userId: null }, ProjectCreateSchema.parse({ name: 'bench' }));
  const t0 = performance.now();
  const r = await importFile(ctx, { project: 'bench', file, update: false });
  const seconds = (performance.now() - t0) / 1000;
  ctx.db.close();
  if (r.errors.length) throw new Error(`import rejected lines: ${JSON.stringify(r.errors.slice(0, 3))}`);
  report({ items: r.imported, seconds, maxRssMB: rssMB() });
}

/** Phase 3: the CLI's export of everything to a file. */
async function exportPhase(dir: string) {
  const { exportToFile } = await import('../server/cli/io.ts');
  const ctx = await openData(dir);
  const t0 = performance.now();
  const n = await exportToFile(ctx, {
    project: 'bench',
    status: 'all',
    format: 'jsonl',
    output: join(dir, 'export.jsonl'),
  });
  const seconds = (performance.now() - t0) / 1000;
  ctx.db.close();
  report({ items: n, seconds, maxRssMB: rssMB() });
}

async function child(args: string[]): Promise<PhaseResult> {
  // Each phase starts with the previous one's writes on disk, so none pays for another's.
  execFileSync('sync');
  const p = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  p.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const [code] = (await once(p, 'close')) as [number];
  if (code !== 0) throw new Error(`phase ${args[1]} failed with exit code ${code}`);
  return JSON.parse(out.trim().split('\n').pop()!) as PhaseResult;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-bench-'));
  const file = join(dir, 'items.jsonl');
  try {
    console.log(`generating ${ITEMS.toLocaleString('en')} items...`);
    await generate(file);
    const size = statSync(file).size;
    console.log(`${(size / 1e6).toFixed(0)} MB, ${Math.round(size / ITEMS)} bytes per line`);
    const ceil = await child(['--phase', 'ceiling', file, dir]);
    const imp = await child(['--phase', 'import', file, dir]);
    const exp = await child(['--phase', 'export', file, dir]);
    const rate = (r: PhaseResult) => r.items / r.seconds;
    const row = (name: string, r: PhaseResult, ratio: string, ok: string) =>
      `| ${name} | ${r.items.toLocaleString('en')} | ${r.seconds.toFixed(2)} | ${Math.round(rate(r)).toLocaleString('en')} | ${ratio} | ${r.maxRssMB.toFixed(0)} | ${ok} |`;
    const pass = (r: PhaseResult) => {
      const ratioOk = rate(r) / rate(ceil) >= TARGET_RATIO;
      const rssOk = r.maxRssMB < TARGET_RSS_MB;
      return ratioOk && rssOk
        ? 'yes'
        : `no (${[!ratioOk && 'speed', !rssOk && 'memory'].filter(Boolean).join(', ')})`;
    };
    const pct = (r: PhaseResult) => `${Math.round((rate(r) / rate(ceil)) * 100)}%`;
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    let sqlite = '';
    try {
      sqlite = execFileSync(process.execPath, ['-p', "require('better-sqlite3/package.json').version"])
        .toString()
        .trim();
    } catch {
      sqlite = '?';
    }
    console.log(`
${new Date().toISOString().slice(0, 10)}, ${cpus().length} x ${cpu}, Node ${process.version}, better-sqlite3 ${sqlite}
Targets: import and export >= ${TARGET_RATIO * 100}% of the ceiling's items/s, peak RSS < ${TARGET_RSS_MB} MB.

| phase | items | seconds | items/s | vs ceiling | peak RSS (MB) | meets targets |
|---|---:|---:|---:|---:|---:|---|
${row('ceiling: JSON.parse + INSERT, 10k-row transactions', ceil, '100%', '-')}
${row('import: `gloss import` (JSONL)', imp, pct(imp), pass(imp))}
${row('export: `gloss export --status all` (JSONL)', exp, pct(exp), pass(exp))}
`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [flag, phase, ...rest] = process.argv.slice(2);
if (flag === '--phase') {
  if (phase === 'ceiling') await ceiling(rest[0]!, rest[1]!);
  else if (phase === 'import') await importPhase(rest[0]!, rest[1]!);
  else if (phase === 'export') await exportPhase(rest[1]!);
} else {
  await main();
}
