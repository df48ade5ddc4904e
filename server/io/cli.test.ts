import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip, testPng } from '../testing/images.ts';

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

  it('imports a folder of images (refusing links) and a zip, and exports COCO and a YOLO zip', async () => {
    const schema = { tasks: [{ name: 'objects', type: 'boxes', labels: [{ value: 'car' }] }] };
    writeFileSync(join(dir, 'schema.json'), JSON.stringify(schema));
    expect((await gloss('project', 'create', '--name', 'street', '--schema', 'schema.json')).code).toBe(0);
    const photos = join(dir, 'photos');
    mkdirSync(join(photos, 'day'), { recursive: true });
    writeFileSync(join(photos, 'day', 'a.png'), testPng(30, 20));
    writeFileSync(join(photos, 'b.png'), testPng(10, 10, [1, 2, 3]));
    symlinkSync('/etc/passwd', join(photos, 'link.png'));
    const folder = await gloss('import', '--project', 'street', 'photos');
    expect(folder.stdout).toBe(
      'imported 2, updated 0, duplicates 0, errors 1\nphotos: "link.png" is a symbolic link: refused\n',
    );
    expect(folder.code).toBe(1);
    writeFileSync(join(dir, 'more.zip'), await makeZip([{ name: 'c.png', data: testPng(8, 6, [9, 9, 9]) }]));
    expect((await gloss('import', '--project', 'street', 'more.zip')).stdout).toBe(
      'imported 1, updated 0, duplicates 0, errors 0\n',
    );
    const coco = await gloss('export', '--project', 'street', '--status', 'all', '--format', 'coco');
    const parsed = JSON.parse(coco.stdout) as { images: { file_name: string; width: number }[] };
    expect(parsed.images.map((i) => [i.file_name, i.width])).toEqual([
      ['b.png', 10],
      ['day/a.png', 30],
      ['c.png', 8],
    ]);
    expect(
      (await gloss('export', '--project', 'street', '--status', 'all', '--format', 'yolo', '-o', 'y.zip'))
        .code,
    ).toBe(0);
    expect(readFileSync(join(dir, 'y.zip')).subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  });
});
