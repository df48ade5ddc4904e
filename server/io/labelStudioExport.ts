import { toLabelStudioResults } from '../../shared/formats/labelStudioImage.ts';
import type { Task } from '../../shared/labelSchema.ts';
import type { Labels, Span } from '../../shared/labels.ts';
import { OffsetMap } from '../../shared/offsets.ts';
import type { ExportItemRow } from '../db/stores/items.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import { imageOf } from './exportPages.ts';

/** One Label Studio result that is not an image shape: choices, a free text, a text span. */
type OtherResult = {
  from_name: string;
  to_name: string;
  type: 'choices' | 'textarea' | 'labels';
  value: Record<string, unknown>;
};

/**
 * Label Studio results for the non-shape tasks: choices, free text, and text spans (offsets in
 * UTF-16 code units, as Label Studio counts them). `toName` is the object tag: `image` or `text`.
 */
function otherResults(tasks: readonly Task[], labels: Labels, toName: string, text: OffsetMap | null) {
  const out: OtherResult[] = [];
  for (const task of tasks) {
    const v = labels[task.name];
    if (v === undefined || v === null) continue;
    const base = { from_name: task.name, to_name: toName };
    if (task.type === 'choices' && Array.isArray(v) && v.length) {
      out.push({ ...base, type: 'choices', value: { choices: v } });
    } else if (task.type === 'text' && typeof v === 'string' && v !== '') {
      out.push({ ...base, type: 'textarea', value: { text: [v] } });
    } else if (task.type === 'spans' && text && Array.isArray(v)) {
      for (const s of v as Span[]) {
        const start = text.toUtf16(s.start);
        const end = text.toUtf16(s.end);
        out.push({
          ...base,
          type: 'labels',
          value: { start, end, text: text.text.slice(start, end), labels: [s.label] },
        });
      }
    }
  }
  return out;
}

/**
 * One Label Studio task for an item: `data` with its text or image path (and meta), and as
 * `annotations` the final labels, or, for an item not finished yet, each annotator's submitted
 * labels. Image shapes are in percent of the image with `original_width/height`, so Label Studio
 * (and Gloss's own importer) read them back to the same pixels.
 */
export function labelStudioTask(project: ProjectRecord, row: ExportItemRow): Record<string, unknown> {
  const data = JSON.parse(row.data) as { text?: string; image?: string };
  const meta = row.meta ? (JSON.parse(row.meta) as Record<string, unknown>) : {};
  const image = imageOf(row);
  const tasks = project.schema.tasks;
  const text = data.text !== undefined ? new OffsetMap(data.text) : null;
  const resultsOf = (labels: Labels) => [
    ...(image ? toLabelStudioResults(project.schema, labels, image) : []),
    ...otherResults(tasks, labels, image ? 'image' : 'text', text),
  ];
  const sets: { labels: Labels; at: string | null }[] = row.final_labels
    ? [{ labels: JSON.parse(row.final_labels) as Labels, at: null }]
    : row.annotations.map((a) => ({ labels: JSON.parse(a.labels) as Labels, at: a.submitted_at }));
  return {
    id: row.ext_id,
    data: image ? { ...meta, image: image.path } : { ...meta, text: data.text ?? '' },
    annotations: sets.map((s) => ({
      result: resultsOf(s.labels),
      // Label Studio wants its own user ids in completed_by, so the annotator is not named here.
      ...(s.at ? { created_at: s.at } : { ground_truth: true }),
    })),
    predictions: [],
  };
}
