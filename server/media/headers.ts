/**
 * Recognises an image by its magic bytes and reads its natural size from its own headers: PNG
 * IHDR, JPEG SOFn, WebP VP8/VP8L/VP8X, GIF logical screen. Nothing is decoded past the header and
 * nothing is trusted from a file name or a client's content type, so only real images of these
 * four kinds are ever stored or served (never SVG or HTML dressed up as an image).
 */

export const IMAGE_TYPES = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
} as const;
export type ImageType = keyof typeof IMAGE_TYPES;

export interface ImageInfo {
  type: ImageType;
  mime: (typeof IMAGE_TYPES)[ImageType];
  width: number;
  height: number;
}

export type ProbeResult = { ok: true; info: ImageInfo } | { ok: false; message: string };

const NOT_AN_IMAGE = 'is not a PNG, JPEG, WebP or GIF image';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(b: Uint8Array, bytes: readonly number[], at = 0): boolean {
  if (b.length < at + bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (b[at + i] !== bytes[i]) return false;
  return true;
}
const ascii = (b: Uint8Array, at: number, s: string) =>
  startsWith(
    b,
    [...s].map((c) => c.charCodeAt(0)),
    at,
  );

/** Which of the four kinds the first bytes announce, before any size is read. */
export function sniffImage(b: Uint8Array): ImageType | null {
  if (startsWith(b, PNG_SIGNATURE)) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')) return 'gif';
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'webp';
  return null;
}

const fail = (message: string): ProbeResult => ({ ok: false, message });

function ok(type: ImageType, width: number, height: number): ProbeResult {
  if (!(width > 0 && height > 0))
    return fail(`is a ${type.toUpperCase()} with an empty size (${width}x${height})`);
  return { ok: true, info: { type, mime: IMAGE_TYPES[type], width, height } };
}

function png(b: Buffer): ProbeResult {
  // Signature (8), then the first chunk must be IHDR: length 13, type, width, height (big endian).
  if (b.length < 33 || !ascii(b, 12, 'IHDR') || b.readUInt32BE(8) !== 13) {
    return fail('is not a valid PNG: its first chunk is not IHDR');
  }
  return ok('png', b.readUInt32BE(16), b.readUInt32BE(20));
}

/** Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not. */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function jpeg(b: Buffer): ProbeResult {
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) return fail('is not a valid JPEG: a segment does not start with a marker');
    // Any number of 0xFF fill bytes may come before a marker.
    while (i < b.length && b[i] === 0xff) i++;
    const marker = b[i];
    i++;
    if (marker === undefined) break;
    // Markers without a length: restart markers, TEM.
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    if (marker === 0xd9 || marker === 0xda) break;
    if (i + 2 > b.length) break;
    const length = b.readUInt16BE(i);
    if (length < 2) return fail('is not a valid JPEG: a segment has a bad length');
    if (isSof(marker)) {
      if (i + 7 > b.length) break;
      return ok('jpeg', b.readUInt16BE(i + 5), b.readUInt16BE(i + 3));
    }
    i += length;
  }
  return fail('is not a valid JPEG: no frame header (SOF) before the image data');
}

function gif(b: Buffer): ProbeResult {
  if (b.length < 10) return fail('is not a valid GIF: too short');
  return ok('gif', b.readUInt16LE(6), b.readUInt16LE(8));
}

function webp(b: Buffer): ProbeResult {
  if (b.length < 30) return fail('is not a valid WebP: too short');
  if (ascii(b, 12, 'VP8 ')) {
    // Lossy: a 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height.
    if (!startsWith(b, [0x9d, 0x01, 0x2a], 23)) return fail('is not a valid WebP: bad VP8 start code');
    return ok('webp', b.readUInt16LE(26) & 0x3fff, b.readUInt16LE(28) & 0x3fff);
  }
  if (ascii(b, 12, 'VP8L')) {
    // Lossless: signature 0x2F, then width-1 and height-1 in 14 bits each.
    if (b[20] !== 0x2f) return fail('is not a valid WebP: bad VP8L signature');
    const bits = b.readUInt32LE(21);
    return ok('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (ascii(b, 12, 'VP8X')) {
    // Extended: flags (1), reserved (3), then canvas width-1 and height-1 in 24 bits each.
    return ok('webp', b.readUIntLE(24, 3) + 1, b.readUIntLE(27, 3) + 1);
  }
  return fail('is not a valid WebP: unknown first chunk');
}

/** The kind and natural size of an image held whole in `b`; a reason when it is not one. */
export function probeImage(b: Buffer): ProbeResult {
  switch (sniffImage(b)) {
    case 'png':
      return png(b);
    case 'jpeg':
      return jpeg(b);
    case 'gif':
      return gif(b);
    case 'webp':
      return webp(b);
    default:
      return fail(NOT_AN_IMAGE);
  }
}

/** File name endings taken as images inside an archive or a folder. */
export const IMAGE_EXTENSIONS = /\.(png|jpe?g|webp|gif)$/i;
