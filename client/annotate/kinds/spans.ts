import { hasLabels } from '../../../shared/labelSchema.ts';
import type { Span } from '../../../shared/labels.ts';
import { snapToGraphemes, snapToWords } from '../../../shared/offsets.ts';
import type { AnnotationKind, Doc } from './types.ts';

/**
 * Text spans: code-point offsets, end exclusive, with their text (handbook section 4). The editor
 * keeps a task's spans sorted by (start, -end, label) and without duplicates, so the export is
 * stable and Tab walks them in reading order.
 */

/** Identifies a span in the editor: two spans with the same task, offsets and label are the same span. */
export function spanKey(task: string, s: Pick<Span, 'start' | 'end' | 'label'>): string {
  return `${task}:${s.start}:${s.end}:${s.label}`;
}

export function compareSpans(
  a: Pick<Span, 'start' | 'end' | 'label'>,
  b: Pick<Span, 'start' | 'end' | 'label'>,
): number {
  return a.start - b.start || b.end - a.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}

function withText(doc: Doc, start: number, end: number, label: string): Span {
  return { start, end, label, text: doc.map.slice(start, end) };
}

export const spansKind: AnnotationKind<Span[]> = {
  type: 'spans',
  coerce(raw, task, doc) {
    if (!Array.isArray(raw) || !hasLabels(task)) return undefined;
    const known = new Set(task.labels.map((l) => l.value));
    const out: Span[] = [];
    for (const r of raw as Partial<Span>[]) {
      if (!r || typeof r !== 'object') continue;
      const { start, end, label } = r;
      if (!Number.isInteger(start) || !Number.isInteger(end) || typeof label !== 'string') continue;
      if (start! < 0 || end! > doc.map.length || end! <= start! || !known.has(label)) continue;
      // The offsets are the truth: a stale or missing `text` is recomputed from them.
      out.push(withText(doc, start!, end!, label));
    }
    return out.length ? dedupe(out.sort(compareSpans)) : undefined;
  },
  isEmpty: (v) => !v || v.length === 0,
  same: (a, b) => a.length === b.length && a.every((s, i) => compareSpans(s, b[i]!) === 0),
};

function dedupe(sorted: Span[]): Span[] {
  return sorted.filter((s, i) => i === 0 || compareSpans(s, sorted[i - 1]!) !== 0);
}

/**
 * The range a selection in UTF-16 offsets (what the DOM gives) really labels: whitespace at the
 * edges is dropped, the edges snap outwards to grapheme boundaries (never half an emoji or a
 * letter without its accent) and, when the project asks for it, to whole words. Null when
 * nothing is left.
 */
export function snapRange(doc: Doc, from: number, to: number, snapWords: boolean): [number, number] | null {
  let a = Math.max(0, Math.min(from, to));
  let b = Math.min(doc.text.length, Math.max(from, to));
  while (a < b && /\s/.test(doc.text[a]!)) a++;
  while (b > a && /\s/.test(doc.text[b - 1]!)) b--;
  if (a >= b) return null;
  [a, b] = snapToGraphemes(doc.text, a, b);
  if (snapWords) [a, b] = snapToWords(doc.text, a, b);
  return a < b ? [a, b] : null;
}

/** The span a selection makes, in code points with its text (see snapRange). */
export function spanFromSelection(
  doc: Doc,
  from: number,
  to: number,
  label: string,
  snapWords: boolean,
): Span | null {
  const r = snapRange(doc, from, to, snapWords);
  if (!r) return null;
  return withText(doc, doc.map.toCodePoint(r[0]), doc.map.toCodePoint(r[1], true), label);
}

/** Inserts a span in order; the same array back when it is already there. */
export function addSpan(spans: readonly Span[], span: Span): Span[] {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareSpans(spans[mid]!, span) < 0) lo = mid + 1;
    else hi = mid;
  }
  if (spans[lo] && compareSpans(spans[lo]!, span) === 0) return spans as Span[];
  return [...spans.slice(0, lo), span, ...spans.slice(lo)];
}

export function removeSpan(spans: readonly Span[], task: string, key: string): Span[] {
  return spans.filter((s) => spanKey(task, s) !== key);
}

/** Changes a span's label; returns the new list and the span's new key. */
export function relabelSpan(
  spans: readonly Span[],
  task: string,
  key: string,
  label: string,
): { spans: Span[]; key: string } {
  const old = spans.find((s) => spanKey(task, s) === key);
  if (!old || old.label === label) return { spans: spans as Span[], key };
  const changed = { ...old, label };
  return { spans: addSpan(removeSpan(spans, task, key), changed), key: spanKey(task, changed) };
}
