import type { Labels } from '../../shared/labels.ts';

/**
 * Undo history of one item's labels, kept as diffs: an entry holds, for each task it changed, the
 * value before and after. Task values are immutable, so a diff costs two references per task
 * however large the document. Loading a draft or predictions is never recorded: the history
 * starts empty at whatever the editor was opened with.
 */
export interface UndoEntry {
  changes: Record<string, { before: unknown; after: unknown }>;
  /** Consecutive changes with the same key (typing in one text field) merge into one entry. */
  coalesce?: string;
  at: number;
}

export const UNDO_LIMIT = 500;
const COALESCE_MS = 1500;

export class UndoHistory {
  private past: UndoEntry[] = [];
  private future: UndoEntry[] = [];

  get canUndo() {
    return this.past.length > 0;
  }
  get canRedo() {
    return this.future.length > 0;
  }

  /** Records the step from `before` to `after`; does nothing when no task changed. */
  record(before: Labels, after: Labels, opts: { coalesce?: string; now?: number } = {}) {
    const now = opts.now ?? Date.now();
    const changes: UndoEntry['changes'] = {};
    let any = false;
    for (const task of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (before[task] !== after[task]) {
        changes[task] = { before: before[task], after: after[task] };
        any = true;
      }
    }
    if (!any) return;
    this.future = [];
    const last = this.past.at(-1);
    if (opts.coalesce && last?.coalesce === opts.coalesce && now - last.at < COALESCE_MS) {
      for (const [task, c] of Object.entries(changes)) {
        const before = task in last.changes ? last.changes[task]!.before : c.before;
        last.changes[task] = { before, after: c.after };
      }
      last.at = now;
      return;
    }
    this.past.push({ changes, coalesce: opts.coalesce, at: now });
    if (this.past.length > UNDO_LIMIT) this.past.shift();
  }

  /** The labels one step back, or null when there is nothing to undo. */
  undo(current: Labels): Labels | null {
    const e = this.past.pop();
    if (!e) return null;
    this.future.push(e);
    return apply(current, e, 'before');
  }

  redo(current: Labels): Labels | null {
    const e = this.future.pop();
    if (!e) return null;
    this.past.push({ ...e, coalesce: undefined });
    return apply(current, e, 'after');
  }
}

function apply(labels: Labels, e: UndoEntry, side: 'before' | 'after'): Labels {
  const out: Labels = { ...labels };
  for (const [task, c] of Object.entries(e.changes)) {
    if (c[side] === undefined) delete out[task];
    else out[task] = c[side];
  }
  return out;
}
