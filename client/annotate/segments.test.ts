import { describe, expect, it } from 'vitest';
import { assignLanes, buildParagraphs, layoutText, type SpanView } from './segments.ts';

const span = (key: string, start: number, end: number, extra: Partial<SpanView> = {}): SpanView => ({
  key,
  task: 't',
  label: key,
  color: '#000000',
  start,
  end,
  suggested: false,
  ...extra,
});

/** Each segment as "text[keys]" for readable expectations. */
function render(text: string, spans: SpanView[]) {
  return buildParagraphs(layoutText(text), spans).map((p) =>
    p.chunks
      .flatMap((c) => c.segments)
      .map((s) => `${text.slice(s.start, s.end)}[${s.spans.map((x) => x.key).join(',')}]`)
      .join(' | '),
  );
}

describe('segments', () => {
  it('cuts the text at every span boundary, nested and overlapping spans included', () => {
    const text = 'Ada Lovelace met Charles Babbage';
    const spans = [span('PER', 0, 12), span('FIRST', 0, 3), span('X', 8, 16), span('PER2', 17, 32)];
    expect(render(text, spans)).toEqual([
      'Ada[PER,FIRST] |  Love[PER] | lace[PER,X] |  met[X] |  [] | Charles Babbage[PER2]',
    ]);
  });

  it('keeps a span on one lane along its length, outer spans nearest the text', () => {
    const laid = assignLanes([
      span('inner', 4, 8),
      span('outer', 0, 12),
      span('next', 10, 20),
      span('late', 13, 14),
    ]);
    const lane = Object.fromEntries(laid.map((s) => [s.key, s.lane]));
    expect(lane).toEqual({ outer: 0, inner: 1, next: 1, late: 0 });
    expect(laid.map((s) => s.key)).toEqual(['outer', 'inner', 'next', 'late']);
  });

  it('lists covering spans by lane and puts each tag on the span’s first segment', () => {
    const text = 'abcdefgh';
    const [p] = buildParagraphs(layoutText(text), [span('B', 2, 6), span('A', 0, 8)]);
    const segs = p!.chunks[0]!.segments;
    expect(segs.map((s) => s.spans.map((x) => `${x.key}${x.lane}`).join())).toEqual(['A0', 'A0,B1', 'A0']);
    expect(segs.map((s) => s.starts.map((x) => x.key).join())).toEqual(['A', 'B', '']);
    expect(p!.lanes).toBe(2);
  });

  it('splits at newlines; a span across paragraphs is drawn in both and tagged once', () => {
    const text = 'one two\nthree\n\nfour';
    const out = buildParagraphs(layoutText(text), [span('S', 4, 13), span('N', 7, 10)]);
    expect(out.map((p) => [p.start, p.end])).toEqual([
      [0, 7],
      [8, 13],
      [14, 14],
      [15, 19],
    ]);
    expect(render(text, [span('S', 4, 13), span('N', 7, 10)])).toEqual([
      'one [] | two[S]',
      'th[S,N] | ree[S]',
      '',
      'four[]',
    ]);
    const tags = out.flatMap((p) =>
      p.chunks.flatMap((c) => c.segments.flatMap((s) => s.starts.map((x) => x.key))),
    );
    expect(tags).toEqual(['S', 'N']);
  });

  it('chunks long paragraphs at whitespace only, and re-uses unchanged chunks', () => {
    const word = 'a👩‍👩‍👧b ';
    const text = word.repeat(1000);
    const layout = layoutText(text, 300);
    const chunks = layout.paragraphs[0]!.chunks;
    expect(chunks.length).toBeGreaterThan(10);
    for (const [a, b] of chunks) {
      expect(text[a - 1] === undefined || text[a - 1] === ' ').toBe(true);
      expect(b === text.length || text[b - 1] === ' ').toBe(true);
    }
    const first = buildParagraphs(layout, [span('A', 10, 20)]);
    const at = chunks[5]![0] + 2;
    const second = buildParagraphs(layout, [span('A', 10, 20), span('B', at, at + 5)], first);
    const changed = second[0]!.chunks.map((c, i) => c !== first[0]!.chunks[i]);
    expect(changed.filter(Boolean)).toHaveLength(1);
    expect(changed[5]).toBe(true);
    expect(buildParagraphs(layout, [span('A', 10, 20), span('B', at, at + 5)], second)[0]).toBe(second[0]);
  });

  it('redraws a span whose suggested flag changed', () => {
    const layout = layoutText('hello world');
    const a = buildParagraphs(layout, [span('A', 0, 5, { suggested: true })]);
    const b = buildParagraphs(layout, [span('A', 0, 5)], a);
    expect(b[0]).not.toBe(a[0]);
  });

  it('lays out 2,000 overlapping spans on a 200 KB text quickly', () => {
    const text = 'lorem ipsum dolor sit amet '.repeat(7600);
    const spans = Array.from({ length: 2000 }, (_, i) => span(`s${i}`, i * 100, i * 100 + 40 + (i % 7) * 30));
    const t0 = performance.now();
    const out = buildParagraphs(layoutText(text), spans);
    expect(performance.now() - t0).toBeLessThan(500);
    const keys = new Set(out.flatMap((p) => p.chunks.flatMap((c) => [...c.keys])));
    expect(keys.size).toBe(2000);
  });
});
