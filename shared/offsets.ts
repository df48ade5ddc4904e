/**
 * Text offsets. Gloss stores and exports span offsets in Unicode code points (end exclusive,
 * like a Python slice); the browser's strings, DOM ranges and selections count UTF-16 code
 * units. Every conversion between the two happens here.
 */

/** Code-point length of a string. */
export function cpLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Maps code-point offsets to UTF-16 offsets and back for one text, in O(1) per lookup after an O(n) build. */
export class OffsetMap {
  /** utf16[cp] = UTF-16 offset of code point cp; one extra entry for the end. */
  private readonly utf16: Uint32Array;
  /** Set only when the text has astral characters; otherwise the two offsets are equal. */
  private readonly cpOf: Uint32Array | null;
  readonly length: number;

  constructor(readonly text: string) {
    const n = cpLength(text);
    this.length = n;
    if (n === text.length) {
      this.utf16 = new Uint32Array(0);
      this.cpOf = null;
      return;
    }
    this.utf16 = new Uint32Array(n + 1);
    this.cpOf = new Uint32Array(text.length + 1);
    let cp = 0;
    for (let i = 0; i < text.length; i++) {
      this.utf16[cp] = i;
      this.cpOf[i] = cp;
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          this.cpOf[i] = cp;
        }
      }
      cp++;
    }
    this.utf16[n] = text.length;
    this.cpOf[text.length] = n;
  }

  /** UTF-16 offset of a code-point offset (clamped to the text). */
  toUtf16(cp: number): number {
    const c = Math.max(0, Math.min(cp, this.length));
    return this.cpOf ? this.utf16[c]! : c;
  }

  /**
   * Code-point offset of a UTF-16 offset. An offset in the middle of a surrogate pair belongs to
   * that character; `roundUp` moves it past the character (for span ends).
   */
  toCodePoint(u: number, roundUp = false): number {
    const i = Math.max(0, Math.min(u, this.text.length));
    if (!this.cpOf) return i;
    const cp = this.cpOf[i]!;
    return roundUp && this.utf16[cp]! < i ? cp + 1 : cp;
  }

  /** The text between two code-point offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}

/** Slices by code points, like Python's `text[start:end]`. */
export function cpSlice(text: string, start: number, end: number): string {
  return new OffsetMap(text).slice(start, end);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * Widens a UTF-16 range [start, end) so that neither edge falls inside a grapheme cluster (an
 * emoji sequence, a letter with combining marks, a flag): a span never splits one.
 */
export function snapToGraphemes(text: string, start: number, end: number): [number, number] {
  return snapWith(graphemes, text, start, end, false);
}

/** Widens a UTF-16 range to whole words (project setting "snap to words"); whitespace is trimmed. */
export function snapToWords(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  if (s === e) return [s, e];
  return snapWith(words, text, s, e, true);
}

function snapWith(
  seg: Intl.Segmenter,
  text: string,
  start: number,
  end: number,
  wordsOnly: boolean,
): [number, number] {
  // Segment only a window around each edge: texts can be hundreds of kilobytes.
  const edge = (pos: number, toEnd: boolean) => {
    const from = Math.max(0, pos - 64);
    const window = text.slice(from, Math.min(text.length, pos + 64));
    for (const s of seg.segment(window)) {
      const a = from + s.index;
      const b = a + s.segment.length;
      const inside = toEnd ? a < pos && pos < b : a <= pos && pos < b;
      if (inside && (!wordsOnly || s.isWordLike !== false || !toEnd)) return toEnd ? b : a;
    }
    return pos;
  };
  const s = edge(start, false);
  const e = Math.max(edge(end, true), s);
  return [s, e];
}

/** UTF-16 offset of the grapheme boundary after `pos`: a caret never lands inside an emoji or a combining sequence. */
export function nextGrapheme(text: string, pos: number): number {
  if (pos >= text.length) return text.length;
  const from = Math.max(0, pos - 64);
  for (const s of graphemes.segment(text.slice(from, Math.min(text.length, pos + 64)))) {
    const end = from + s.index + s.segment.length;
    if (end > pos) return end;
  }
  return Math.min(text.length, pos + 1);
}

/** UTF-16 offset of the grapheme boundary before `pos`. */
export function prevGrapheme(text: string, pos: number): number {
  if (pos <= 0) return 0;
  const from = Math.max(0, pos - 64);
  let last = from;
  for (const s of graphemes.segment(text.slice(from, Math.min(text.length, pos + 64)))) {
    const start = from + s.index;
    if (start >= pos) break;
    last = start;
  }
  return last;
}

/**
 * Ctrl+Right: the end of the word the caret is in, or of the next word. Moving to word ends (not
 * starts) lets Shift+Ctrl+Right select exactly a word, without the space after it.
 */
export function nextWordEdge(text: string, pos: number): number {
  if (pos >= text.length) return text.length;
  for (let reach = 256; ; reach *= 4) {
    const from = Math.max(0, pos - 64);
    const to = Math.min(text.length, pos + reach);
    for (const s of words.segment(text.slice(from, to))) {
      const end = from + s.index + s.segment.length;
      // A segment cut by the window's end may be half a word: widen the window instead.
      if (end === to && to < text.length) break;
      if (end > pos && s.isWordLike) return end;
    }
    if (to === text.length) return text.length;
  }
}

/** Ctrl+Left: the start of the word the caret is in, or of the previous word. */
export function prevWordEdge(text: string, pos: number): number {
  if (pos <= 0) return 0;
  for (let reach = 256; ; reach *= 4) {
    const from = Math.max(0, pos - reach);
    let found = -1;
    for (const s of words.segment(text.slice(from, Math.min(text.length, pos + 64)))) {
      const start = from + s.index;
      if (start >= pos) break;
      if (s.isWordLike) found = start;
    }
    // A word starting at a window that does not begin the text may have been cut: widen.
    if (found > from || (found === from && from === 0)) return found;
    if (from === 0) return 0;
  }
}
