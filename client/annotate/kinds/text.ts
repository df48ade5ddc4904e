import type { AnnotationKind } from './types.ts';

/** A free answer; whitespace alone counts as no answer. */
export const textKind: AnnotationKind<string> = {
  type: 'text',
  coerce(raw, task) {
    if (typeof raw !== 'string' || raw === '') return undefined;
    return task.type === 'text' && task.maxLength ? raw.slice(0, task.maxLength) : raw;
  },
  isEmpty: (v) => !v || v.trim() === '',
  same: (a, b) => a === b,
};
