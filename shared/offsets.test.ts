import { describe, expect, it } from 'vitest';
import {
  cpLength,
  cpSlice,
  nextGrapheme,
  nextWordEdge,
  OffsetMap,
  prevGrapheme,
  prevWordEdge,
  snapToGraphemes,
  snapToWords,
} from './offsets.ts';

describe('code-point offsets', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(cpLength('abc')).toBe(3);
    expect(cpLength('a😀b')).toBe(3);
    expect('a😀b'.length).toBe(4);
    expect(cpLength('👩‍👩‍👧')).toBe(5);
    expect(cpLength('')).toBe(0);
  });

  it('slices like Python', () => {
    const t = 'Hi 😀 there';
    expect(cpSlice(t, 3, 4)).toBe('😀');
    expect(cpSlice(t, 5, 10)).toBe('there');
  });

  it('round-trips every code point of emoji, CJK, RTL and combining text', () => {
    const t = 'A😀b 日本語 שלום עולם e\u0301 🇫🇷 x';
    const m = new OffsetMap(t);
    const cps = [...t];
    expect(m.length).toBe(cps.length);
    for (let i = 0; i <= cps.length; i++) {
      const u = m.toUtf16(i);
      expect(m.toCodePoint(u)).toBe(i);
      expect(t.slice(0, u)).toBe(cps.slice(0, i).join(''));
    }
  });

  it('maps an offset inside a surrogate pair to its character, or past it when rounding up', () => {
    const m = new OffsetMap('a😀b');
    expect(m.toCodePoint(2)).toBe(1);
    expect(m.toCodePoint(2, true)).toBe(2);
    expect(m.toCodePoint(3)).toBe(2);
  });

  it('is the identity on BMP-only text', () => {
    const m = new OffsetMap('שלום 日本');
    expect(m.toUtf16(3)).toBe(3);
    expect(m.toCodePoint(6)).toBe(6);
  });
});

describe('snapping', () => {
  it('never splits a grapheme: combining marks, ZWJ emoji, flags', () => {
    const t = 'cafe\u0301 👩‍👩‍👧 🇫🇷!';
    // Selecting only the "e" before the combining acute takes the accent too.
    expect(snapToGraphemes(t, 3, 4)).toEqual([3, 5]);
    const fam = t.indexOf('👩');
    expect(snapToGraphemes(t, fam + 2, fam + 3)).toEqual([fam, fam + '👩‍👩‍👧'.length]);
    const flag = t.indexOf('🇫');
    expect(snapToGraphemes(t, flag, flag + 2)).toEqual([flag, flag + 4]);
  });

  it('snaps to whole words and trims whitespace', () => {
    const t = 'Ada Lovelace met Babbage.';
    expect(snapToWords(t, 5, 9)).toEqual([4, 12]);
    expect(snapToWords(t, 3, 13)).toEqual([4, 12]);
    expect(snapToWords(t, 17, 20)).toEqual([17, 24]);
  });
});

describe('caret movement', () => {
  it('steps over whole graphemes in both directions', () => {
    const t = 'a👩‍👩‍👧e\u0301🇫🇷b';
    const stops = [0];
    for (let p = 0; p < t.length; ) {
      p = nextGrapheme(t, p);
      stops.push(p);
    }
    expect(stops.map((p) => t.slice(0, p))).toEqual([
      '',
      'a',
      'a👩‍👩‍👧',
      'a👩‍👩‍👧e\u0301',
      'a👩‍👩‍👧e\u0301🇫🇷',
      t,
    ]);
    const back = [t.length];
    for (let p = t.length; p > 0; ) {
      p = prevGrapheme(t, p);
      back.push(p);
    }
    expect(back).toEqual([...stops].reverse());
    expect(nextGrapheme(t, t.length)).toBe(t.length);
    expect(prevGrapheme(t, 0)).toBe(0);
  });

  it('moves word-wise to word ends forward and word starts backward', () => {
    const t = 'Ada  Lovelace, met Babbage.';
    expect(nextWordEdge(t, 0)).toBe(3);
    expect(nextWordEdge(t, 3)).toBe(13);
    expect(nextWordEdge(t, 7)).toBe(13);
    expect(nextWordEdge(t, 26)).toBe(t.length);
    expect(prevWordEdge(t, t.length)).toBe(19);
    expect(prevWordEdge(t, 19)).toBe(15);
    expect(prevWordEdge(t, 10)).toBe(5);
    expect(prevWordEdge(t, 2)).toBe(0);
  });

  it('finds words far away in long runs of spaces and in RTL text', () => {
    const t = `${' '.repeat(1000)}שלום עולם${' '.repeat(2000)}end`;
    expect(t.slice(1000, nextWordEdge(t, 0))).toBe('שלום');
    expect(prevWordEdge(t, t.length - 3)).toBe(1005);
    expect(prevWordEdge(t, 1000)).toBe(0);
    expect(nextWordEdge(t, 1009)).toBe(t.length);
  });
});
