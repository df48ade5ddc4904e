import { join } from 'node:path';
import { ensureDataDir, loadSigningKey } from './auth/secrets.ts';
import { type Db, openDb } from './db/open.ts';
import { annotationsStore } from './db/stores/annotations.ts';
import { auditStore } from './db/stores/audit.ts';
import { itemsStore } from './db/stores/items.ts';
import { projectsStore } from './db/stores/projects.ts';
import { queueStore } from './db/stores/queue.ts';
import { sessionsStore } from './db/stores/sessions.ts';
import { usersStore } from './db/stores/users.ts';

export interface Config {
  dataDir: string;
  /** Largest request body for imports and uploads, in bytes. */
  maxUploadBytes: number;
  /** Largest JSON body, in bytes. */
  maxJsonBytes: number;
  /** Longest single import line, in bytes. */
  maxLineBytes: number;
  /** Most items one import may add. */
  maxImportItems: number;
  /** Session lifetime in hours. */
  sessionHours: number;
  /** Mark the cookie Secure (set GLOSS_SECURE_COOKIES=1 behind HTTPS). */
  secureCookies: boolean;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, dataDir?: string): Config {
  const num = (name: string, dflt: number) => {
    const v = env[name];
    return v && /^\d+$/.test(v) ? Number(v) : dflt;
  };
  return {
    dataDir: dataDir ?? env.GLOSS_DATA ?? './data',
    maxUploadBytes: num('GLOSS_MAX_UPLOAD_MB', 2048) * 1024 * 1024,
    maxJsonBytes: num('GLOSS_MAX_JSON_KB', 2048) * 1024,
    maxLineBytes: num('GLOSS_MAX_LINE_KB', 10 * 1024) * 1024,
    maxImportItems: num('GLOSS_MAX_IMPORT_ITEMS', 5_000_000),
    sessionHours: num('GLOSS_SESSION_HOURS', 12),
    secureCookies: env.GLOSS_SECURE_COOKIES === '1',
  };
}

/** Everything a route or command needs: the database, its stores, the config and the key. */
export function createContext(config: Config) {
  ensureDataDir(config.dataDir);
  const db = openDb(join(config.dataDir, 'gloss.db'));
  return contextFor(db, config);
}

export function contextFor(db: Db, config: Config) {
  return {
    db,
    config,
    key: loadSigningKey(config.dataDir),
    users: usersStore(db),
    sessions: sessionsStore(db),
    projects: projectsStore(db),
    audit: auditStore(db),
    items: itemsStore(db),
    queue: queueStore(db),
    annotations: annotationsStore(db),
  };
}
export type Ctx = ReturnType<typeof contextFor>;
