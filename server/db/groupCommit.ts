import { BUSY_TIMEOUT_MS, type Db } from './open.ts';

interface Unit {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the calls an annotator or reviewer makes many times a minute (next, draft,
 * submit, skip, review). Each call's work is queued; once per turn of the event loop every queued
 * unit runs, each in its own savepoint, inside one `BEGIN IMMEDIATE ... COMMIT`, and only then
 * does each caller's promise settle. So a reply still leaves only after its writes are durable,
 * but the pages many units touch (the front of the queue index, the last page of each table) go
 * to the WAL once per turn instead of once per request: at 25 units per commit, a fourth of the
 * WAL frames and ~60% of the CPU per next+submit pair's database work (bench/README.md).
 *
 * A unit that throws rolls back its own savepoint only; its caller gets the error, the other
 * units commit. If the commit itself fails, every unit of the turn is rolled back and rejected.
 * Each unit still runs alone and start to finish on this connection, so what it reads is what it
 * writes against, as in a transaction of its own.
 */
export function groupCommit(db: Db) {
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const savepoint = db.prepare('SAVEPOINT unit');
  const release = db.prepare('RELEASE unit');
  const rollbackTo = db.prepare('ROLLBACK TO unit');
  let queued: Unit[] = [];
  let waitingSince: number | null = null;

  /**
   * Takes the write lock if it is free. When another process holds it, SQLite's own busy handler
   * would sleep with the whole event loop stopped; instead the turn tries again shortly while this
   * process goes on parsing requests (which join the waiting units).
   */
  function tryBegin(): boolean {
    // SQLite applies this pragma when it compiles it, so it cannot be a prepared statement.
    db.exec('PRAGMA busy_timeout = 0');
    try {
      begin.run();
      return true;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
      return false;
    } finally {
      db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  function rejectAll(units: Unit[], error: unknown) {
    for (const u of units) u.reject(error);
  }

  function flush() {
    let locked: boolean;
    try {
      locked = tryBegin();
    } catch (error) {
      rejectAll(queued.splice(0), error);
      return;
    }
    if (!locked) {
      const now = Date.now();
      waitingSince ??= now;
      if (now - waitingSince < BUSY_TIMEOUT_MS) {
        setTimeout(flush, 1);
        return;
      }
      rejectAll(queued.splice(0), new Error('database is locked by another process'));
      waitingSince = null;
      return;
    }
    waitingSince = null;
    const units = queued;
    queued = [];
    const outcomes: { ok: boolean; value: unknown }[] = [];
    for (const u of units) {
      savepoint.run();
      try {
        outcomes.push({ ok: true, value: u.fn() });
        release.run();
      } catch (error) {
        outcomes.push({ ok: false, value: error });
        // An I/O error or a full disk can end the whole transaction, not just this unit's part.
        if (!db.inTransaction) return rejectAll(units, error);
        rollbackTo.run();
        release.run();
      }
    }
    try {
      commit.run();
    } catch (error) {
      if (db.inTransaction) rollback.run();
      return rejectAll(units, error);
    }
    units.forEach((u, i) => {
      const o = outcomes[i]!;
      if (o.ok) u.resolve(o.value);
      else u.reject(o.value);
    });
  }

  return {
    /** Runs `fn` in this turn's shared transaction; settles once that transaction committed. */
    run<T>(fn: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (queued.length === 0) setImmediate(flush);
        queued.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      });
    },
  };
}
export type GroupCommit = ReturnType<typeof groupCommit>;
