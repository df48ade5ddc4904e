import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Ctx, configFromEnv, createContext } from './context.ts';
import { DEMO_PROJECT, seedDemo } from './demo.ts';

let dir: string;
let ctx: Ctx;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-demo-'));
  ctx = createContext(configFromEnv({}, dir));
});
afterAll(() => {
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('seedDemo', () => {
  it('creates the demo users and project once, printing passwords only when it creates users', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await seedDemo(ctx);
      const printed = log.mock.calls.flat().join('\n');
      expect(printed).toMatch(/annotator1\s+annotator\s+\S{12,}/);
      expect(printed).toMatch(/manager1\s+manager/);

      const project = ctx.projects.byIdOrName(DEMO_PROJECT)!;
      expect(project.schema.tasks.map((t) => [t.name, t.type])).toEqual([
        ['entities', 'spans'],
        ['topic', 'choices'],
        ['note', 'text'],
      ]);
      expect(project.guidelines).toMatch(/^# /);
      const items = ctx.projects.counts(project.id).new;
      expect(items).toBeGreaterThanOrEqual(30);
      expect(Object.fromEntries(ctx.projects.members(project.id).map((m) => [m.username, m.role]))).toEqual({
        annotator1: 'annotator',
        annotator2: 'annotator',
        expert1: 'expert',
        manager1: 'manager',
        reviewer1: 'reviewer',
      });
      expect(ctx.users.byName('manager1')!.role).toBe('member');

      log.mockClear();
      await seedDemo(ctx);
      expect(log).not.toHaveBeenCalled();
      expect(ctx.projects.counts(project.id).new).toBe(items);
    } finally {
      log.mockRestore();
    }
  });

  it('stores pre-annotations whose offsets match their text', () => {
    const project = ctx.projects.byIdOrName(DEMO_PROJECT)!;
    const rows = ctx.db
      .prepare('SELECT data, predictions FROM items WHERE project_id = ? AND predictions IS NOT NULL')
      .all(project.id) as { data: string; predictions: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const text = [...(JSON.parse(r.data) as { text: string }).text];
      const [p] = JSON.parse(r.predictions) as {
        labels: { entities: { start: number; end: number; text: string }[] };
      }[];
      for (const s of p!.labels.entities) expect(text.slice(s.start, s.end).join('')).toBe(s.text);
    }
  });
});
