import type { Labels } from '../../../shared/labels.ts';

/**
 * Undo for image labels, kept as diffs at the level of single shapes: moving one box among 5,000
 * records that one box before and after, not two copies of the list. Shapes and task values are
 * immutable, so "unchanged" is reference equality.
 */

/** A run of one task's list replaced by another run (insert, delete and update are all this). */
interface Splice {
  task: string;
  start: number;
  removed: readonly unknown[];
  inserted: readonly unknown[];
}
/** A task value that is not a list on both sides (a free text answer, a task added or dropped). */
interface Replace {
  task: string;
  before: unknown;
  after: unknown;
}
export type Change = Splice | Replace;

const isSplice = (c: Change): c is Splice => 'start' in c;

/** The smallest splice per list task (common head and tail kept), a replacement otherwise. */
export function diffLabels(before: Labels, after: Labels): Change[] {
  const changes: Change[] = [];
  for (const task of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[task];
    const b = after[task];
    if (a === b) continue;
    if (!Array.isArray(a) || !Array.isArray(b)) {
      changes.push({ task, before: a, after: b });
      continue;
    }
    let head = 0;
    while (head < a.length && head < b.length && a[head] === b[head]) head++;
    let tail = 0;
    while (
      tail < a.length - head &&
      tail < b.length - head &&
      a[a.length - 1 - tail] === b[b.length - 1 - tail]
    )
      tail++;
    if (head === a.length && head === b.length) continue;
    changes.push({
      task,
      start: head,
      removed: a.slice(head, a.length - tail),
      inserted: b.slice(head, b.length - tail),
    });
  }
  return changes;
}

/** Replays changes forwards (`redo`) or backwards (`undo`) onto `labels`, sharing what is untouched. */
export function applyChanges(labels: Labels, changes: readonly Change[], direction: 'undo' | 'redo'): Labels {
  const out: Labels = { ...labels };
  const ordered = direction === 'undo' ? [...changes].reverse() : changes;
  for (const c of ordered) {
    if (isSplice(c)) {
      const list = Array.isArray(out[c.task]) ? (out[c.task] as unknown[]) : [];
      const [take, put] = direction === 'undo' ? [c.inserted, c.removed] : [c.removed, c.inserted];
      out[c.task] = [...list.slice(0, c.start), ...put, ...list.slice(c.start + take.length)];
    } else {
      const v = direction === 'undo' ? c.before : c.after;
      if (v === undefined) delete out[c.task];
      else out[c.task] = v;
    }
  }
  return out;
}

export interface ChangeMeta {
  /**
   * true: a finished edit, one undo step. false: an interim state of a gesture still in progress
   * (a host relaying a live drag); it is folded into the next undoable change, so the whole
   * gesture is one step.
   */
  undoable: boolean;
}

export const HISTORY_LIMIT = 1000;

/**
 * The undo stack of one item's labels. The host page owns it: it records every change the
 * editor reports, calls `reset()` after loading a draft or predictions (loading is never an undo
 * step), and applies what `undo`/`redo` return.
 */
export class ImageHistory {
  #past: Change[][] = [];
  #future: Change[][] = [];
  /** Labels before the first interim change of the gesture in progress. */
  #gestureStart: Labels | null = null;

  get canUndo(): boolean {
    return this.#past.length > 0 || this.#gestureStart !== null;
  }
  get canRedo(): boolean {
    return this.#future.length > 0;
  }
  /** Number of undo steps (for tests and a status line). */
  get size(): number {
    return this.#past.length;
  }

  record(before: Labels, after: Labels, meta: ChangeMeta): void {
    if (!meta.undoable) {
      this.#gestureStart ??= before;
      return;
    }
    const start = this.#gestureStart ?? before;
    this.#gestureStart = null;
    const changes = diffLabels(start, after);
    if (changes.length === 0) return;
    this.#past.push(changes);
    if (this.#past.length > HISTORY_LIMIT) this.#past.shift();
    this.#future = [];
  }

  /** Forgets everything: after loading another item, a draft or pre-annotations. */
  reset(): void {
    this.#past = [];
    this.#future = [];
    this.#gestureStart = null;
  }

  /** The labels one step back, or null when there is nothing to undo. */
  undo(current: Labels): Labels | null {
    if (this.#gestureStart) this.record(this.#gestureStart, current, { undoable: true });
    const changes = this.#past.pop();
    if (!changes) return null;
    this.#future.push(changes);
    return applyChanges(current, changes, 'undo');
  }

  /** The labels one step forward again, or null when nothing was undone. */
  redo(current: Labels): Labels | null {
    const changes = this.#future.pop();
    if (!changes) return null;
    this.#past.push(changes);
    return applyChanges(current, changes, 'redo');
  }
}
