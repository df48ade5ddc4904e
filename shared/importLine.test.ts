import { describe, expect, it } from 'vitest';
import { ImportQuerySchema, normalizeImportLine } from './importLine.ts';

const ok = (v: unknown) => {
  const r = normalizeImportLine(v);
  if (!r.ok) throw new Error(r.message);
  return r.item;
};
const fails = (v: unknown) => {
  const r = normalizeImportLine(v);
  if (r.ok) throw new Error(`accepted ${JSON.stringify(v)}`);
  return r.message;
};

describe('normalizeImportLine', () => {
  it('keeps text exactly and stores ids as strings', () => {
    const text = '  e\u0301 שלום 😀\r\n日本 ';
    expect(ok({ id: 17, text })).toMatchObject({ extId: '17', kind: 'text', data: { text } });
    expect(ok({ id: 'doc-1', image: 'a/b.jpg' })).toMatchObject({ extId: 'doc-1', kind: 'image' });
    expect(ok({ text: 'x' }).extId).toBeNull();
    expect(ok({ id: null, text: 'x' }).extId).toBeNull();
  });

  it('puts unknown fields into meta, the explicit meta winning', () => {
    expect(ok({ text: 'x', source: 'web', meta: { source: 'book', page: 3 } }).meta).toEqual({
      source: 'book',
      page: 3,
    });
    expect(ok({ text: 'x' }).meta).toBeNull();
  });

  it('dedupes tags and keeps gold', () => {
    const item = ok({ text: 'x', tags: ['a', 'b', 'a'], gold: { topic: ['arts'] } });
    expect(item.tags).toEqual(['a', 'b']);
    expect(item.gold).toEqual({ topic: ['arts'] });
  });

  it('names the field and the reason for every kind of bad line', () => {
    expect(fails([1, 2])).toBe('not a JSON object (got an array)');
    expect(fails('text')).toBe('not a JSON object (got a string)');
    expect(fails(null)).toBe('not a JSON object (got null)');
    expect(fails({ id: 1 })).toBe('missing "text" (or "image")');
    expect(fails({ text: 5 })).toBe('"text" must be a string (got a number)');
    expect(fails({ text: '' })).toBe('"text" is empty');
    expect(fails({ text: 'a', image: 'b.png' })).toBe('has both "text" and "image": give one');
    expect(fails({ text: 'a', meta: [] })).toBe('"meta" must be an object (got an array)');
    expect(fails({ text: 'a', tags: 'x' })).toBe('"tags" must be an array of strings');
    expect(fails({ text: 'a', tags: ['x', 2] })).toBe('"tags[1]" must be a string (got a number)');
    expect(fails({ text: 'a', predictions: {} })).toBe('"predictions" must be an array (got an object)');
    expect(fails({ text: 'a', predictions: [{ model: 'm' }] })).toBe(
      '"predictions[0].labels" must be an object (got nothing)',
    );
    expect(fails({ text: 'a', gold: 'yes' })).toBe('"gold" must be an object (got a string)');
    expect(fails({ id: true, text: 'a' })).toMatch(/^"id" must be a string or a whole number/);
    expect(fails({ id: 2 ** 60, text: 'a' })).toBe('"id" is too large to read exactly from JSON: quote it');
    expect(fails({ id: 1.5, text: 'a' })).toBe('"id" must be a whole number');
    expect(fails({ id: '', text: 'a' })).toBe('"id" must not be empty');
  });

  it('reads a Label Studio task: data, meta, predictions and annotations', () => {
    const item = ok({
      id: 42,
      data: { text: 'Ada met Babbage', source: 'letters' },
      meta: { batch: 2 },
      created_at: '2024-01-01',
      annotations: [
        {
          completed_by: 1,
          result: [{ from_name: 'topic', to_name: 'text', type: 'choices', value: { choices: ['science'] } }],
        },
        { was_cancelled: true, result: [] },
      ],
      predictions: [
        {
          model_version: 'v1',
          score: 0.5,
          result: [
            {
              from_name: 'ner',
              to_name: 'text',
              type: 'labels',
              value: { start: 0, end: 3, text: 'Ada', labels: ['PER'] },
            },
          ],
        },
      ],
    });
    expect(item).toEqual({
      extId: '42',
      kind: 'text',
      data: { text: 'Ada met Babbage' },
      meta: { source: 'letters', batch: 2 },
      tags: null,
      gold: null,
      predictions: [
        { model: 'v1', score: 0.5, labels: { ner: [{ start: 0, end: 3, label: 'PER', text: 'Ada' }] } },
        { labels: { topic: ['science'] } },
      ],
    });
  });

  it('reads a Gloss export line back: data.meta becomes meta, annotations become predictions', () => {
    const item = ok({
      id: 'a',
      data: { text: 'hi', meta: { k: 1 } },
      labels: null,
      status: 'accepted',
      annotations: [{ by: 'ann', labels: { topic: ['arts'] }, lead_time_s: 3, submitted_at: 'x' }],
    });
    expect(item.meta).toEqual({ k: 1 });
    expect(item.predictions).toEqual([{ labels: { topic: ['arts'] } }]);
  });
});

