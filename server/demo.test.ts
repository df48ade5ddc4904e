import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Ctx, configFromEnv, createContext } from './context.ts';
import { DEMO_IMAGE_PROJECT, DEMO_PROJECT, seedDemo } from './demo.ts';

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

  it('adds the image project: drawn scenes stored as media, shapes inside them, the same members', () => {
    const project = ctx.projects.byIdOrName(DEMO_IMAGE_PROJECT)!;
    expect(project.schema.tasks.map((t) => t.type)).toEqual(['boxes', 'polygons', 'points', 'choices']);
    const rows = ctx.db
      .prepare('SELECT data, predictions FROM items WHERE project_id = ? ORDER BY id')
      .all(project.id) as { data: string; predictions: string | null }[];
    expect(rows).toHaveLength(12);
    const withPredictions = rows.filter((r) => r.predictions);
    expect(withPredictions).toHaveLength(6);
    for (const r of rows) {
      const d = JSON.parse(r.data) as { image: string; mediaId: number; width: number; height: number };
      expect(d).toMatchObject({
        image: expect.stringMatching(/^street\/scene-\d\d\.png$/),
        width: 480,
        height: 320,
      });
      expect(ctx.media.byId(d.mediaId)?.mime).toBe('image/png');
      for (const p of JSON.parse(r.predictions ?? '[]') as {
        labels: { objects: { x: number; y: number; width: number; height: number }[] };
      }[]) {
        expect(p.labels.objects.length).toBeGreaterThan(0);
        for (const b of p.labels.objects) {
          expect(b.x).toBeGreaterThanOrEqual(0);
          expect(b.x + b.width).toBeLessThanOrEqual(480);
          expect(b.y + b.height).toBeLessThanOrEqual(320);
        }
      }
    }
    expect(
      ctx.projects
        .members(project.id)
        .map((m) => m.username)
        .sort(),
    ).toEqual(['annotator1', 'annotator2', 'expert1', 'manager1', 'reviewer1']);
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
