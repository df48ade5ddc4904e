-- A tier edit moves the items of a removed tier and says so on each item's timeline: item_events
-- gets the kind 'tier-move' (its tier is where the item went, NULL when no tier was left and the
-- item was accepted). SQLite cannot change a CHECK in place, so the table is rebuilt.
CREATE TABLE item_events_new (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  project_id INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id),
  kind TEXT NOT NULL CHECK (kind IN ('draft', 'submit', 'skip', 'auto-escalate', 'tier-move')),
  tier TEXT,
  comment TEXT,
  at INTEGER NOT NULL
);
INSERT INTO item_events_new (id, item_id, project_id, user_id, kind, tier, comment, at)
  SELECT id, item_id, project_id, user_id, kind, tier, comment, at FROM item_events;
DROP TABLE item_events;
ALTER TABLE item_events_new RENAME TO item_events;
CREATE INDEX item_events_item ON item_events(item_id, user_id, kind, at);
