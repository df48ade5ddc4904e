import type { Db } from '../open.ts';

/** A stored image: its content hash names the file (server/media/files.ts). */
export interface MediaRecord {
  id: number;
  sha256: string;
  mime: string;
  bytes: number;
  width: number;
  height: number;
}

export function mediaStore(db: Db) {
  const insert = db.prepare(
    `INSERT INTO media (sha256, mime, bytes, width, height) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (sha256) DO NOTHING`,
  );
  const bySha = db.prepare<[string], MediaRecord>(
    'SELECT id, sha256, mime, bytes, width, height FROM media WHERE sha256 = ?',
  );
  const byId = db.prepare<[number], MediaRecord>(
    'SELECT id, sha256, mime, bytes, width, height FROM media WHERE id = ?',
  );
  const link = db.prepare(
    `INSERT INTO project_media (project_id, path, media_id) VALUES (?, ?, ?)
     ON CONFLICT (project_id, path, media_id) DO UPDATE SET added_at = excluded.added_at`,
  );
  const byPath = db.prepare<[number, string], MediaRecord>(
    `SELECT m.id, m.sha256, m.mime, m.bytes, m.width, m.height
     FROM project_media pm JOIN media m ON m.id = pm.media_id
     WHERE pm.project_id = ? AND pm.path = ? ORDER BY pm.added_at DESC, pm.media_id DESC LIMIT 1`,
  );
  const projectsOf = db
    .prepare<[number], number>('SELECT project_id FROM project_media WHERE media_id = ?')
    .pluck();

  return {
    bySha: (sha256: string): MediaRecord | undefined => bySha.get(sha256),
    byId: (id: number): MediaRecord | undefined => byId.get(id),

    /** The row for this content, added if new (the same bytes are stored once). */
    upsert(m: Omit<MediaRecord, 'id'>): MediaRecord {
      insert.run(m.sha256, m.mime, m.bytes, m.width, m.height);
      return bySha.get(m.sha256)!;
    },

    /** Records that `projectId` holds the media under `path`. */
    link(projectId: number, path: string, mediaId: number) {
      link.run(projectId, path, mediaId);
    },

    /** The media a project holds under `path`, the newest when it was uploaded more than once. */
    byPath: (projectId: number, path: string): MediaRecord | undefined => byPath.get(projectId, path),

    /** Ids of the projects that hold the media: whose members may see it. */
    projectsOf: (mediaId: number): number[] => projectsOf.all(mediaId),
  };
}
export type MediaStore = ReturnType<typeof mediaStore>;
