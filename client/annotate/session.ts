import type { WorkItem } from '../../shared/annotate.ts';
import type { LabelSchema } from '../../shared/labelSchema.ts';
import type { Labels } from '../../shared/labels.ts';
import { readLocalDraft } from './autosave.ts';
import { coerceLabels } from './kinds/index.ts';
import type { Doc } from './kinds/types.ts';
import { Suggestions } from './suggestions.ts';

/** Where an item's starting labels came from. */
export type LabelsSource = 'local' | 'draft' | 'annotation' | 'predictions' | 'empty';

function storage(kind: 'local' | 'session'): Storage | null {
  try {
    return kind === 'local' ? localStorage : sessionStorage;
  } catch {
    return null;
  }
}

const openedKey = (id: number) => `gloss.opened.${id}`;
const acceptedKey = (id: number) => `gloss.accepted.${id}`;

/**
 * The labels an item opens with: the newest of my local (unsent) draft and my server draft, else
 * my submitted annotation (history), else the model's predictions (drawn as suggestions), else
 * nothing. Whichever it is, it is where undo starts, not a step of it. Also notes when the item
 * was first opened in this tab, so a reload does not reset its lead time.
 */
export function startingLabels(
  schema: LabelSchema,
  doc: Doc,
  item: WorkItem,
): { labels: Labels; suggestions: Suggestions; accepted: boolean; from: LabelsSource } {
  const session = storage('session');
  if (session && !session.getItem(openedKey(item.id)))
    session.setItem(openedKey(item.id), String(Date.now()));
  const predicted = coerceLabels(schema.tasks, item.predictions[0]?.labels, doc);
  const suggestions = new Suggestions(schema, predicted);
  // Once I have submitted an item its labels are mine, whatever the model proposed.
  const accepted = item.annotation !== null || storage('local')?.getItem(acceptedKey(item.id)) === '1';
  const pick = (labels: Labels | null | undefined, from: LabelsSource) => ({
    labels: coerceLabels(schema.tasks, labels, doc),
    suggestions,
    accepted,
    from,
  });
  const local = readLocalDraft(item.id);
  if (local && (!item.draft || Date.parse(local.savedAt) > Date.parse(item.draft.savedAt))) {
    return pick(local.labels, 'local');
  }
  if (item.draft) return pick(item.draft.labels, 'draft');
  if (item.annotation) return pick(item.annotation.labels, 'annotation');
  if (Object.keys(predicted).length) return { labels: predicted, suggestions, accepted, from: 'predictions' };
  return { labels: {}, suggestions, accepted, from: 'empty' };
}

/** Seconds since the item was first opened in this tab. */
export function leadTimeSeconds(itemId: number): number {
  const opened = Number(storage('session')?.getItem(openedKey(itemId)) ?? Date.now());
  const s = Math.round((Date.now() - opened) / 100) / 10;
  // The server takes at most a week: a tab left open longer still submits.
  return Math.min(Math.max(0, s), 7 * 24 * 3600);
}

/** Remembers that the annotator accepted this item's suggestions (a reload keeps them accepted). */
export function acceptSuggestions(itemId: number) {
  storage('local')?.setItem(acceptedKey(itemId), '1');
}

/** The item is done: drop what this tab kept about it. */
export function forgetItem(itemId: number) {
  storage('session')?.removeItem(openedKey(itemId));
  storage('local')?.removeItem(acceptedKey(itemId));
}
