import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, type ReadStream, rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The media files, content-addressed: `<data>/media/ab/<sha256>`, folders 0700 and files 0600.
 * Every file access of media goes through here (handbook section 7: swapping in an
 * S3-compatible store replaces this module only). Names come from the hash, never from a client,
 * so no path a user sends can reach the disk.
 */
export class MediaFiles {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'media');
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  /**
   * Stores `bytes` under their hash unless a file is already there (the same bytes: deduplicated).
   * Written to a temporary name and renamed, so a crash never leaves a half file under a hash.
   */
  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(sha256);
    if (existsSync(target)) return;
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.part`;
    try {
      await writeFile(tmp, bytes, { mode: 0o600, flag: 'wx' });
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  open(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }

  /**
   * Removes the file of a media no project links any more; a file already gone is fine (a delete
   * that crashed after it ran again). Synchronous on purpose: the caller checks that nothing links
   * the media and removes the file in one turn of the event loop, so an import of the same bytes
   * cannot link it in between (storeImage finds the file gone and writes it again).
   */
  removeSync(sha256: string): void {
    rmSync(this.pathOf(sha256), { force: true });
  }
}
