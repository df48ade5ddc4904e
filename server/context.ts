import { join } from 'node:path';
import { ensureDataDir, loadSigningKey } from './auth/secrets.ts';
import { authEpoch } from './db/epochCache.ts';
import { groupCommit } from './db/groupCommit.ts';
import { type Db, openDb } from './db/open.ts';
import { annotationsStore } from './db/stores/annotations.ts';
import { auditStore } from './db/stores/audit.ts';
import { dashboardStore } from './db/stores/dashboard.ts';
import { itemsStore } from './db/stores/items.ts';
import { mediaStore } from './db/stores/media.ts';
import { projectDeletesStore } from './db/stores/projectDeletes.ts';
import { projectsStore } from './db/stores/projects.ts';
import { queueStore } from './db/stores/queue.ts';
import { reviewsStore } from './db/stores/reviews.ts';
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
  /** Largest image file, in bytes (GLOSS_MAX_IMAGE_MB). */
  maxImageBytes: number;
  /** Most pixels (width x height) of one image (GLOSS_MAX_IMAGE_PIXELS). */
  maxImagePixels: number;
  /** Server folders an import line's relative "image" path may name (GLOSS_IMPORT_ROOTS, colon-separated). */
  importRoots: string[];
  /** Hosts whose http(s) image URLs an import may fetch (GLOSS_IMPORT_HOSTS, comma-separated); none by default. */
  importHosts: string[];
  /** Most entries in one uploaded zip (GLOSS_MAX_ZIP_ENTRIES). */
  maxZipEntries: number;
  /** Most bytes one zip may unpack to, all entries together (GLOSS_MAX_UNZIPPED_MB). */
  maxUnzippedBytes: number;
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
    maxImageBytes: num('GLOSS_MAX_IMAGE_MB', 50) * 1024 * 1024,
    maxImagePixels: num('GLOSS_MAX_IMAGE_PIXELS', 100_000_000),
    importRoots: (env.GLOSS_IMPORT_ROOTS ?? '').split(':').filter((r) => r.trim() !== ''),
    importHosts: (env.GLOSS_IMPORT_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    maxZipEntries: num('GLOSS_MAX_ZIP_ENTRIES', 100_000),
    maxUnzippedBytes: num('GLOSS_MAX_UNZIPPED_MB', 20 * 1024) * 1024 * 1024,
  };
}

/** Everything a route or command needs: the database, its stores, the config and the key. */
export function createContext(config: Config) {
  ensureDataDir(config.dataDir);
  const db = openDb(join(config.dataDir, 'gloss.db'));
  return contextFor(db, config);
}

export function contextFor(db: Db, config: Config) {
  const epoch = authEpoch(db);
  return {
    db,
    config,
    commits: groupCommit(db),
    key: loadSigningKey(config.dataDir),
    users: usersStore(db),
    sessions: sessionsStore(db, epoch),
    projects: projectsStore(db, epoch),
    audit: auditStore(db),
    items: itemsStore(db),
    queue: queueStore(db),
    annotations: annotationsStore(db),
    reviews: reviewsStore(db),
    dashboard: dashboardStore(db),
    media: mediaStore(db),
    projectDeletes: projectDeletesStore(db),
  };
}
export type Ctx = ReturnType<typeof contextFor>;
