import { describe, expect, it } from 'vitest';
import { UNDO_LIMIT, UndoHistory } from './undo.ts';

describe('undo history', () => {
  it('undoes and redoes task-level diffs', () => {
    const h = new UndoHistory();
    const a = { topic: ['x'] };
    const b = { topic: ['y'], note: 'hi' };
    const c = { topic: ['y'] };
    h.record(a, b);
    h.record(b, c);
    expect(h.undo(c)).toEqual(b);
    expect(h.undo(b)).toEqual(a);
    expect(h.canUndo).toBe(false);
    expect(h.undo(a)).toBeNull();
    expect(h.redo(a)).toEqual(b);
    expect(h.redo(b)).toEqual(c);
    expect(h.redo(c)).toBeNull();
  });

  it('keeps untouched tasks as they are now, so values are shared, not copied', () => {
    const h = new UndoHistory();
    const spans = [{ start: 0, end: 1, label: 'A' }];
    h.record({ spans, topic: ['a'] }, { spans, topic: ['b'] });
    const back = h.undo({ spans, topic: ['b'] })!;
    expect(back.spans).toBe(spans);
    expect(back.topic).toEqual(['a']);
  });

  it('records nothing for a no-op and clears redo on a new change', () => {
    const h = new UndoHistory();
    const a = { x: 1 };
    h.record(a, { ...a });
    expect(h.canUndo).toBe(false);
    h.record(a, { x: 2 });
    h.undo({ x: 2 });
    expect(h.canRedo).toBe(true);
    h.record(a, { x: 3 });
    expect(h.canRedo).toBe(false);
  });

  it('merges typing in one field into one step, but not across a pause', () => {
    const h = new UndoHistory();
    h.record({}, { note: 'h' }, { coalesce: 'note', now: 0 });
    h.record({ note: 'h' }, { note: 'hi' }, { coalesce: 'note', now: 300 });
    h.record({ note: 'hi' }, { note: 'hi!' }, { coalesce: 'note', now: 600 });
    h.record({ note: 'hi!' }, { note: 'hi! x' }, { coalesce: 'note', now: 5000 });
    expect(h.undo({ note: 'hi! x' })).toEqual({ note: 'hi!' });
    expect(h.undo({ note: 'hi!' })).toEqual({});
    expect(h.canUndo).toBe(false);
  });

  it('forgets the oldest steps beyond its limit', () => {
    const h = new UndoHistory();
    for (let i = 0; i < UNDO_LIMIT + 10; i++) h.record({ n: i }, { n: i + 1 });
    let cur: Record<string, unknown> = { n: UNDO_LIMIT + 10 };
    let steps = 0;
    for (let back = h.undo(cur); back; back = h.undo(cur)) {
      cur = back;
      steps++;
    }
    expect(steps).toBe(UNDO_LIMIT);
    expect(cur).toEqual({ n: 10 });
  });
});
