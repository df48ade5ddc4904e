-- Stored images, content-addressed: the file is <data>/media/<first two hex>/<sha256>. One row per
-- distinct content, however many projects or paths name it.
CREATE TABLE media (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  mime TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
  bytes INTEGER NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Which project holds which media under which original path (a path in an uploaded archive, a
-- file name, a path under GLOSS_IMPORT_ROOTS or a URL). GET /api/media/:id is allowed to members
-- of a project listed here; a later import line's "image" path resolves through it. A path
-- uploaded again with other bytes gets a second row: the newest wins for new lines, and items
-- made from the older bytes keep their image.
CREATE TABLE project_media (
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  media_id INTEGER NOT NULL REFERENCES media(id),
  added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (project_id, path, media_id)
) WITHOUT ROWID;
-- The permission check of the media route: the projects holding one media.
CREATE INDEX project_media_media ON project_media(media_id, project_id);
