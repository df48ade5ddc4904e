import { z } from 'zod';
import type { LabelledTask } from '../labelSchema.ts';
import { BoxSchema, PointSchema, PolygonSchema, SpanSchema } from '../labels.ts';
import { greedyMatch } from './matching.ts';
import type { AgreementOptions } from './schemas.ts';
import { boxSimilarity, pointSimilarity, polygonSimilarity } from './shapes.ts';
import { spanSimilarity } from './spans.ts';

/** One object of an answer (a chosen label, span, shape or point): its position and its label. */
export interface EntryRef {
  index: number;
  label: string;
}

/** Every annotator's answer to one task, read once, with one-to-one matching between any two. */
export interface TaskAnswers {
  /** Per annotator, in input order, the objects of their answer that could be read. */
  entries: EntryRef[][];
  /** Matches between annotators i and j, as positions into `entries[i]` and `entries[j]`. */
  match(i: number, j: number): [number, number][];
}

interface Kind<T> {
  schema: z.ZodType<T>;
  label(value: T): string;
  similarity(a: T, b: T): number | null;
}

function readEntries<T>(kind: Kind<T>, answer: unknown): (EntryRef & { value: T })[] {
  if (!Array.isArray(answer)) return [];
  const out: (EntryRef & { value: T })[] = [];
  answer.forEach((raw: unknown, index) => {
    // Annotations outlive schema edits, so an entry may no longer fit its task: leave it out
    // rather than fail the whole item.
    const parsed = kind.schema.safeParse(raw);
    if (parsed.success) out.push({ index, label: kind.label(parsed.data), value: parsed.data });
  });
  return out;
}

function answersOf<T>(kind: Kind<T>, answers: readonly unknown[]): TaskAnswers {
  const read = answers.map((a) => readEntries(kind, a));
  return {
    entries: read.map((list) => list.map(({ index, label }) => ({ index, label }))),
    match: (i, j) => greedyMatch(read[i] ?? [], read[j] ?? [], (x, y) => kind.similarity(x.value, y.value)),
  };
}

const byLabel = (o: { label: string }) => o.label;
const CHOICE = z.string();

/**
 * Reads each annotator's answer to a labelled task (a missing answer is an empty one) and pairs
 * objects the way the options say: choices by equal value, spans exactly or by overlap, boxes and
 * polygons by IoU, points by distance; always within the same label.
 */
export function readTaskAnswers(
  task: LabelledTask,
  answers: readonly unknown[],
  opts: AgreementOptions,
): TaskAnswers {
  switch (task.type) {
    case 'choices':
      return answersOf(
        { schema: CHOICE, label: (v) => v, similarity: (a, b) => (a === b ? 1 : null) },
        answers,
      );
    case 'spans':
      return answersOf(
        { schema: SpanSchema, label: byLabel, similarity: spanSimilarity(opts.spanMatch) },
        answers,
      );
    case 'boxes':
      return answersOf(
        { schema: BoxSchema, label: byLabel, similarity: boxSimilarity(opts.iouThreshold) },
        answers,
      );
    case 'polygons':
      return answersOf(
        { schema: PolygonSchema, label: byLabel, similarity: polygonSimilarity(opts.iouThreshold) },
        answers,
      );
    case 'points':
      return answersOf(
        { schema: PointSchema, label: byLabel, similarity: pointSimilarity(opts.pointDistance) },
        answers,
      );
  }
}
