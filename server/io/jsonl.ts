import {
  RecordBytes,
  type RecordReader,
  type RecordSink,
  readJsonRecord,
  tooLongMessage,
} from './records.ts';

const NL = 0x0a;
const CR = 0x0d;

/**
 * JSON Lines: one value per line, LF or CRLF, blank lines skipped. Lines are cut on the byte
 * 0x0A, which never occurs inside a multi-byte UTF-8 character, so chunks can split anywhere.
 */
export class JsonlReader implements RecordReader {
  private line = 1;
  private readonly carry: RecordBytes;

  constructor(
    private readonly sink: RecordSink,
    private readonly maxLineBytes: number,
  ) {
    this.carry = new RecordBytes(maxLineBytes);
  }

  push(chunk: Buffer) {
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, pos);
      if (nl === -1) {
        this.carry.add(chunk, pos, chunk.length);
        return;
      }
      if (this.carry.length === 0) {
        this.emit(chunk, pos, nl);
      } else {
        this.carry.add(chunk, pos, nl);
        this.emitCarry();
      }
      this.line++;
      pos = nl + 1;
    }
  }

  end() {
    if (this.carry.length > 0) this.emitCarry();
  }

  private emitCarry() {
    if (this.carry.tooLong) {
      this.carry.reset();
      this.sink.bad(this.line, tooLongMessage(this.maxLineBytes));
      return;
    }
    const buf = this.carry.take();
    this.emit(buf, 0, buf.length);
  }

  private emit(buf: Buffer, start: number, end: number) {
    const e = end > start && buf[end - 1] === CR ? end - 1 : end;
    if (e === start) return;
    if (e - start > this.maxLineBytes) {
      this.sink.bad(this.line, tooLongMessage(this.maxLineBytes));
      return;
    }
    readJsonRecord(this.sink, this.line, buf, start, e, true);
  }
}
