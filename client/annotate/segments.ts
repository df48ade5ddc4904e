/**
 * How a text with spans is drawn: the text is cut into paragraphs (at newlines) and each paragraph
 * into chunks of roughly CHUNK_SIZE characters (at whitespace, so a grapheme or an Arabic word is
 * never split across two elements); chunks are the unit React memoises, so a change re-renders
 * only the chunks whose spans changed. Inside a chunk the text becomes segments between all span
 * boundaries; a segment lists every span covering it, each on its own lane (a stacked underline
 * at a fixed depth for the span's whole length), so nested and overlapping spans stay legible.
 * All offsets here are UTF-16, the DOM's unit; code points are converted in shared/offsets.ts.
 */

/** A span as drawn: UTF-16 offsets, its key in the editor, its colour. */
export interface SpanView {
  key: string;
  task: string;
  label: string;
  color: string;
  start: number;
  end: number;
  /** A machine suggestion nobody has touched yet (drawn dashed). */
  suggested: boolean;
}

export interface LaidSpan extends SpanView {
  /** Underline depth, 0 nearest the text; constant along the span. */
  lane: number;
}

export interface Segment {
  start: number;
  end: number;
  /** Spans covering the segment, by lane. */
  spans: readonly LaidSpan[];
  /** Spans whose first visible segment this is (their label tag goes here), by lane. */
  starts: readonly LaidSpan[];
}

export interface Chunk {
  start: number;
  end: number;
  segments: readonly Segment[];
  /** Keys of the spans drawn in this chunk. */
  keys: ReadonlySet<string>;
}

export interface Paragraph {
  start: number;
  end: number;
  /** Lanes used in the paragraph: its lines get taller to fit the underlines. */
  lanes: number;
  chunks: readonly Chunk[];
}

/** Paragraph and chunk bounds: depend on the text only, computed once per item. */
export interface TextLayout {
  length: number;
  paragraphs: ReadonlyArray<{ start: number; end: number; chunks: ReadonlyArray<[number, number]> }>;
}

export const CHUNK_SIZE = 1500;

export function layoutText(text: string, chunkSize = CHUNK_SIZE): TextLayout {
  const paragraphs: TextLayout['paragraphs'][number][] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const chunks: [number, number][] = [];
    let a = start;
    while (end - a > chunkSize) {
      const ws = text.slice(a + chunkSize, end).search(/\s/);
      if (ws === -1) break;
      const b = a + chunkSize + ws + 1;
      if (b >= end) break;
      chunks.push([a, b]);
      a = b;
    }
    chunks.push([a, end]);
    paragraphs.push({ start, end, chunks });
    if (nl === -1) break;
    start = nl + 1;
  }
  return { length: text.length, paragraphs };
}

/** A tiny binary min-heap: lane assignment must stay O(n log n) at thousands of spans. */
class Heap<T> {
  private readonly a: T[] = [];
  constructor(private readonly less: (x: T, y: T) => boolean) {}
  get size() {
    return this.a.length;
  }
  peek(): T | undefined {
    return this.a[0];
  }
  push(v: T) {
    const a = this.a;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Gives each span the lowest lane free over its whole extent (interval colouring, greedy by start,
 * longer spans first so an enclosing span sits nearer the text than what it encloses).
 * Returns the spans sorted by (start, -end).
 */
export function assignLanes(spans: readonly SpanView[]): LaidSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || cmp(a.key, b.key));
  const busy = new Heap<{ end: number; lane: number }>((x, y) => x.end < y.end);
  const free = new Heap<number>((x, y) => x < y);
  let lanes = 0;
  return sorted.map((s) => {
    while (busy.size > 0 && busy.peek()!.end <= s.start) free.push(busy.pop()!.lane);
    const lane = free.size > 0 ? free.pop()! : lanes++;
    busy.push({ end: s.end, lane });
    return { ...s, lane };
  });
}

function cmp(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function insertByLane(active: LaidSpan[], s: LaidSpan) {
  let lo = 0;
  let hi = active.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (active[mid]!.lane < s.lane) lo = mid + 1;
    else hi = mid;
  }
  active.splice(lo, 0, s);
}

/**
 * Builds every paragraph's chunks and segments in one sweep over the sorted span boundaries.
 * Chunks and paragraphs equal to those of `prev` (the previous build) are returned as the same
 * objects, so memoised components skip them.
 */
export function buildParagraphs(
  layout: TextLayout,
  spans: readonly SpanView[],
  prev?: readonly Paragraph[],
): Paragraph[] {
  const laid = assignLanes(spans);
  const byEnd = [...laid].sort((a, b) => a.end - b.end);
  const active: LaidSpan[] = [];
  let pending: LaidSpan[] = [];
  let si = 0;
  let ei = 0;
  return layout.paragraphs.map((para, pi) => {
    let lanes = 0;
    const chunks = para.chunks.map(([cs, ce], ci) => {
      const segments: Segment[] = [];
      const keys = new Set<string>();
      let pos = cs;
      for (;;) {
        while (ei < byEnd.length && byEnd[ei]!.end <= pos) {
          const s = byEnd[ei++]!;
          const at = active.indexOf(s);
          if (at !== -1) active.splice(at, 1);
        }
        while (si < laid.length && laid[si]!.start <= pos) {
          const s = laid[si++]!;
          if (s.end > pos) {
            insertByLane(active, s);
            pending.push(s);
          }
        }
        if (pos >= ce) break;
        const next = Math.min(laid[si]?.start ?? ce, byEnd[ei]?.end ?? ce, ce);
        const covering = active.slice();
        for (const s of covering) {
          keys.add(s.key);
          if (s.lane >= lanes) lanes = s.lane + 1;
        }
        const starts = pending.length
          ? pending.filter((s) => s.end > pos).sort((a, b) => a.lane - b.lane)
          : [];
        pending = [];
        segments.push({ start: pos, end: next, spans: covering, starts });
        pos = next;
      }
      // Spans that start on a newline get their tag at the next paragraph's first segment.
      pending = pending.filter((s) => s.end > ce);
      const chunk: Chunk = { start: cs, end: ce, segments, keys };
      const old = prev?.[pi]?.chunks[ci];
      return old && sameChunk(old, chunk) ? old : chunk;
    });
    const old = prev?.[pi];
    if (old && old.lanes === lanes && old.chunks.every((c, i) => c === chunks[i])) return old;
    return { start: para.start, end: para.end, lanes, chunks };
  });
}

function sameSpan(a: LaidSpan, b: LaidSpan) {
  return a.key === b.key && a.lane === b.lane && a.color === b.color && a.suggested === b.suggested;
}

function sameList(a: readonly LaidSpan[], b: readonly LaidSpan[]) {
  return a.length === b.length && a.every((s, i) => sameSpan(s, b[i]!));
}

function sameChunk(a: Chunk, b: Chunk) {
  if (a.start !== b.start || a.end !== b.end || a.segments.length !== b.segments.length) return false;
  return a.segments.every((s, i) => {
    const t = b.segments[i]!;
    return (
      s.start === t.start && s.end === t.end && sameList(s.spans, t.spans) && sameList(s.starts, t.starts)
    );
  });
}
