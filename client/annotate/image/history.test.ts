import { describe, expect, it } from 'vitest';
import type { Labels } from '../../../shared/labels.ts';
import { applyChanges, diffLabels, ImageHistory } from './history.ts';

const a = { x: 1, y: 1, width: 5, height: 5, label: 'car' };
const b = { x: 10, y: 10, width: 5, height: 5, label: 'car' };
const c = { x: 20, y: 20, width: 5, height: 5, label: 'person' };
const start: Labels = { objects: [a, b, c], note: 'hello' };

const withObjects = (labels: Labels, objects: unknown[]): Labels => ({ ...labels, objects });

describe('label diffs', () => {
  it('records only the shapes that changed', () => {
    const moved = { ...b, x: 11 };
    expect(diffLabels(start, withObjects(start, [a, moved, c]))).toEqual([
      { task: 'objects', start: 1, removed: [b], inserted: [moved] },
    ]);
    expect(diffLabels(start, withObjects(start, [a, c]))).toEqual([
      { task: 'objects', start: 1, removed: [b], inserted: [] },
    ]);
    expect(diffLabels(start, withObjects(start, [a, b, c, a]))).toEqual([
      { task: 'objects', start: 3, removed: [], inserted: [a] },
    ]);
    expect(diffLabels(start, { ...start, note: 'bye', extra: ['x'] })).toEqual([
      { task: 'note', before: 'hello', after: 'bye' },
      { task: 'extra', before: undefined, after: ['x'] },
    ]);
    expect(diffLabels(start, { ...start })).toEqual([]);
  });

  it('replays diffs both ways', () => {
    const after = withObjects({ ...start, note: 'bye' }, [b, c, a]);
    const changes = diffLabels(start, after);
    expect(applyChanges(after, changes, 'undo')).toEqual(start);
    expect(applyChanges(start, changes, 'redo')).toEqual(after);
  });
});

describe('ImageHistory', () => {
  it('undoes and redoes step by step', () => {
    const h = new ImageHistory();
    const s1 = withObjects(start, [a, b, c, a]);
    const s2 = withObjects(s1, [a, c, a]);
    h.record(start, s1, { undoable: true });
    h.record(s1, s2, { undoable: true });
    expect(h.size).toBe(2);
    const u1 = h.undo(s2)!;
    expect(u1).toEqual(s1);
    expect(h.undo(u1)).toEqual(start);
    expect(h.undo(start)).toBeNull();
    expect(h.redo(start)).toEqual(s1);
    expect(h.canRedo).toBe(true);
  });

  it('folds the interim states of a gesture into one step', () => {
    const h = new ImageHistory();
    let cur = start;
    for (let i = 1; i <= 20; i++) {
      const next = withObjects(cur, [a, { ...b, x: 10 + i }, c]);
      h.record(cur, next, { undoable: i === 20 });
      cur = next;
    }
    expect(h.size).toBe(1);
    expect(h.undo(cur)).toEqual(start);
  });

  it('closes an unfinished gesture when asked to undo', () => {
    const h = new ImageHistory();
    const mid = withObjects(start, [a, { ...b, x: 99 }, c]);
    h.record(start, mid, { undoable: false });
    expect(h.canUndo).toBe(true);
    expect(h.undo(mid)).toEqual(start);
  });

  it('starts over after a load, and a new edit drops the redo branch', () => {
    const h = new ImageHistory();
    const s1 = withObjects(start, [a]);
    h.record(start, s1, { undoable: true });
    h.undo(s1);
    h.record(start, withObjects(start, [c]), { undoable: true });
    expect(h.canRedo).toBe(false);
    h.reset();
    expect(h.canUndo).toBe(false);
    expect(h.undo(start)).toBeNull();
  });

  it('ignores changes that change nothing', () => {
    const h = new ImageHistory();
    h.record(start, { ...start }, { undoable: true });
    expect(h.size).toBe(0);
  });
});
