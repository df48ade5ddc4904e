import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const GLOSS = join(import.meta.dirname, '..', '..', 'bin', 'gloss.js');
let dir: string;

/** Runs `gloss` for real, as a user would, against a data dir of its own. */
function gloss(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [GLOSS, ...args, '--data', join(dir, 'data')],
      { cwd: dir },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-cli-'));
  expect((await gloss('project', 'create', '--name', 'notes')).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gloss import / export', () => {
  it('exits 1 when a line is rejected, listing it; 0 when all went in; 2 for usage errors', async () => {
    writeFileSync(join(dir, 'bad.jsonl'), '{"id": 1, "text": "a"}\n{oops\n');
    const bad = await gloss('import', '--project', 'notes', 'bad.jsonl');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^imported 1, updated 0, duplicates 0, errors 1\nline 2: invalid JSON/);

    writeFileSync(join(dir, 'good.csv'), 'id,text\n2,"b, with a comma"\n');
    const good = await gloss('import', '--project', 'notes', 'good.csv');
    expect(good.code).toBe(0);
    expect(good.stdout).toBe('imported 1, updated 0, duplicates 0, errors 0\n');

    expect((await gloss('import', '--project', 'nope', 'good.csv')).code).toBe(2);
    expect((await gloss('import', '--project', 'notes', 'missing.jsonl')).code).toBe(2);
    expect((await gloss('import', '--project', 'notes', '.')).stderr).toMatch(/is a folder/);
  });

  it('exports to standard output or to a file', async () => {
    const out = await gloss('export', '--project', 'notes', '--status', 'all');
    expect(out.code).toBe(0);
    expect(
      out.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { data: { text: string } }).data.text),
    ).toEqual(['a', 'b, with a comma']);
    const file = await gloss(
      'export',
      '--project',
      'notes',
      '--status',
      'all',
      '--format',
      'csv',
      '-o',
      'out.csv',
    );
    expect(file.code).toBe(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('id,text\r\n1,a\r\n2,"b, with a comma"\r\n');
    expect((await gloss('export', '--project', 'notes', '--format', 'xml')).code).toBe(2);
  });
});
