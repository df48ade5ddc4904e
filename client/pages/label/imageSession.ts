import type { WorkItem } from '../../../shared/annotate.ts';
import { isShapeTask } from '../../../shared/formats/imageShapes.ts';
import { clampShape, type Size } from '../../../shared/geometry.ts';
import type { LabelSchema } from '../../../shared/labelSchema.ts';
import { BoxSchema, type Labels, PointSchema, PolygonSchema } from '../../../shared/labels.ts';
import { OffsetMap } from '../../../shared/offsets.ts';
import { type Action, EDITOR_ACTIONS, labelActions } from '../../annotate/actions.ts';
import { readLocalDraft } from '../../annotate/autosave.ts';
import { coerceLabels } from '../../annotate/kinds/index.ts';
import { startingLabels } from '../../annotate/session.ts';

/**
 * What the image screen needs that the text screen does not: its table of keyboard actions and
 * the labels an image item opens with. No React here, so it is tested as plain functions.
 */

/** Image items have no text; the text-side helpers (choices, free text) still want a document. */
export const NO_TEXT = { text: '', map: new OffsetMap('') };

/** Item-level actions of the annotator that the image screen keeps; tools and shapes are the editor's. */
const HOST_ACTIONS = new Set([
  'submit',
  'save',
  'previousItem',
  'nextItem',
  'undo',
  'redo',
  'help',
  'guidelines',
]);

/**
 * The image screen's keyboard actions: the annotator's item actions (Space pans the image here,
 * so Skip moves to Alt+S), Escape for dialogs, and every label hotkey (the editor takes those of
 * the shape tasks before they get here; the choice ones toggle the choice).
 */
export function imageScreenActions(schema: LabelSchema): Action[] {
  const out: Action[] = [];
  for (const a of EDITOR_ACTIONS) {
    if (HOST_ACTIONS.has(a.id)) out.push(a);
    else if (a.id === 'skip') out.push({ ...a, keys: ['alt+s'] });
    else if (a.id === 'escape') out.push({ ...a, label: 'Close this help or a dialog; leave a text field' });
  }
  return [...out, ...labelActions(schema)];
}

/** The schema's shapes found in `raw`: well formed, with a label of their task, inside the image. */
export function shapeLabels(schema: LabelSchema, raw: Labels | null | undefined, size: Size): Labels {
  const out: Labels = {};
  if (!raw) return out;
  for (const task of schema.tasks.filter(isShapeTask)) {
    const v = raw[task.name];
    if (!Array.isArray(v)) continue;
    const allowed = new Set(task.labels.map((l) => l.value));
    const shapeSchema =
      task.type === 'boxes' ? BoxSchema : task.type === 'polygons' ? PolygonSchema : PointSchema;
    const shapes = v.flatMap((x) => {
      const r = shapeSchema.safeParse(x);
      return r.success && allowed.has(r.data.label) ? [clampShape(r.data, size)] : [];
    });
    if (shapes.length) out[task.name] = shapes;
  }
  return out;
}

/**
 * What an image item opens with, by the text screen's rule: my newest draft (local or saved),
 * else my submitted annotation, else the model's pre-annotation, else nothing. Loading is never
 * an undo step.
 */
export function imageStartingLabels(schema: LabelSchema, item: WorkItem, size: Size) {
  // Called for what it records: when the item was first opened in this tab, for the lead time.
  startingLabels(schema, NO_TEXT, item);
  const local = readLocalDraft(item.id);
  const [raw, from] =
    local && (!item.draft || Date.parse(local.savedAt) > Date.parse(item.draft.savedAt))
      ? [local.labels, 'local' as const]
      : item.draft
        ? [item.draft.labels, 'draft' as const]
        : item.annotation
          ? [item.annotation.labels, 'annotation' as const]
          : item.predictions[0]
            ? [item.predictions[0].labels, 'predictions' as const]
            : [null, 'empty' as const];
  return { labels: { ...coerceLabels(schema.tasks, raw, NO_TEXT), ...shapeLabels(schema, raw, size) }, from };
}
