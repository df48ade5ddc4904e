-- Review tiers, consensus, gold items and the item timeline (issue 5). An item's place in its
-- life is the state of shared/review/itemState.ts, spread over these columns.

-- Index into the project's tiers while the item is in_review or rejected; NULL otherwise.
ALTER TABLE items ADD COLUMN tier INTEGER;
-- Sticky: a tier escalated the item, or its annotators disagreed beyond the threshold.
ALTER TABLE items ADD COLUMN escalated INTEGER NOT NULL DEFAULT 0;
-- JSON {"waitingOn": [username, ...]} while rejected: whose resubmits the item waits for.
ALTER TABLE items ADD COLUMN review_state TEXT;
-- Bit i set once the item entered tier i: the export's "reached tier" filter, without a join.
ALTER TABLE items ADD COLUMN reached INTEGER NOT NULL DEFAULT 0;
-- itemAgreement score of the annotations once there are two or more (null when not comparable).
ALTER TABLE items ADD COLUMN agreement REAL;

-- Gold items are served by their own pick (every annotator once, at the project's gold rate), so
-- the annotation queue index leaves them out.
DROP INDEX items_queue;
CREATE INDEX items_queue ON items(project_id, assigned DESC, priority DESC, id)
  WHERE status IN ('new', 'annotating') AND gold IS NULL;
CREATE INDEX items_gold ON items(project_id, id) WHERE gold IS NOT NULL;

-- The review queue of one tier: shaped like its ORDER BY, partial so decided items leave it.
CREATE INDEX items_review ON items(project_id, status, tier, priority DESC, id) WHERE status = 'in_review';
-- The dashboard's agreement sample: the latest items that have two or more annotations.
CREATE INDEX items_agreement ON items(project_id, id) WHERE agreement IS NOT NULL;

-- Items from before review tiers that had all their annotations: with no tiers they are done.
UPDATE items SET status = 'accepted' WHERE status = 'submitted';

-- The score of a gold item's annotation against the known answer (0-1); NULL for other items.
ALTER TABLE annotations ADD COLUMN gold_score REAL;
-- Throughput per day.
CREATE INDEX annotations_project_time ON annotations(project_id, submitted_at);

-- Every decision, never updated: the history of the item and the export's `reviews`.
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
  -- The tier as it was named and placed when the decision was taken.
  tier_name TEXT NOT NULL,
  tier_index INTEGER NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject', 'correct', 'escalate')),
  comment TEXT,
  -- The corrected result of a `correct`; the annotation keeps the original.
  labels TEXT,
  -- Seconds from taking the review lease to deciding; NULL when decided without one.
  lead_time_s REAL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX reviews_item ON reviews(item_id, id);
CREATE INDEX reviews_annotation ON reviews(annotation_id, id);
CREATE INDEX reviews_project_time ON reviews(project_id, created_at);
-- Approval rate per annotator, grouped by annotation straight off the index.
CREATE INDEX reviews_project_annotation ON reviews(project_id, annotation_id, decision);
-- Time spent per tier, read off the index alone.
CREATE INDEX reviews_project_tier ON reviews(project_id, tier_name, lead_time_s);

-- Who is reviewing which item: one reviewer per item at a time. Times in ms since epoch.
CREATE TABLE review_leases (
  item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  project_id INTEGER NOT NULL,
  tier INTEGER NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  leased_at INTEGER NOT NULL,
  lease_until INTEGER NOT NULL
);
CREATE INDEX review_leases_mine ON review_leases(project_id, user_id, tier, leased_at);
CREATE INDEX review_leases_expiry ON review_leases(project_id, lease_until);

-- What the timeline needs that no other row keeps: draft saves (at most one per item, user and
-- minute), every submit (resubmits included), skips and automatic escalations. `at` in ms.
CREATE TABLE item_events (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  project_id INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id),
  kind TEXT NOT NULL CHECK (kind IN ('draft', 'submit', 'skip', 'auto-escalate')),
  tier TEXT,
  comment TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX item_events_item ON item_events(item_id, user_id, kind, at);
