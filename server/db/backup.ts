import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { unsafeEntry } from '../io/paths.ts';
import type { Db } from './open.ts';

/** What a backup archive holds: the database snapshot and the media files, nothing secret. */
const DB_ENTRY = 'gloss.db';
const MEDIA_DIR = 'media';

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

/**
 * Writes a zip with a consistent snapshot of the database, taken with SQLite's online backup
 * while the server keeps serving, and the media files. The signing key is left out on purpose:
 * a restored install makes its own, which only logs everyone out.
 */
export async function backup(
  db: Db,
  dataDir: string,
  file: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ bytes: number; mediaFiles: number }> {
  const tmp = await mkdtemp(join(tmpdir(), 'gloss-backup-'));
  try {
    const snapshot = join(tmp, DB_ENTRY);
    await db.backup(snapshot, {
      progress({ totalPages, remainingPages }) {
        onProgress?.(totalPages - remainingPages, totalPages);
        return 200;
      },
    });
    const zip = new yazl.ZipFile();
    zip.addFile(snapshot, DB_ENTRY);
    let mediaFiles = 0;
    const mediaRoot = join(dataDir, MEDIA_DIR);
    for (const f of walk(mediaRoot)) {
      // Media are already compressed images: store them as they are.
      zip.addFile(f, `${MEDIA_DIR}/${relative(mediaRoot, f).split(sep).join('/')}`, { compress: false });
      mediaFiles++;
    }
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(file, { mode: 0o600 }));
    return { bytes: statSync(file).size, mediaFiles };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Restores a backup into an empty data dir (or over one with `force`). Entries outside the
 * expected layout, absolute paths and `..` are refused before anything is written.
 */
export async function restore(file: string, dataDir: string, force = false): Promise<{ mediaFiles: number }> {
  if (existsSync(join(dataDir, DB_ENTRY)) && !force) {
    throw new Error(`${dataDir} already holds a database: stop the server and pass --force to replace it`);
  }
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: true });
  const entries: yauzl.Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  for (const e of entries) {
    if (unsafeEntry(e.fileName)) throw new Error(`refusing unsafe path in backup: ${e.fileName}`);
    if (e.fileName !== DB_ENTRY && !e.fileName.startsWith(`${MEDIA_DIR}/`)) {
      throw new Error(`unexpected file in backup: ${e.fileName}`);
    }
  }
  if (!entries.some((e) => e.fileName === DB_ENTRY))
    throw new Error('not a Gloss backup: no gloss.db inside');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, DB_ENTRY + suffix), { force: true });
  const reopened = await yauzl.openPromise(file, { lazyEntries: true, autoClose: true });
  let mediaFiles = 0;
  await new Promise<void>((resolve, reject) => {
    reopened.on('entry', (e: yauzl.Entry) => {
      if (e.fileName.endsWith('/')) return reopened.readEntry();
      const target = join(dataDir, ...e.fileName.split('/'));
      try {
        mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      } catch (err) {
        // Thrown from an event handler it would be uncaught: a file and a folder of one name.
        reopened.close();
        return reject(err);
      }
      reopened.openReadStream(e, (err, stream) => {
        if (err) return reject(err);
        pipeline(stream, createWriteStream(target, { mode: 0o600 }))
          .then(() => {
            if (e.fileName !== DB_ENTRY) mediaFiles++;
            reopened.readEntry();
          })
          .catch(reject);
      });
    });
    reopened.on('end', resolve);
    reopened.on('error', reject);
    reopened.readEntry();
  });
  await chmod(join(dataDir, DB_ENTRY), 0o600);
  return { mediaFiles };
}