describe('Label Studio predictions', () => {
  const ls = (text: string | undefined, result: unknown[], extra: object = {}) => {
    const r = normalizeImportLine({
      ...(text === undefined ? { image: 'x.jpg' } : { text }),
      predictions: [{ result }],
      ...extra,
    });
    return r.ok ? r.item.predictions![0]!.labels : r.message;
  };

  it('turns UTF-16 span offsets into code points, with the span text', () => {
    const text = '😀 Ada 👩‍👩‍👧 met Bäbbage';
    const u = (s: string) => text.indexOf(s);
    const labels = ls(text, [
      { from_name: 'ner', type: 'labels', value: { start: u('Ada'), end: u('Ada') + 3, labels: ['PER'] } },
      { from_name: 'ner', type: 'labels', value: { start: u('Bäbbage'), end: text.length, labels: ['PER'] } },
    ]) as { ner: { start: number; end: number; text: string }[] };
    const cps = [...text];
    for (const s of labels.ner) expect(cps.slice(s.start, s.end).join('')).toBe(s.text);
    expect(labels.ner.map((s) => s.text)).toEqual(['Ada', 'Bäbbage']);
    expect(labels.ner[0]).toMatchObject({ start: 2, end: 5 });
  });

  it('converts choices, textarea and image shapes (percent to pixels)', () => {
    expect(
      ls('t', [
        { from_name: 'topic', type: 'choices', value: { choices: ['a', 'b'] } },
        { from_name: 'note', type: 'textarea', value: { text: ['one', 'two'] } },
      ]),
    ).toEqual({ topic: ['a', 'b'], note: 'one\ntwo' });
    const size = { original_width: 200, original_height: 100 };
    expect(
      ls(undefined, [
        {
          from_name: 'box',
          type: 'rectanglelabels',
          ...size,
          value: { x: 10, y: 20, width: 50, height: 50, rectanglelabels: ['car'] },
        },
        {
          from_name: 'poly',
          type: 'polygonlabels',
          ...size,
          value: {
            points: [
              [0, 0],
              [50, 0],
              [50, 50],
            ],
            polygonlabels: ['lake'],
          },
        },
        {
          from_name: 'kp',
          type: 'keypointlabels',
          ...size,
          value: { x: 25, y: 75, keypointlabels: ['eye'] },
        },
      ]),
    ).toEqual({
      box: [{ x: 20, y: 20, width: 100, height: 50, label: 'car' }],
      poly: [
        {
          points: [
            [0, 0],
            [100, 0],
            [100, 50],
          ],
          label: 'lake',
        },
      ],
      kp: [{ x: 50, y: 75, label: 'eye' }],
    });
  });

  it('rejects what it cannot convert, naming the region', () => {
    expect(ls('t', [{ from_name: 'r', type: 'rating', value: { rating: 3 } }])).toMatch(
      /^"predictions\[0\]\.result\[0\]\.type" is "rating", which Gloss does not import/,
    );
    expect(
      ls(undefined, [
        {
          from_name: 'b',
          type: 'rectanglelabels',
          value: { x: 1, y: 1, width: 1, height: 1, rectanglelabels: ['c'] },
        },
      ]),
    ).toMatch(/needs original_width and original_height/);
    expect(
      ls('abc', [{ from_name: 'n', type: 'labels', value: { start: 1, end: 9, labels: ['X'] } }]),
    ).toMatch(/span 1-9 is outside the text/);
    expect(ls('abc', [{ from_name: 'n', type: 'labels', value: { start: 0, end: 1, labels: [] } }])).toBe(
      '"predictions[0].result[0].value.labels" needs a label',
    );
    expect(
      ls('abc', [{ from_name: 'n', type: 'labels', value: { start: 'a', end: 1, labels: ['X'] } }]),
    ).toBe('"predictions[0].result[0].value.start" must be a number (got a string)');
  });
});

describe('ImportQuerySchema', () => {
  it('reads update as a flag', () => {
    expect(ImportQuerySchema.parse({}).update).toBe(false);
    expect(ImportQuerySchema.parse({ update: 'true', format: 'csv' })).toMatchObject({
      update: true,
      format: 'csv',
    });
    expect(ImportQuerySchema.safeParse({ format: 'xml' }).success).toBe(false);
  });
});
