import type { LabelSchema } from '../../../../shared/labelSchema.ts';

/** Starting points offered when a project is created; each is an ordinary, editable schema. */
export const SCHEMA_TEMPLATES: { id: string; title: string; blurb: string; schema: LabelSchema }[] = [
  {
    id: 'text',
    title: 'Text: entities + topic',
    blurb: 'Mark people, organisations and places; pick one topic per text.',
    schema: {
      tasks: [
        {
          name: 'entities',
          type: 'spans',
          labels: [
            { value: 'PER', color: '#e11d48', hotkey: 'p' },
            { value: 'ORG', color: '#2563eb', hotkey: 'o' },
            { value: 'LOC', color: '#16a34a', hotkey: 'l' },
          ],
        },
        {
          name: 'topic',
          type: 'choices',
          multiple: false,
          required: true,
          labels: [
            { value: 'history', color: '#d97706', hotkey: '1' },
            { value: 'science', color: '#7c3aed', hotkey: '2' },
            { value: 'other', color: '#0891b2', hotkey: '3' },
          ],
        },
      ],
    },
  },
  {
    id: 'image',
    title: 'Image: boxes',
    blurb: 'Draw boxes around objects in images.',
    schema: {
      tasks: [
        {
          name: 'objects',
          type: 'boxes',
          labels: [
            { value: 'person', color: '#e11d48', hotkey: 'p' },
            { value: 'car', color: '#2563eb', hotkey: 'c' },
            { value: 'animal', color: '#16a34a', hotkey: 'a' },
          ],
        },
      ],
    },
  },
  { id: 'blank', title: 'Blank', blurb: 'Start empty and add your own tasks.', schema: { tasks: [] } },
];
