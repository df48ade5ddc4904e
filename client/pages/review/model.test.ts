import { describe, expect, it } from 'vitest';
import { LabelSchemaSchema } from '../../../shared/labelSchema.ts';
import { OffsetMap } from '../../../shared/offsets.ts';
import type { ReviewAnnotation } from '../../../shared/review/api.ts';
import { annotationViews, diffView, labelColors, policyText, reviewSpans } from './model.ts';

const SCHEMA = LabelSchemaSchema.parse({
  tasks: [
    { name: 'entities', type: 'spans', labels: [{ value: 'PER', color: '#e11d48' }, { value: 'LOC' }] },
    { name: 'topic', type: 'choices', labels: [{ value: 'history' }, { value: 'travel' }] },
    { name: 'note', type: 'text' },
  ],
});
// "👩‍👩‍👧 Ada went to Paris": the family emoji is 5 code points and 8 UTF-16 units.
const TEXT = '👩‍👩‍👧 Ada went to Paris';

const annotation = (id: number, by: string, labels: ReviewAnnotation['labels']): ReviewAnnotation => ({
  id,
  by,
  labels,
  version: 1,
  leadTimeS: 12,
  submittedAt: '2026-01-01T00:00:00Z',
});

const ann1 = annotation(1, 'ann1', {
  entities: [
    { start: 6, end: 9, label: 'PER', text: 'Ada' },
    { start: 18, end: 23, label: 'LOC', text: 'Paris' },
  ],
  topic: ['travel'],
  note: 'fine',
});
const ann2 = annotation(2, 'ann2', {
  entities: [{ start: 6, end: 9, label: 'PER', text: 'Ada' }],
  topic: ['history'],
  note: 'fine',
});

describe('annotationViews', () => {
  it('marks what each annotator has that the other does not, as the agreement pairs them', () => {
    const [a, b] = annotationViews(SCHEMA, [ann1, ann2]);
    expect(a!.objects.map((o) => [o.text, o.missingFrom])).toEqual([
      ['PER "Ada" (6-9)', []],
      ['LOC "Paris" (18-23)', ['ann2']],
      ['travel', ['ann2']],
    ]);
    expect(a!.disputed).toBe(2);
    expect(b!.objects.map((o) => [o.text, o.agreedBy])).toEqual([
      ['PER "Ada" (6-9)', ['ann1']],
      ['history', []],
    ]);
    expect([...a!.disputedTasks].sort()).toEqual(['entities', 'topic']);
  });

  it('marks nothing when one person labeled the item', () => {
    const [only] = annotationViews(SCHEMA, [ann1]);
    expect(only!.disputed).toBe(0);
    expect(only!.disputedTasks.size).toBe(0);
  });
});

describe('reviewSpans', () => {
  it('draws spans at UTF-16 offsets past an emoji, disputed ones flagged, bad ones dropped', () => {
    const colorOf = labelColors(SCHEMA);
    const broken = annotation(3, 'ann3', { entities: [{ start: 3, end: 99, label: 'PER' }, 'junk'] });
    const [a, , c] = annotationViews(SCHEMA, [ann1, ann2, broken]);
    const spans = reviewSpans(SCHEMA, a!, new OffsetMap(TEXT), colorOf);
    expect(spans.map((s) => [TEXT.slice(s.start, s.end), s.disputed, s.color])).toEqual([
      ['Ada', true, '#e11d48'],
      ['Paris', true, colorOf('entities', 'LOC')],
    ]);
    expect(spans[0]!.note).toBe('PER (entities): not marked by ann3');
    expect(reviewSpans(SCHEMA, c!, new OffsetMap(TEXT), colorOf)).toEqual([]);
  });
});

describe('diffView', () => {
  it('marks what only one side of a correction has, span text aside', () => {
    const before = ann2.labels;
    const after = {
      entities: [
        { start: 6, end: 9, label: 'PER' },
        { start: 18, end: 23, label: 'LOC' },
      ],
      topic: ['travel'],
    };
    const view = diffView(SCHEMA, after, before, 'the original');
    expect(view.objects.map((o) => [o.text, o.missingFrom])).toEqual([
      ['PER (6-9)', []],
      ['LOC (18-23)', ['the original']],
      ['travel', ['the original']],
    ]);
    expect(view.disputed).toBe(2);
  });
});

describe('policyText', () => {
  it('says each policy in words', () => {
    expect(policyText({ kind: 'all' })).toBe('every item');
    expect(policyText({ kind: 'sample', percent: 15 })).toBe('a 15% sample, plus escalated items');
    expect(policyText({ kind: 'escalated' })).toBe('escalated items only');
  });
});
