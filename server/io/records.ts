import { isUtf8 } from 'node:buffer';

/** Where a reader sends what it finds, one record at a time, synchronously. */
export interface RecordSink {
  /** A record that could be read: a parsed JSON value, or a CSV record as an object. */
  record(line: number, value: unknown): void;
  /** A record that could not be read at all, with the reason. */
  bad(line: number, message: string): void;
}

/**
 * Turns a byte stream into records. Readers work on bytes, never on the whole file: memory stays
 * bounded by the longest record, and a record over the limit is reported and skipped without
 * being kept.
 */
export interface RecordReader {
  push(chunk: Buffer): void;
  end(): void;
}

export const tooLongMessage = (max: number) =>
  `longer than the limit of ${formatBytes(max)} per line (GLOSS_MAX_LINE_KB)`;

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/**
 * Decodes UTF-8 and says when the bytes were not UTF-8. The exact check runs only when the decoder
 * produced a replacement character, which real text rarely contains, so the common case costs
 * one scan.
 */
export function decodeUtf8(buf: Buffer, start: number, end: number): string | null {
  const s = buf.toString('utf8', start, end);
  if (s.includes('\uFFFD') && !isUtf8(buf.subarray(start, end))) return null;
  return s;
}
export const NOT_UTF8 = 'is not valid UTF-8 (save the file as UTF-8)';

/**
 * Decodes one record's bytes and parses them as JSON, handing the sink the value or the reason it
 * could not be read. With `skipBlank`, white space alone is no record (a blank line of JSON Lines)
 * instead of invalid JSON (an empty element of an array).
 */
export function readJsonRecord(
  sink: RecordSink,
  line: number,
  buf: Buffer,
  start: number,
  end: number,
  skipBlank: boolean,
): void {
  const text = decodeUtf8(buf, start, end);
  if (text === null) {
    sink.bad(line, NOT_UTF8);
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // Blank is checked only once parsing failed: every record is parsed, few are blank.
    if (!(skipBlank && text.trim() === '')) sink.bad(line, `invalid JSON: ${(err as Error).message}`);
    return;
  }
  sink.record(line, value);
}

/** Bytes of one record gathered across chunks, up to a limit; past it only the length is counted. */
export class RecordBytes {
  private pieces: Buffer[] = [];
  length = 0;
  constructor(private readonly max: number) {}

  get tooLong() {
    return this.length > this.max;
  }

  add(chunk: Buffer, start: number, end: number) {
    if (end <= start) return;
    this.length += end - start;
    if (this.tooLong) this.pieces = [];
    else this.pieces.push(chunk.subarray(start, end));
  }

  /** The gathered bytes, then empties itself. */
  take(): Buffer {
    const out = this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces);
    this.reset();
    return out;
  }

  reset() {
    this.pieces = [];
    this.length = 0;
  }
}

export const hasBom = (b: Buffer, at: number) => b[at] === 0xef && b[at + 1] === 0xbb && b[at + 2] === 0xbf;
