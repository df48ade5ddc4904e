import type { Prediction } from '../../shared/annotate.ts';
import { completeSchema, type LabelSchema } from '../../shared/labelSchema.ts';
import type { Ctx } from '../context.ts';
import type { Db } from '../db/open.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';

/** A schema with a span task and a required single choice, like a typical text project. */
export const TEXT_SCHEMA: LabelSchema = completeSchema({
  tasks: [
    { name: 'entities', type: 'spans', labels: [{ value: 'PER' }, { value: 'ORG' }] },
    {
      name: 'topic',
      type: 'choices',
      required: true,
      labels: [{ value: 'history' }, { value: 'science' }],
    },
    { name: 'note', type: 'text' },
  ],
});

/** A project for queue tests and benches, created straight in the store. */
export function queueProject(
  ctx: Ctx,
  opts: { name?: string; overlap?: number; leaseMinutes?: number; schema?: LabelSchema } = {},
): ProjectRecord {
  return ctx.projects.create({
    name: opts.name ?? 'queue',
    description: '',
    schema: opts.schema ?? TEXT_SCHEMA,
    guidelines: '',
    overlap: opts.overlap ?? 1,
    settings: { leaseMinutes: opts.leaseMinutes ?? 30, snapToWords: false },
    createdBy: null,
  });
}

export interface SeedItem {
  text: string;
  priority?: number;
  predictions?: Prediction[];
}

/**
 * Inserts text items with one prepared INSERT, 10,000 per transaction, without the importer:
 * `items` is a list, or a count with `make` building item n (default: the text "item n+1").
 * Returns the ids in import order.
 */
export function insertItems(
  db: Db,
  projectId: number,
  items: SeedItem[] | number,
  make: (n: number) => SeedItem = (n) => ({ text: `item ${n + 1}` }),
): number[] {
  const list: SeedItem[] | null = Array.isArray(items) ? items : null;
  const count = list ? list.length : (items as number);
  const insert = db.prepare(
    `INSERT INTO items (project_id, ext_id, kind, data, predictions, priority) VALUES (?, ?, 'text', ?, ?, ?)`,
  );
  const start = (db.prepare('SELECT coalesce(max(id), 0) FROM items').pluck().get() as number) + 1;
  const ids: number[] = [];
  const batch = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const it = list ? list[n]! : make(n);
      const id = insert.run(
        projectId,
        `ext-${start + n}`,
        JSON.stringify({ text: it.text }),
        it.predictions ? JSON.stringify(it.predictions) : null,
        it.priority ?? 0,
      ).lastInsertRowid;
      ids.push(Number(id));
    }
  });
  for (let from = 0; from < count; from += 10_000) batch(from, Math.min(count, from + 10_000));
  return ids;
}
