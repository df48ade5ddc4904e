import { describe, expect, it } from 'vitest';
import { completeSchema, LabelSchemaSchema, PALETTE, schemaMedia } from './labelSchema.ts';
import { labelsSchemaFor, missingRequired } from './labels.ts';

const handbook = {
  tasks: [
    { name: 'entities', type: 'spans', labels: [{ value: 'PER', color: '#e11d48', hotkey: 'p' }] },
    {
      name: 'topic',
      type: 'choices',
      multiple: false,
      required: true,
      labels: [
        { value: 'history', hotkey: '1' },
        { value: 'science', hotkey: '2' },
      ],
    },
    { name: 'objects', type: 'boxes', labels: [{ value: 'car', hotkey: 'c' }] },
    { name: 'note', type: 'text' },
  ],
};

describe('label schema', () => {
  it('accepts the handbook example', () => {
    expect(LabelSchemaSchema.safeParse(handbook).success).toBe(true);
  });

  it('covers every task type', () => {
    for (const type of ['choices', 'spans', 'boxes', 'polygons', 'points']) {
      const r = LabelSchemaSchema.safeParse({ tasks: [{ name: 't', type, labels: [{ value: 'a' }] }] });
      expect(r.success, type).toBe(true);
    }
    expect(LabelSchemaSchema.safeParse({ tasks: [{ name: 't', type: 'text' }] }).success).toBe(true);
    expect(LabelSchemaSchema.safeParse({ tasks: [{ name: 't', type: 'video', labels: [] }] }).success).toBe(
      false,
    );
  });

  it('refuses a hotkey used twice, naming its owner and the path', () => {
    const r = LabelSchemaSchema.safeParse({
      tasks: [
        { name: 'a', type: 'spans', labels: [{ value: 'PER', hotkey: 'p' }] },
        { name: 'b', type: 'choices', labels: [{ value: 'pos', hotkey: 'P' }] },
      ],
    });
    expect(r.success).toBe(false);
    const issue = r.error!.issues[0]!;
    expect(issue.path).toEqual(['tasks', 1, 'labels', 0, 'hotkey']);
    expect(issue.message).toContain('"PER" in a');
  });

  it('refuses duplicate task names, duplicate labels, bad colours and empty label lists', () => {
    const bad = (tasks: unknown[]) => LabelSchemaSchema.safeParse({ tasks }).success;
    expect(
      bad([
        { name: 'a', type: 'text' },
        { name: 'a', type: 'text' },
      ]),
    ).toBe(false);
    expect(bad([{ name: 'a', type: 'spans', labels: [{ value: 'X' }, { value: 'X' }] }])).toBe(false);
    expect(bad([{ name: 'a', type: 'spans', labels: [{ value: 'X', color: 'red' }] }])).toBe(false);
    expect(bad([{ name: 'a', type: 'spans', labels: [] }])).toBe(false);
    expect(bad([{ name: 'a b', type: 'text' }])).toBe(false);
    expect(bad([{ name: 'a', type: 'spans', labels: [{ value: 'X', hotkey: 'ctrl+x' }] }])).toBe(false);
  });

  it('assigns missing colours and hotkeys without reusing taken keys', () => {
    const s = completeSchema(
      LabelSchemaSchema.parse({
        tasks: [
          {
            name: 'e',
            type: 'spans',
            labels: [{ value: 'PER', hotkey: '1' }, { value: 'ORG' }, { value: 'LOC' }],
          },
          { name: 't', type: 'choices', labels: [{ value: 'x', color: '#000000' }] },
        ],
      }),
    );
    const labels = s.tasks.flatMap((t) => ('labels' in t ? t.labels : []));
    expect(labels.map((l) => l.hotkey)).toEqual(['1', '2', '3', '4']);
    expect(labels[0]!.color).toBe(PALETTE[0]);
    expect(labels[3]!.color).toBe('#000000');
    expect(LabelSchemaSchema.safeParse(s).success).toBe(true);
  });

  it('tells text from image projects', () => {
    expect(schemaMedia(LabelSchemaSchema.parse(handbook))).toBe('image');
    expect(schemaMedia({ tasks: [] })).toBe('text');
  });
});

describe('labels', () => {
  const schema = LabelSchemaSchema.parse(handbook);
  const check = labelsSchemaFor(schema);

  it('accepts the handbook labels example', () => {
    const labels = {
      entities: [{ start: 0, end: 3, label: 'PER', text: 'Ada' }],
      topic: ['history'],
      objects: [{ x: 10, y: 20, width: 30, height: 40, label: 'car' }],
      note: '...',
    };
    expect(check.safeParse(labels).success).toBe(true);
  });

  it('refuses unknown tasks, unknown labels, two single choices and reversed spans', () => {
    expect(check.safeParse({ nope: [] }).success).toBe(false);
    expect(check.safeParse({ topic: ['art'] }).success).toBe(false);
    expect(check.safeParse({ topic: ['history', 'science'] }).success).toBe(false);
    expect(check.safeParse({ entities: [{ start: 3, end: 1, label: 'PER' }] }).success).toBe(false);
    expect(check.safeParse({ topic: 'history' }).success).toBe(false);
  });

  it('names required tasks left empty', () => {
    expect(missingRequired(schema, {})).toEqual(['topic']);
    expect(missingRequired(schema, { topic: [] })).toEqual(['topic']);
    expect(missingRequired(schema, { topic: ['science'] })).toEqual([]);
  });
});
