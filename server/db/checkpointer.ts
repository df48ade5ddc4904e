import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './open.ts';

/**
 * Moves WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside whichever
 * commit crosses the threshold, with two fsyncs that block the event loop (~20 ms here: the p99
 * of every write). A worker thread with its own connection checkpoints (PASSIVE) every
 * `intervalMs` instead; the automatic checkpoint stays on at a high threshold as a safety net so
 * the WAL stays bounded even if the worker falls behind.
 */
export function startCheckpointer(db: Db, file: string, intervalMs = 500): () => Promise<void> {
  db.pragma('wal_autocheckpoint = 20000');
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    const db = new (require(workerData.sqlite))(workerData.file);
    db.pragma('busy_timeout = 5000');
    const timer = setInterval(() => {
      try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
    }, workerData.intervalMs);
    parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });`;
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(code, { eval: true, workerData: { file, sqlite, intervalMs } });
  worker.unref();
  return async () => {
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
  };
}
