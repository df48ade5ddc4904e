import { describe, expect, it } from 'vitest';
import { LabelSchemaSchema } from '../../shared/labelSchema.ts';
import { OffsetMap } from '../../shared/offsets.ts';
import { Editor } from './editor.ts';
import { coerceLabels } from './kinds/index.ts';
import { spanFromSelection, spanKey } from './kinds/spans.ts';
import type { Doc } from './kinds/types.ts';
import { Suggestions } from './suggestions.ts';

const schema = LabelSchemaSchema.parse({
  tasks: [
    {
      name: 'ner',
      type: 'spans',
      labels: [
        { value: 'PER', hotkey: 'p' },
        { value: 'LOC', hotkey: 'l' },
      ],
    },
    { name: 'topic', type: 'choices', required: true, labels: [{ value: 'a' }, { value: 'b' }] },
    {
      name: 'tags',
      type: 'choices',
      multiple: true,
      labels: [{ value: 'x' }, { value: 'y' }, { value: 'z' }],
    },
    { name: 'note', type: 'text' },
  ],
});
const docOf = (text: string): Doc => ({ text, map: new OffsetMap(text) });

describe('spans from selections', () => {
  const doc = docOf('Hi 👩‍👩‍👧 café שלום עולם!');
  const u = (s: string) => doc.text.indexOf(s);

  it('gives code-point offsets and the text, trimming whitespace', () => {
    const s = spanFromSelection(doc, u('שלום') - 1, u('עולם') + 4, 'LOC', false)!;
    expect(s.text).toBe('שלום עולם');
    expect([...doc.text].slice(s.start, s.end).join('')).toBe('שלום עולם');
    // The family emoji is 8 UTF-16 units but 5 code points.
    expect(s.start).toBe(u('שלום') - 3);
  });

  it('never splits an emoji sequence or a combining mark', () => {
    const fam = u('👩');
    expect(spanFromSelection(doc, fam + 3, fam + 4, 'PER', false)!.text).toBe('👩‍👩‍👧');
    const d = docOf('cafe\u0301 noir');
    expect(spanFromSelection(d, 2, 4, 'PER', false)!.text).toBe('fe\u0301');
  });

  it('snaps to whole words when the project asks', () => {
    expect(spanFromSelection(doc, u('af'), u('af') + 1, 'PER', true)!.text).toBe('café');
    expect(spanFromSelection(doc, u('Hi') + 2, u('Hi') + 3, 'PER', false)).toBeNull();
  });
});

describe('editor', () => {
  const doc = docOf('Ada Lovelace met Babbage in London.');
  const mk = (start: number, end: number, label: string) => ({
    start,
    end,
    label,
    text: doc.map.slice(start, end),
  });

  it('adds spans in order without duplicates, relabels, deletes, and undoes each step', () => {
    const ed = new Editor(schema, doc, {}, new Suggestions(schema, {}));
    ed.addSpan('ner', mk(17, 24, 'PER'));
    ed.addSpan('ner', mk(0, 12, 'PER'));
    ed.addSpan('ner', mk(0, 12, 'PER'));
    expect(ed.spans('ner').map((s) => s.text)).toEqual(['Ada Lovelace', 'Babbage']);
    expect(ed.get().selected).toBe('ner:0:12:PER');
    ed.relabelSelected('ner', 'LOC');
    expect(ed.get().selected).toBe('ner:0:12:LOC');
    ed.deleteSelected();
    expect(ed.spans('ner').map((s) => s.text)).toEqual(['Babbage']);
    expect(ed.get().selected).toBe('ner:17:24:PER');
    ed.undo();
    expect(ed.spans('ner').map((s) => s.label)).toEqual(['LOC', 'PER']);
    ed.undo();
    ed.undo();
    expect(ed.spans('ner')).toHaveLength(1);
    ed.redo();
    ed.redo();
    expect(ed.spans('ner').map((s) => s.label)).toEqual(['LOC', 'PER']);
    expect(ed.get().canRedo).toBe(true);
  });

  it('cycles through spans in reading order, wrapping around', () => {
    const ed = new Editor(
      schema,
      doc,
      { ner: [mk(0, 3, 'PER'), mk(17, 24, 'PER'), mk(28, 34, 'LOC')] },
      new Suggestions(schema, {}),
    );
    ed.cycle(1);
    expect(ed.get().selected).toBe('ner:0:3:PER');
    ed.cycle(-1);
    expect(ed.get().selected).toBe('ner:28:34:LOC');
    ed.select(null);
    ed.cycle(1, 10);
    expect(ed.get().selected).toBe('ner:17:24:PER');
    ed.select(null);
    ed.cycle(-1, 10);
    expect(ed.get().selected).toBe('ner:0:3:PER');
  });

  it('selects or toggles choices and drops empty answers', () => {
    const ed = new Editor(schema, doc, {}, new Suggestions(schema, {}));
    const topic = ed.task('topic')!;
    const tags = ed.task('tags')!;
    ed.toggleChoice(topic, 'a');
    ed.toggleChoice(topic, 'b');
    expect(ed.get().labels.topic).toEqual(['b']);
    ed.toggleChoice(tags, 'z');
    ed.toggleChoice(tags, 'x');
    expect(ed.get().labels.tags).toEqual(['x', 'z']);
    ed.toggleChoice(tags, 'x');
    ed.toggleChoice(tags, 'z');
    expect('tags' in ed.get().labels).toBe(false);
  });

  it('does not count loading labels as an undo step', () => {
    const ed = new Editor(schema, doc, { topic: ['a'] }, new Suggestions(schema, {}));
    expect(ed.get().canUndo).toBe(false);
    ed.undo();
    expect(ed.get().labels).toEqual({ topic: ['a'] });
  });
});

describe('predictions', () => {
  const doc = docOf('Ada 😀 Lovelace');

  it('keeps only valid predicted values and recomputes span texts from the offsets', () => {
    const labels = coerceLabels(
      schema.tasks,
      {
        ner: [
          { start: 6, end: 14, label: 'PER', text: 'stale' },
          { start: 0, end: 3, label: 'NOPE' },
          { start: 3, end: 99, label: 'PER' },
        ],
        topic: ['a', 'b'],
        tags: ['y', 'q'],
        note: 42,
        ghost: ['x'],
      },
      doc,
    );
    expect(labels).toEqual({
      ner: [{ start: 6, end: 14, label: 'PER', text: 'Lovelace' }],
      topic: ['a'],
      tags: ['y'],
    });
  });

  it('marks values as suggested while they equal the prediction', () => {
    const predicted = coerceLabels(
      schema.tasks,
      { ner: [{ start: 0, end: 3, label: 'PER' }], topic: ['a'] },
      doc,
    );
    const sug = new Suggestions(schema, predicted);
    const ed = new Editor(schema, doc, predicted, sug);
    expect(sug.any(ed.get().labels)).toBe(true);
    ed.select(spanKey('ner', { start: 0, end: 3, label: 'PER' }));
    ed.relabelSelected('ner', 'LOC');
    expect(sug.span('ner', ed.spans('ner')[0]!)).toBe(false);
    expect(sug.task('topic', ed.get().labels.topic)).toBe(true);
    ed.toggleChoice(ed.task('topic')!, 'b');
    expect(sug.any(ed.get().labels)).toBe(false);
    ed.undo();
    ed.undo();
    expect(sug.span('ner', ed.spans('ner')[0]!)).toBe(true);
  });
});
