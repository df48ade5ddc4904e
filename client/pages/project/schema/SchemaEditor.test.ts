import { describe, expect, it } from 'vitest';
import { ProjectPatchSchema } from '../../../../shared/api.ts';
import { LabelSchemaSchema } from '../../../../shared/labelSchema.ts';
import { formatOf } from '../../../api/io.ts';
import { issueMap, toNumber } from '../../../ui/issues.ts';
import { toDraft } from './SchemaEditor.tsx';
import { SCHEMA_TEMPLATES } from './templates.ts';

describe('schema editor helpers', () => {
  it('offers only templates the server accepts', () => {
    for (const t of SCHEMA_TEMPLATES) expect(LabelSchemaSchema.safeParse(t.schema).success, t.id).toBe(true);
  });

  it('takes pasted JSON the form can show and refuses shapes it cannot', () => {
    expect(toDraft({ tasks: [{ name: 'x', type: 'text' }] })).not.toBeNull();
    // Wrong values are fine here: validation names them field by field.
    expect(toDraft({ tasks: [{ name: 3, type: 'nope', labels: [{ value: 1 }] }] })).not.toBeNull();
    expect(toDraft([])).toBeNull();
    expect(toDraft({ tasks: 'x' })).toBeNull();
    expect(toDraft({ tasks: [1] })).toBeNull();
    expect(toDraft({ tasks: [{ labels: ['a'] }] })).toBeNull();
  });

  it('puts each issue on the path the server names in error.field', () => {
    const result = ProjectPatchSchema.safeParse({
      overlap: toNumber(''),
      settings: { leaseMinutes: 0 },
      schema: {
        tasks: [
          {
            name: 'a',
            type: 'spans',
            labels: [
              { value: 'X', hotkey: 'x' },
              { value: 'Y', hotkey: 'x' },
            ],
          },
          { name: '', type: 'choices', labels: [] },
        ],
      },
    });
    const all = issueMap(result.error);
    expect([...all.keys()]).toEqual(
      expect.arrayContaining([
        'overlap',
        'settings.leaseMinutes',
        'schema.tasks.1.name',
        'schema.tasks.1.labels',
      ]),
    );
    const schema = issueMap(result.error, 'schema');
    expect(schema.get('tasks.0.labels.1.hotkey')).toMatch(/already used/);
    expect(schema.has('overlap')).toBe(false);
  });

  it('reads the import format from the file extension', () => {
    expect(formatOf('data.JSONL')).toBe('jsonl');
    expect(formatOf('a.b.ndjson')).toBe('jsonl');
    // A .json file may be Label Studio tasks or COCO: the server tells them apart by the content.
    expect(formatOf('tasks.json')).toBe('auto');
    expect(formatOf('photos.zip')).toBe('auto');
    expect(formatOf('cat.JPG')).toBe('auto');
    expect(formatOf('sheet.csv')).toBe('csv');
    expect(formatOf('notes.txt')).toBeNull();
    expect(formatOf('README')).toBeNull();
  });
});
