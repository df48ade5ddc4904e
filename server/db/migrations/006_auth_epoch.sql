-- A counter every change to who may do what bumps: users, sessions, API tokens, projects and
-- memberships. The server caches sessions, project records and roles and checks this one row
-- before trusting a cached entry, so a change made by any connection (another request, the CLI,
-- another process) counts on the very next lookup. Triggers, not store code, keep it: no write
-- path can forget. Inserts of sessions, tokens and users need no bump (nothing cached names them
-- yet); an inserted membership does (a cached "not a member" must end).
CREATE TABLE auth_epoch (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL
);
INSERT INTO auth_epoch (id, n) VALUES (1, 0);

CREATE TRIGGER users_epoch_update AFTER UPDATE ON users BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER users_epoch_delete AFTER DELETE ON users BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER sessions_epoch_update AFTER UPDATE ON sessions BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER sessions_epoch_delete AFTER DELETE ON sessions BEGIN UPDATE auth_epoch SET n = n + 1; END;
-- last_used_at is bookkeeping, not a right.
CREATE TRIGGER api_tokens_epoch_update AFTER UPDATE OF user_id, hash, revoked_at ON api_tokens
  BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER api_tokens_epoch_delete AFTER DELETE ON api_tokens BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER projects_epoch_update AFTER UPDATE ON projects BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER projects_epoch_delete AFTER DELETE ON projects BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER members_epoch_insert AFTER INSERT ON members BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER members_epoch_update AFTER UPDATE ON members BEGIN UPDATE auth_epoch SET n = n + 1; END;
CREATE TRIGGER members_epoch_delete AFTER DELETE ON members BEGIN UPDATE auth_epoch SET n = n + 1; END;
