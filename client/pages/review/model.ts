import { disagreements } from '../../../shared/agreement/index.ts';
import { hasLabels, type LabelSchema, PALETTE, type TaskType } from '../../../shared/labelSchema.ts';
import { type Labels, SpanSchema } from '../../../shared/labels.ts';
import type { OffsetMap } from '../../../shared/offsets.ts';
import type { ReviewAnnotation } from '../../../shared/review/api.ts';
import type { TierPolicy } from '../../../shared/review/tiers.ts';
import { spanKey } from '../../annotate/kinds/spans.ts';
import type { SpanView } from '../../annotate/segments.ts';
import { describeObject, objectIdentity } from './diff.ts';

/**
 * What the reviewer sees of each annotation: its objects (spans, chosen labels, shapes, points)
 * with whether the other annotators have a matching one, paired exactly as the agreement score
 * pairs them (shared/agreement `disagreements`).
 */

/** One object of an annotation, with its agreement. */
export interface ObjectView {
  task: string;
  type: TaskType;
  /** Position in the annotation's answer for the task. */
  index: number;
  label: string;
  text: string;
  /** Other annotators who have a matching object. */
  agreedBy: string[];
  /** Annotators who do not; empty when everyone agrees or the item has one annotation. */
  missingFrom: string[];
}

/** A span as the read-only text draws it. */
export interface ReviewSpan extends SpanView {
  disputed: boolean;
  note: string;
}

export interface AnnotationView {
  annotation: ReviewAnnotation;
  objects: ObjectView[];
  /** Objects not shared by every other annotator. */
  disputed: number;
  /** Tasks whose answers are not unanimous. */
  disputedTasks: Set<string>;
}

/** Label colours as the editor draws them: the schema's colour, else the palette in order. */
export function labelColors(schema: LabelSchema): (task: string, label: string) => string {
  const m = new Map<string, string>();
  let i = 0;
  for (const t of schema.tasks) {
    if (!hasLabels(t)) continue;
    for (const l of t.labels) m.set(`${t.name}:${l.value}`, l.color ?? PALETTE[i++ % PALETTE.length]!);
  }
  return (task, label) => m.get(`${task}:${label}`) ?? '#6b7280';
}

export function annotationViews(
  schema: LabelSchema,
  annotations: readonly ReviewAnnotation[],
): AnnotationView[] {
  const compared = annotations.length > 1;
  const d = compared ? disagreements(schema, annotations) : {};
  const everyone = annotations.map((a) => a.by);
  return annotations.map((annotation) => {
    const objects: ObjectView[] = [];
    const disputedTasks = new Set<string>();
    for (const task of schema.tasks) {
      if (task.type === 'text') {
        const v = annotation.labels[task.name];
        if (compared && annotations.some((o) => (o.labels[task.name] ?? '') !== (v ?? '')))
          disputedTasks.add(task.name);
        continue;
      }
      const answer = annotation.labels[task.name];
      const list = Array.isArray(answer) ? answer : [];
      const entries = d[task.name]?.byAnnotator[annotation.by];
      if (d[task.name] && !d[task.name]!.agree) disputedTasks.add(task.name);
      const byIndex = new Map(entries?.map((e) => [e.index, e]));
      list.forEach((value, index) => {
        const e = byIndex.get(index);
        // An entry the metrics could not read (stale after a schema edit) is shown, unmatched.
        const agreedBy = e?.agreedBy ?? [];
        const label =
          e?.label ??
          (typeof value === 'string' ? value : String((value as { label?: unknown })?.label ?? '?'));
        objects.push({
          task: task.name,
          type: task.type,
          index,
          label,
          text: describeObject(task.type, value),
          agreedBy,
          missingFrom: compared
            ? everyone.filter((who) => who !== annotation.by && !agreedBy.includes(who))
            : [],
        });
      });
    }
    return {
      annotation,
      objects,
      disputed: objects.filter((o) => o.missingFrom.length > 0).length,
      disputedTasks,
    };
  });
}

/**
 * One side of a correction's difference as a view: each object the other side lacks is marked
 * as not shared by `otherName`, so it is drawn dashed like a disagreement.
 */
export function diffView(
  schema: LabelSchema,
  labels: Labels,
  other: Labels,
  otherName: string,
): AnnotationView {
  const objects: ObjectView[] = [];
  for (const task of schema.tasks) {
    if (task.type === 'text') continue;
    const theirs = new Set(
      (Array.isArray(other[task.name]) ? (other[task.name] as unknown[]) : []).map((v) =>
        objectIdentity(task.type, v),
      ),
    );
    const mine = labels[task.name];
    (Array.isArray(mine) ? mine : []).forEach((value, index) => {
      const shared = theirs.has(objectIdentity(task.type, value));
      objects.push({
        task: task.name,
        type: task.type,
        index,
        label: typeof value === 'string' ? value : String((value as { label?: unknown })?.label ?? '?'),
        text: describeObject(task.type, value),
        agreedBy: shared ? [otherName] : [],
        missingFrom: shared ? [] : [otherName],
      });
    });
  }
  return {
    annotation: { id: 0, by: '', labels, version: 0, leadTimeS: null, submittedAt: '' },
    objects,
    disputed: objects.filter((o) => o.missingFrom.length).length,
    disputedTasks: new Set(),
  };
}

/** The spans of one annotation ready to draw over the text, each marked when not shared by all. */
export function reviewSpans(
  schema: LabelSchema,
  view: AnnotationView,
  map: OffsetMap,
  colorOf: (task: string, label: string) => string,
): ReviewSpan[] {
  const out: ReviewSpan[] = [];
  const seen = new Set<string>();
  const notes = new Map(view.objects.map((o) => [`${o.task}#${o.index}`, o]));
  for (const task of schema.tasks) {
    if (task.type !== 'spans') continue;
    const list = view.annotation.labels[task.name];
    if (!Array.isArray(list)) continue;
    list.forEach((raw, index) => {
      const s = SpanSchema.safeParse(raw);
      if (!s.success || s.data.end <= s.data.start || s.data.end > map.length) return;
      const key = spanKey(task.name, s.data);
      if (seen.has(key)) return;
      seen.add(key);
      const o = notes.get(`${task.name}#${index}`);
      const missing = o?.missingFrom ?? [];
      out.push({
        key,
        task: task.name,
        label: s.data.label,
        color: colorOf(task.name, s.data.label),
        start: map.toUtf16(s.data.start),
        end: map.toUtf16(s.data.end),
        suggested: false,
        disputed: missing.length > 0,
        note: missing.length
          ? `${s.data.label} (${task.name}): not marked by ${missing.join(', ')}`
          : `${s.data.label} (${task.name})`,
      });
    });
  }
  return out;
}

export const percent = (v: number | null | undefined) =>
  v === null || v === undefined ? '-' : `${Math.round(v * 100)}%`;

/** A tier's policy in words. */
export function policyText(policy: TierPolicy): string {
  switch (policy.kind) {
    case 'all':
      return 'every item';
    case 'sample':
      return `a ${policy.percent}% sample, plus escalated items`;
    case 'escalated':
      return 'escalated items only';
  }
}
