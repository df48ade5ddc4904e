import { hasLabels, type Task } from '../../../shared/labelSchema.ts';
import type { AnnotationKind } from './types.ts';

/** Choices are always an array of label values (handbook section 3), one at most for a single choice. */
export const choicesKind: AnnotationKind<string[]> = {
  type: 'choices',
  coerce(raw, task) {
    const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
    const known = new Set(hasLabels(task) ? task.labels.map((l) => l.value) : []);
    const kept = [...new Set(list.filter((v): v is string => typeof v === 'string' && known.has(v)))];
    const multiple = task.type === 'choices' && task.multiple === true;
    return kept.length ? (multiple ? kept : kept.slice(0, 1)) : undefined;
  },
  isEmpty: (v) => !v || v.length === 0,
  same: (a, b) => a.length === b.length && a.every((v) => b.includes(v)),
};

/**
 * Pressing a choice's key: a single choice selects it (or clears it when it is already the
 * answer); a multiple choice toggles it, keeping the schema's order.
 */
export function toggleChoice(task: Task, current: readonly string[] | undefined, value: string): string[] {
  const cur = current ?? [];
  if (task.type !== 'choices' || !task.multiple) return cur.includes(value) ? [] : [value];
  const next = cur.includes(value) ? cur.filter((v) => v !== value) : [...cur, value];
  const order = task.labels.map((l) => l.value);
  return next.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
