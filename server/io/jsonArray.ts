import {
  RecordBytes,
  type RecordReader,
  type RecordSink,
  readJsonRecord,
  tooLongMessage,
} from './records.ts';

/** Splitter states. */
const S = {
  /** Before the opening bracket. */
  Before: 0,
  /** After `[` or `,`: whitespace, then an element (or `]`). */
  Expect: 1,
  /** Inside an element. */
  Value: 2,
  /** After the closing bracket: only whitespace may follow. */
  Done: 3,
  /** The file is not an array; the rest is ignored. */
  Failed: 4,
} as const;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * A top-level JSON array (Label Studio's task export), read one element at a time: the splitter
 * follows strings, escapes and nesting depth, so an element is cut out without parsing the file,
 * then parsed alone. Each element is reported with the line it starts on.
 */
export class JsonArrayReader implements RecordReader {
  private state: number = S.Before;
  private line = 1;
  private startLine = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private readonly bytes: RecordBytes;

  constructor(
    private readonly sink: RecordSink,
    private readonly maxBytes: number,
  ) {
    this.bytes = new RecordBytes(maxBytes);
  }

  push(chunk: Buffer) {
    let valueStart = this.state === S.Value ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x0a) this.line++;
      switch (this.state) {
        case S.Value: {
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (b === 0x5c) this.escaped = true;
            else if (b === 0x22) this.inString = false;
          } else if (b === 0x22) {
            this.inString = true;
          } else if (b === 0x7b || b === 0x5b) {
            this.depth++;
          } else if ((b === 0x7d || b === 0x5d) && this.depth > 0) {
            this.depth--;
          } else if (this.depth === 0 && (b === 0x2c || b === 0x5d)) {
            this.bytes.add(chunk, valueStart, i);
            this.emit();
            valueStart = -1;
            this.state = b === 0x2c ? S.Expect : S.Done;
          }
          break;
        }
        case S.Expect:
          if (isSpace(b)) break;
          if (b === 0x5d) {
            this.state = S.Done;
            break;
          }
          this.state = S.Value;
          this.startLine = this.line;
          this.depth = 0;
          this.inString = false;
          this.escaped = false;
          valueStart = i;
          i--; // read this byte again as the element's first
          break;
        case S.Before:
          if (isSpace(b)) break;
          if (b === 0x5b) {
            this.state = S.Expect;
            break;
          }
          this.sink.bad(this.line, 'a JSON file must hold one array of tasks: [{...}, {...}]');
          this.state = S.Failed;
          return;
        case S.Done:
          if (isSpace(b)) break;
          this.sink.bad(this.line, 'unexpected content after the end of the JSON array');
          this.state = S.Failed;
          return;
        case S.Failed:
          return;
      }
    }
    if (this.state === S.Value) this.bytes.add(chunk, valueStart, chunk.length);
  }

  end() {
    if (this.state === S.Value) {
      this.bytes.reset();
      this.sink.bad(this.startLine, 'the file ends inside this element: the JSON array is not complete');
    } else if (this.state === S.Expect) {
      this.sink.bad(this.line, 'the file ends before the closing "]" of the JSON array');
    }
  }

  private emit() {
    if (this.bytes.tooLong) {
      this.bytes.reset();
      this.sink.bad(this.startLine, tooLongMessage(this.maxBytes));
      return;
    }
    const buf = this.bytes.take();
    readJsonRecord(this.sink, this.startLine, buf, 0, buf.length, false);
  }
}
