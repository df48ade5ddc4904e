import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';

/**
 * A zip archive or a folder, seen the same way by the image importer: a list of entries with a
 * path (always `/`-separated, relative), a size, and a way to read each. Nothing is ever
 * extracted to disk, so an entry's name never becomes a file name.
 */
export interface ArchiveEntry {
  path: string;
  /** Uncompressed size as the archive declares it (yauzl checks the real size against it). */
  size: number;
  /** A symbolic link: refused, never followed. */
  symlink: boolean;
  read(): Promise<Buffer>;
  stream(): Promise<Readable>;
}

export interface Archive {
  entries: ArchiveEntry[];
  close(): void;
}

/** Too many entries, or the archive cannot be read: the whole archive is refused. */
export class ArchiveRefused extends Error {}

/** One entry's data cannot be read (bad compression, wrong checksum or size): that entry is refused. */
export class EntryUnreadable extends Error {}

/** The entry's data, any failure of it turned into EntryUnreadable. */
function guarded(open: () => Promise<Readable>): () => Promise<Readable> {
  return async () => {
    let src: Readable;
    try {
      src = await open();
    } catch (e) {
      throw new EntryUnreadable((e as Error).message);
    }
    const out = new PassThrough();
    src.on('error', (e) => out.destroy(new EntryUnreadable(e.message)));
    return src.pipe(out);
  };
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function entryOf(path: string, size: number, symlink: boolean, open: () => Promise<Readable>): ArchiveEntry {
  const stream = guarded(open);
  return { path, size, symlink, stream, read: async () => readAll(await stream()) };
}

/**
 * Lists a zip file's entries without reading their data. yauzl refuses the whole archive when
 * an entry name is absolute or climbs out with `..` (zip-slip), and checks every entry's real
 * size against the declared one while reading, so the declared sizes can be budgeted.
 */
export async function openZip(file: string, maxEntries: number): Promise<Archive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  } catch (e) {
    throw new ArchiveRefused(`not a readable zip archive: ${(e as Error).message}`);
  }
  if (zip.entryCount > maxEntries) {
    zip.close();
    throw new ArchiveRefused(
      `holds ${zip.entryCount} entries, more than the limit of ${maxEntries} (GLOSS_MAX_ZIP_ENTRIES)`,
    );
  }
  const raw: yauzl.Entry[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        raw.push(e);
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
  } catch (e) {
    zip.close();
    throw new ArchiveRefused(`refused: ${(e as Error).message}`);
  }
  const entries = raw
    .filter((e) => !e.fileName.endsWith('/'))
    .map((e) =>
      entryOf(e.fileName, e.uncompressedSize, ((e.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK, () =>
        zip.openReadStreamPromise(e),
      ),
    );
  return { entries, close: () => zip.close() };
}

/**
 * A folder given on the command line, walked without following symbolic links (they are listed
 * as such and refused), at most `maxEntries` files.
 */
export async function openFolder(dir: string, maxEntries: number): Promise<Archive> {
  const entries: ArchiveEntry[] = [];
  const walk = async (at: string) => {
    for (const d of await readdir(at, { withFileTypes: true })) {
      const full = join(at, d.name);
      if (d.isDirectory()) {
        await walk(full);
        continue;
      }
      if (!d.isFile() && !d.isSymbolicLink()) continue;
      if (entries.length >= maxEntries) {
        throw new ArchiveRefused(`holds more than ${maxEntries} files (GLOSS_MAX_ZIP_ENTRIES)`);
      }
      const st = await lstat(full);
      entries.push(
        entryOf(relative(dir, full).split(sep).join('/'), st.size, st.isSymbolicLink(), async () =>
          createReadStream(full),
        ),
      );
    }
  };
  await walk(dir);
  return { entries, close: () => undefined };
}
