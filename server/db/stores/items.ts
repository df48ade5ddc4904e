import type { ItemRow, ItemStatus } from '../../../shared/api.ts';
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

export function itemsStore(db: Db) {
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
  };
}
export type ItemsStore = ReturnType<typeof itemsStore>;
