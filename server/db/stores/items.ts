import type { Statement } from 'better-sqlite3';
import type { ItemRow, ItemStatus } from '../../../shared/api.ts';
import type { ImportItem } from '../../../shared/importLine.ts';
import type { Db } from '../open.ts';

interface ListRow {
  id: number;
  ext_id: string;
  kind: 'text' | 'image';
  preview: string | null;
  status: ItemStatus;
  tags: string | null;
  annotations: number;
  created_at: string;
}

const LIST_COLUMNS = `i.id, i.ext_id, i.kind, i.status, i.tags, i.created_at,
  substr(coalesce(json_extract(i.data, '$.text'), json_extract(i.data, '$.image')), 1, 160) AS preview,
  (SELECT COUNT(*) FROM annotations a WHERE a.item_id = i.id) AS annotations`;

/** An item as the exporter reads it: JSON columns still as text, so they can be passed through. */
interface ExportItemBase {
  id: number;
  ext_id: string;
  kind: 'text' | 'image';
  data: string;
  meta: string | null;
  status: ItemStatus;
  final_labels: string | null;
  agreement: number | null;
  created_at: string;
}
export interface ExportItemRow extends ExportItemBase {
  annotations: ExportAnnotationRow[];
  reviews: ExportReviewRow[];
}
export interface ExportAnnotationRow {
  item_id: number;
  username: string;
  labels: string;
  lead_time_s: number | null;
  submitted_at: string;
}

export interface ExportReviewRow {
  item_id: number;
  tier_name: string;
  username: string;
  decision: string;
  comment: string | null;
  created_at: string;
}

/**
 * Rows of a cursor ordered by item id, taken item by item as the items cursor advances (a merge
 * join); `close` ends the cursor early.
 */
function merge<R extends { item_id: number }>(rows: IterableIterator<R>) {
  let r = rows.next();
  return {
    take(itemId: number): R[] {
      while (!r.done && r.value.item_id < itemId) r = rows.next();
      const out: R[] = [];
      while (!r.done && r.value.item_id === itemId) {
        out.push(r.value);
        r = rows.next();
      }
      return out;
    },
    close: () => rows.return?.(),
  };
}

export interface ExportFilter {
  status?: ItemStatus;
  /** Inclusive bounds on created_at (ISO times). */
  from?: string;
  to?: string;
  /** Only items that entered the review tier with this bit (1 << tier index). */
  reached?: number;
}

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

