import { decodeUtf8, NOT_UTF8, type RecordReader, type RecordSink, tooLongMessage } from './records.ts';

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

/** Parser states. */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote inside a quoted field: an escaped quote ("") or the field's end. */
const QUOTE_IN_QUOTED = 3;
/** A CR after a closing quote: a CRLF line end must follow. */
const CR_AFTER_QUOTE = 4;
/** After a malformed record: skip to the end of its line. */
const SKIP_LINE = 5;
/** The header is unusable: ignore the rest. */
const FAILED = 6;

/**
 * CSV (RFC 4180) with a header row, read byte by byte so records can span chunks: quoted fields
 * may hold commas, quotes ("") and line breaks (kept exactly, CRLF included). A quote inside an
 * unquoted field is taken literally. Each record is reported with the line it starts on; a
 * malformed record is reported and skipped up to its line end, and reading goes on.
 *
 * Records become `{id?, text, meta: {other columns}}`: the `text` column is required, `id` is
 * optional (empty means none), every other column lands in `meta` as a string.
 */
export class CsvReader implements RecordReader {
  private state = FIELD_START;
  private line = 1;
  private startLine = 1;
  private recordStarted = false;
  private buf: Buffer;
  private len = 0;
  private fieldStart = 0;
  /** [start, end) of each field of the current record in `buf`, flattened. */
  private fields: number[] = [];
  private tooLong = false;
  private problem: string | null = null;
  private header: string[] | null = null;

  constructor(
    private readonly sink: RecordSink,
    private readonly maxRecordBytes: number,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(64 * 1024, maxRecordBytes + 1));
  }

  push(chunk: Buffer) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.state === FAILED) return;
      if (!this.recordStarted) {
        this.recordStarted = true;
        this.startLine = this.line;
      }
      switch (this.state) {
        case FIELD_START:
          if (b === QUOTE) this.state = QUOTED;
          else if (b === COMMA) this.endField();
          else if (b === NL) this.endRecord();
          else {
            this.write(b);
            this.state = UNQUOTED;
          }
          break;
        case UNQUOTED:
          if (b === COMMA) {
            this.endField();
            this.state = FIELD_START;
          } else if (b === NL) {
            if (this.len > this.fieldStart && this.buf[this.len - 1] === CR) this.len--;
            this.endRecord();
          } else this.write(b);
          break;
        case QUOTED:
          if (b === QUOTE) this.state = QUOTE_IN_QUOTED;
          else this.write(b);
          break;
        case QUOTE_IN_QUOTED:
          if (b === QUOTE) {
            this.write(b);
            this.state = QUOTED;
          } else if (b === COMMA) {
            this.endField();
            this.state = FIELD_START;
          } else if (b === NL) this.endRecord();
          else if (b === CR) this.state = CR_AFTER_QUOTE;
          else this.fail('a quoted field must end at a comma or a line end (is a quote not doubled?)');
          break;
        case CR_AFTER_QUOTE:
          if (b === NL) this.endRecord();
          else this.fail('a quoted field must end at a comma or a line end');
          break;
        case SKIP_LINE:
          if (b === NL) this.endRecord();
          break;
      }
      if (b === NL) this.line++;
    }
  }

  end() {
    if (this.state === FAILED || !this.recordStarted) return;
    if (this.state === QUOTED) {
      this.sink.bad(this.startLine, 'a quoted field is not closed before the end of the file');
      return;
    }
    if (this.state === UNQUOTED && this.len > this.fieldStart && this.buf[this.len - 1] === CR) this.len--;
    this.endRecord();
  }

  private fail(message: string) {
    this.problem = message;
    this.state = SKIP_LINE;
  }

  private write(b: number) {
    if (this.tooLong) return;
    if (this.len >= this.maxRecordBytes) {
      this.tooLong = true;
      return;
    }
    if (this.len === this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.min(this.buf.length * 2, this.maxRecordBytes + 1));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    this.buf[this.len++] = b;
  }

  private endField() {
    this.fields.push(this.fieldStart, this.len);
    this.fieldStart = this.len;
  }

  private endRecord() {
    if (this.state !== SKIP_LINE) this.endField();
    const line = this.startLine;
    const problem = this.problem ?? (this.tooLong ? tooLongMessage(this.maxRecordBytes) : null);
    const fields = this.fields;
    const blank = fields.length === 2 && this.isBlank(fields[0]!, fields[1]!);
    let values: string[] | null = null;
    if (!problem && !blank) {
      values = [];
      for (let f = 0; f < fields.length; f += 2) {
        const v = decodeUtf8(this.buf, fields[f]!, fields[f + 1]!);
        if (v === null) break;
        values.push(v);
      }
    }
    this.state = FIELD_START;
    this.recordStarted = false;
    this.len = 0;
    this.fieldStart = 0;
    this.fields = [];
    this.tooLong = false;
    this.problem = null;
    if (problem) this.sink.bad(line, problem);
    else if (values && values.length * 2 < fields.length) this.sink.bad(line, NOT_UTF8);
    else if (values) this.emit(line, values);
  }

  private isBlank(start: number, end: number) {
    for (let i = start; i < end; i++) {
      const b = this.buf[i]!;
      if (b !== 0x20 && b !== 0x09 && b !== CR) return false;
    }
    return true;
  }

  private emit(line: number, values: string[]) {
    if (!this.header) {
      const names = values.map((v) => v.trim());
      const twice = names.find((n, i) => names.indexOf(n) !== i);
      if (!names.includes('text') || twice !== undefined) {
        this.sink.bad(
          line,
          twice !== undefined
            ? `the CSV header names the column "${twice}" twice`
            : `the CSV header must have a "text" column (it has: ${names.join(', ')})`,
        );
        this.state = FAILED;
        return;
      }
      this.header = names;
      return;
    }
    if (values.length !== this.header.length) {
      this.sink.bad(line, `has ${values.length} fields but the header has ${this.header.length}`);
      return;
    }
    const record: { id?: string; text?: string; meta?: Record<string, string> } = {};
    const meta: Record<string, string> = {};
    this.header.forEach((name, i) => {
      const v = values[i]!;
      if (name === 'text') record.text = v;
      else if (name === 'id') {
        if (v !== '') record.id = v;
      } else meta[name] = v;
    });
    if (Object.keys(meta).length) record.meta = meta;
    this.sink.record(line, record);
  }
}
