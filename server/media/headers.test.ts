import { describe, expect, it } from 'vitest';
import { probeImage, sniffImage } from './headers.ts';
import { encodePng, Raster } from './png.ts';

const bytes = (...parts: (number[] | string | Buffer)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const le16 = (v: number) => [v & 0xff, v >> 8];
const le24 = (v: number) => [v & 0xff, (v >> 8) & 0xff, v >> 16];
const le32 = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24];
const be16 = (v: number) => [v >> 8, v & 0xff];

/** A JPEG's header up to its frame: SOI, a JFIF APP0, fill bytes, a 2-byte DQT-like segment, SOFn. */
function jpeg(width: number, height: number, sof = 0xc0) {
  return bytes(
    [0xff, 0xd8],
    [0xff, 0xe0, ...be16(16)],
    'JFIF\0',
    [1, 1, 0, 0, 1, 0, 1, 0, 0],
    // Fill bytes before a marker are allowed; DHT (C4) is in the SOF range but carries no size.
    [0xff, 0xff, 0xc4, ...be16(4), 0, 0],
    [0xff, sof, ...be16(17), 8, ...be16(height), ...be16(width), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
    [0xff, 0xda, ...be16(8), 0, 0, 0, 0, 0, 0],
  );
}

function riff(chunk: string, payload: number[]) {
  const body = bytes('WEBP', chunk, le32(payload.length), payload);
  return bytes('RIFF', le32(body.length), body);
}

describe('probeImage', () => {
  it('reads a PNG size from IHDR (a real file encoded here)', () => {
    const png = new Raster(37, 21).toPng();
    expect(probeImage(png)).toEqual({
      ok: true,
      info: { type: 'png', mime: 'image/png', width: 37, height: 21 },
    });
  });

  it('reads a JPEG size from its baseline or progressive frame header, skipping other segments', () => {
    expect(probeImage(jpeg(320, 240))).toEqual({
      ok: true,
      info: { type: 'jpeg', mime: 'image/jpeg', width: 320, height: 240 },
    });
    const progressive = probeImage(jpeg(4000, 3000, 0xc2));
    expect(progressive.ok && [progressive.info.width, progressive.info.height]).toEqual([4000, 3000]);
  });

  it('refuses a JPEG whose image data starts before any frame header', () => {
    const noFrame = bytes([0xff, 0xd8], [0xff, 0xe0, ...be16(4), 0, 0], [0xff, 0xda, ...be16(2)]);
    expect(probeImage(noFrame)).toEqual({ ok: false, message: expect.stringMatching(/no frame header/) });
  });

  it('reads the three WebP headers: lossy VP8, lossless VP8L, extended VP8X', () => {
    // VP8: frame tag, start code 9D 01 2A, 14-bit sizes (the top 2 bits are a scale, ignored).
    const vp8 = riff('VP8 ', [0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, ...le16(640 | 0x4000), ...le16(480), 0, 0]);
    // VP8L: signature 2F, then width-1 and height-1 in 14 bits each.
    const vp8l = riff('VP8L', [0x2f, ...le32((100 - 1) | ((50 - 1) << 14)), 0, 0, 0, 0, 0]);
    // VP8X: flags, 3 reserved bytes, canvas width-1 and height-1 in 24 bits each.
    const vp8x = riff('VP8X', [0x10, 0, 0, 0, ...le24(8000 - 1), ...le24(6000 - 1)]);
    const sizes = [vp8, vp8l, vp8x].map((b) => {
      const r = probeImage(b);
      return r.ok ? [r.info.mime, r.info.width, r.info.height] : r.message;
    });
    expect(sizes).toEqual([
      ['image/webp', 640, 480],
      ['image/webp', 100, 50],
      ['image/webp', 8000, 6000],
    ]);
  });

  it('reads a GIF logical screen size', () => {
    const gif = bytes('GIF89a', le16(300), le16(200), [0xf7, 0, 0]);
    expect(probeImage(gif)).toEqual({
      ok: true,
      info: { type: 'gif', mime: 'image/gif', width: 300, height: 200 },
    });
    expect(sniffImage(bytes('GIF87a'))).toBe('gif');
  });

  it('refuses what is not one of the four, whatever it is called', () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    expect(probeImage(svg)).toEqual({ ok: false, message: 'is not a PNG, JPEG, WebP or GIF image' });
    expect(probeImage(Buffer.from('<html><script>x</script>'))).toMatchObject({ ok: false });
    // A PNG signature followed by junk, and one cut short.
    const png = encodePng(4, 4, new Uint8Array(48));
    expect(
      probeImage(Buffer.concat([png.subarray(0, 8), Buffer.from('nonsense chunk data here!!!!')])),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/IHDR/),
    });
    expect(probeImage(png.subarray(0, 20))).toMatchObject({ ok: false });
    expect(probeImage(bytes('GIF89a', le16(0), le16(5), [0]))).toMatchObject({
      ok: false,
      message: /empty size/,
    });
  });
});
