-- The annotation queue: who holds, skipped or submitted which item, and the counters that let
-- `next` walk one index instead of counting per item.

-- Live leases + submitted + returned assignments of the item; skips and expired leases do not
-- count. An item is open to one more annotator while assigned < the project's overlap.
ALTER TABLE items ADD COLUMN assigned INTEGER NOT NULL DEFAULT 0;

-- Shaped like the queue's ORDER BY (closest to its overlap, then priority, then import order);
-- partial, so finished items leave it and it shrinks as the project progresses.
CREATE INDEX items_queue ON items(project_id, assigned DESC, priority DESC, id)
  WHERE status IN ('new', 'annotating');

-- One row per (item, annotator), never more: "never handed twice to the same one" is the key.
-- leased: holds a slot until lease_until (ms since epoch); expired: a lease that ran out and was
-- reclaimed (the draft stays, the item may come back to the same person); skipped: never handed
-- to this person again; submitted: the annotation exists; returned: a reviewer sent it back and
-- `next` serves it first. Times are ms since epoch so lease arithmetic stays in integers.
CREATE TABLE assignments (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  project_id INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('leased', 'expired', 'skipped', 'submitted', 'returned')),
  leased_at INTEGER,
  lease_until INTEGER,
  draft TEXT,
  draft_at INTEGER,
  skip_reason TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (item_id, user_id)
) WITHOUT ROWID;
-- My leases and returned items, oldest first.
CREATE INDEX assignments_mine ON assignments(project_id, user_id, state, leased_at);
-- My history, newest first.
CREATE INDEX assignments_recent ON assignments(project_id, user_id, updated_at);
-- Lazy reclaim of expired leases without a table scan.
CREATE INDEX assignments_expiry ON assignments(project_id, lease_until) WHERE state = 'leased';

-- Where a user's last long walk past their own skipped/submitted items ended, so the next walk
-- resumes there instead of re-reading them (see server/workflow/queue.ts).
CREATE TABLE queue_hints (
  project_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  assigned INTEGER NOT NULL,
  priority INTEGER NOT NULL,
  item_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (project_id, user_id)
) WITHOUT ROWID;

-- My stats: done today, median lead time of my latest, total.
CREATE INDEX annotations_project_user ON annotations(project_id, user_id, submitted_at);