export function itemsStore(db: Db) {
  const insert = db.prepare(
    `INSERT INTO items (project_id, ext_id, kind, data, meta, tags, predictions, gold)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, ext_id) DO NOTHING`,
  );
  const idOf = db
    .prepare<[number, string], number>('SELECT id FROM items WHERE project_id = ? AND ext_id = ?')
    .pluck();
  const replace = db.prepare(
    'UPDATE items SET kind = ?, data = ?, meta = ?, tags = ?, predictions = ?, gold = ? WHERE id = ?',
  );
  const addTag = db.prepare('INSERT OR IGNORE INTO item_tags (project_id, tag, item_id) VALUES (?, ?, ?)');
  const clearTags = db.prepare('DELETE FROM item_tags WHERE item_id = ?');
  const maxId = db.prepare<[], number | null>('SELECT max(id) FROM items').pluck();
  const annotationsFrom = db.prepare<[number, number], ExportAnnotationRow>(
    `SELECT a.item_id, u.username, a.labels, a.lead_time_s, a.submitted_at
     FROM annotations a JOIN users u ON u.id = a.user_id
     WHERE a.project_id = ? AND a.item_id > ? ORDER BY a.item_id, a.id`,
  );
  // By item id from an index that starts with it: the page's cursor stops at its last item.
  const reviewsFrom = db.prepare<[number, number], ExportReviewRow>(
    `SELECT r.item_id, r.tier_name, (SELECT username FROM users WHERE id = r.user_id) AS username,
       r.decision, r.comment, r.created_at
     FROM reviews r INDEXED BY reviews_item WHERE r.item_id > ? AND r.project_id = ? ORDER BY r.item_id, r.id`,
  );
  const exportPages = new Map<string, Statement<unknown[], ExportItemBase>>();
  const pageStatement = (f: ExportFilter) => {
    const key = `${f.status !== undefined}${f.from !== undefined}${f.to !== undefined}${f.reached !== undefined}`;
    let stmt = exportPages.get(key);
    if (!stmt) {
      const where = ['project_id = ?', 'id > ?'];
      if (f.status !== undefined) where.push('status = ?');
      if (f.from !== undefined) where.push('created_at >= ?');
      if (f.to !== undefined) where.push('created_at <= ?');
      if (f.reached !== undefined) where.push('(reached & ?) <> 0');
      stmt = db.prepare<unknown[], ExportItemBase>(
        `SELECT id, ext_id, kind, data, meta, status, final_labels, agreement, created_at FROM items
         WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`,
      );
      exportPages.set(key, stmt);
    }
    return stmt;
  };

  return {
    /**
     * One page of a project's items, keyset-paged by id: every filter walks an index from `after`
     * and stops after `limit` rows, so page 10,000 costs what page 1 does. A text search `q` is
     * an exact external id or a substring of the item's data, checked row by row along the same
     * index walk.
     */
    list(
      projectId: number,
      q: { status?: ItemStatus; tag?: string; q?: string; after?: number; limit: number },
    ): { items: ItemRow[]; next: number | null } {
      const args: unknown[] = [projectId];
      let from = 'items i';
      const where = ['i.project_id = ?'];
      if (q.tag !== undefined) {
        from = 'item_tags t JOIN items i ON i.id = t.item_id';
        where[0] = 't.project_id = ? AND t.tag = ?';
        args.push(q.tag);
      }
      if (q.status) where.push('i.status = ?') && args.push(q.status);
      if (q.after !== undefined)
        where.push(`${q.tag !== undefined ? 't.item_id' : 'i.id'} > ?`) && args.push(q.after);
      if (q.q)
        where.push('(i.ext_id = ? OR instr(i.data, ?) > 0)') &&
          args.push(q.q, JSON.stringify(q.q).slice(1, -1));
      const order = q.tag !== undefined ? 't.item_id' : 'i.id';
      const rows = db
        .prepare<unknown[], ListRow>(
          `SELECT ${LIST_COLUMNS} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`,
        )
        .all(...args, q.limit);
      const items = rows.map((r) => ({
        id: r.id,
        extId: r.ext_id,
        kind: r.kind,
        preview: r.preview ?? '',
        status: r.status,
        tags: r.tags ? (JSON.parse(r.tags) as string[]) : [],
        annotations: r.annotations,
        createdAt: r.created_at,
      }));
      return { items, next: rows.length === q.limit ? rows[rows.length - 1]!.id : null };
    },

    /** The highest item id in the database: rows above it were added later. */
    maxId: () => maxId.get() ?? 0,

    /**
     * Adds an imported item unless its external id is already in the project; returns the new
     * item's id, or null on that conflict. Tags also go into item_tags for the tag filter.
     */
    insertNew(projectId: number, extId: string, item: ImportItem): number | null {
      const r = insert.run(
        projectId,
        extId,
        item.kind,
        JSON.stringify(item.data),
        json(item.meta),
        json(item.tags),
        json(item.predictions),
        json(item.gold),
      );
      if (r.changes === 0) return null;
      const id = Number(r.lastInsertRowid);
      for (const tag of item.tags ?? []) addTag.run(projectId, tag, id);
      return id;
    },

    idOf: (projectId: number, extId: string): number | undefined => idOf.get(projectId, extId),

    /** Sets an item's tags (and the tag index) and priority; what is left out stays. */
    patch(projectId: number, id: number, p: { tags?: string[] | undefined; priority?: number | undefined }) {
      if (p.tags !== undefined) {
        db.prepare('UPDATE items SET tags = ? WHERE id = ?').run(json(p.tags.length ? p.tags : null), id);
        clearTags.run(id);
        for (const tag of p.tags) addTag.run(projectId, tag, id);
      }
      if (p.priority !== undefined)
        db.prepare('UPDATE items SET priority = ? WHERE id = ?').run(p.priority, id);
    },
    /** An item's tags and priority, as `patch` left them. */
    tagsAndPriority(id: number) {
      const r = db.prepare('SELECT tags, priority FROM items WHERE id = ?').get(id) as
        | { tags: string | null; priority: number }
        | undefined;
      return r && { tags: r.tags ? (JSON.parse(r.tags) as string[]) : [], priority: r.priority };
    },

    /** Replaces an item's data, meta, tags, predictions and gold; its labels and status stay. */
    replaceData(projectId: number, id: number, item: ImportItem) {
      replace.run(
        item.kind,
        JSON.stringify(item.data),
        json(item.meta),
        json(item.tags),
        json(item.predictions),
        json(item.gold),
        id,
      );
      clearTags.run(id);
      for (const tag of item.tags ?? []) addTag.run(projectId, tag, id);
    },

    /**
     * The next page of items to export, in id order after `after`, each with its annotations and
     * review decisions. They are read as a merge join of cursors ordered by item id, and every
     * cursor is closed before the page is returned, so the caller may wait (for a slow
     * client) between pages without holding the connection.
     */
    exportPage(projectId: number, f: ExportFilter, after: number, limit: number): ExportItemRow[] {
      const args: unknown[] = [projectId, after];
      if (f.status !== undefined) args.push(f.status);
      if (f.from !== undefined) args.push(f.from);
      if (f.to !== undefined) args.push(f.to);
      if (f.reached !== undefined) args.push(f.reached);
      const items = pageStatement(f).iterate(...args, limit);
      const anns = merge(annotationsFrom.iterate(projectId, after));
      const reviews = merge(reviewsFrom.iterate(after, projectId));
      const page: ExportItemRow[] = [];
      try {
        for (const item of items) {
          page.push({ ...item, annotations: anns.take(item.id), reviews: reviews.take(item.id) });
        }
      } finally {
        anns.close();
        reviews.close();
      }
      return page;
    },
  };
}
export type ItemsStore = ReturnType<typeof itemsStore>;
