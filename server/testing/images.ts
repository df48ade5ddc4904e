import yazl from 'yazl';
import { Raster, type Rgb } from '../media/png.ts';

/** A small PNG of one colour with a darker square in it: each colour gives different bytes. */
export function testPng(width: number, height: number, colour: Rgb = [90, 140, 200]): Buffer {
  const r = new Raster(width, height, colour);
  r.rect(width / 4, height / 4, width / 2, height / 2, [colour[0] / 2, colour[1] / 2, colour[2] / 2]);
  return r.toPng();
}

export interface ZipEntry {
  name: string;
  data: Buffer | string;
  /** Unix mode, e.g. 0o120777 for a symbolic link whose target is `data`. */
  mode?: number;
}

/**
 * A zip of the given entries. Names yazl refuses to write (`..`, absolute) can be given as
 * `{name: 'xx/evil.png', rename: '../evil.png'}`-style byte patches by the caller instead.
 */
export async function makeZip(entries: readonly ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    zip.addBuffer(
      Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data),
      e.name,
      e.mode ? { mode: e.mode } : {},
    );
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Replaces every occurrence of a name in a zip's headers with another of the same length. */
export function renameInZip(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('names must have the same length');
  const out = Buffer.from(zip);
  const a = Buffer.from(from);
  for (let i = out.indexOf(a); i !== -1; i = out.indexOf(a, i + 1)) out.write(to, i, 'latin1');
  return out;
}
