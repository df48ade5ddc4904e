import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectCreateSchema } from '../../shared/api.ts';
import { ExportQuerySchema } from '../../shared/exportLine.ts';
import { type Ctx, configFromEnv, createContext } from '../context.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { createProject } from '../workflow/projectCommands.ts';
import { csvCell, exportItems } from './export.ts';
import { importItems } from './import.ts';

let dir: string;
let ctx: Ctx;
let project: ProjectRecord;
const ITEMS = 3500;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-export-'));
  ctx = createContext(configFromEnv({}, dir));
  project = createProject(ctx, { username: 't', userId: null }, ProjectCreateSchema.parse({ name: 'e' }));
  const lines = Array.from({ length: ITEMS }, (_, i) => `${JSON.stringify({ id: i, text: `item ${i}` })}\n`);
  await importItems(ctx, { project, source: Readable.from(lines), update: false, actor: { username: 't' } });
});
afterAll(() => {
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

const all = ExportQuerySchema.parse({ status: 'all' });

describe('exportItems', () => {
  it('waits for a slow reader instead of buffering the whole export', async () => {
    let buffered = 0;
    let received = '';
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        buffered = Math.max(buffered, slow.writableLength);
        received += chunk.toString();
        setTimeout(cb, 5);
      },
    });
    const r = await exportItems(ctx, slow, { project, query: all, actor: { username: 't' } });
    expect(r).toEqual({ count: ITEMS, completed: true });
    expect(received.trim().split('\n')).toHaveLength(ITEMS);
    // Never more than one page waiting: the exporter paused on every full buffer.
    expect(buffered).toBeLessThan(200 * 1024);
  });

  it('stops when the reader goes away, and the audit log says so', async () => {
    let writes = 0;
    const quitter = new Writable({
      highWaterMark: 16,
      write(_chunk, _enc, cb) {
        if (++writes === 2) quitter.destroy();
        else setTimeout(cb, 1);
      },
    });
    const r = await exportItems(ctx, quitter, { project, query: all, actor: { username: 't' } });
    expect(r.completed).toBe(false);
    expect(r.count).toBeLessThan(ITEMS);
    const [event] = ctx.audit.list({ action: 'export', projectId: project.id, limit: 1 });
    expect(event?.detail).toMatchObject({ completed: false, count: r.count });
  });
});

describe('csvCell', () => {
  it('neutralises formula starters and quotes what CSV needs quoted', () => {
    expect(csvCell('plain')).toBe('plain');
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${lead}1+1`)).toMatch(/^"?'/);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });
});
