-- Deleting a project (server/workflow/projectDelete.ts). The first transaction sets `deleting`:
-- from then on every lookup of the project misses, so every route answers 404 and nobody works on
-- it while its rows go, batch by batch. The last batch deletes the row itself.
ALTER TABLE projects ADD COLUMN deleting INTEGER NOT NULL DEFAULT 0;

-- One row per project being deleted: who asked, and what the batches removed so far (each batch
-- adds its counts in its own transaction), for the one audit entry the last batch writes. A row
-- left by a crash is how the next start finds the delete to finish. No foreign key: the row goes
-- in the same transaction as the project.
CREATE TABLE project_deletes (
  project_id INTEGER PRIMARY KEY,
  actor TEXT,
  ip TEXT,
  requested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  items INTEGER NOT NULL DEFAULT 0,
  annotations INTEGER NOT NULL DEFAULT 0,
  reviews INTEGER NOT NULL DEFAULT 0,
  media_files INTEGER NOT NULL DEFAULT 0
);

-- Media ids are never given again once a delete removed them: a browser keeps GET /api/media/:id
-- for a year (immutable), so a reused id would show it the old image. SQLite only promises that
-- with AUTOINCREMENT, which takes rebuilding the table. project_media names media without a
-- cascade, so the drop is only a deferred violation, settled when the rows are copied back (and
-- the commit fails, changing nothing, if one were not).
PRAGMA defer_foreign_keys = ON;
CREATE TABLE media_copy AS SELECT * FROM media;
DROP TABLE media;
CREATE TABLE media (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sha256 TEXT NOT NULL UNIQUE,
  mime TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
  bytes INTEGER NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO media (id, sha256, mime, bytes, width, height, created_at)
  SELECT id, sha256, mime, bytes, width, height, created_at FROM media_copy;
DROP TABLE media_copy;
