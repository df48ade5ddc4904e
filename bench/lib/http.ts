/** The load generator's side of the benches: bare keep-alive HTTP, latency percentiles, pacing. */
import { connect, type Socket } from 'node:net';
import { loadavg } from 'node:os';

export const PASSWORD = 'bench-password-1';

export interface Reply {
  status: number;
  headers: string;
  body: string;
}

/**
 * A bare keep-alive HTTP/1.1 connection, one request in flight: lighter than fetch, so the one
 * core left to the load generator does not become the bottleneck it measures.
 */
export class Conn {
  private sock!: Socket;
  private buf: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (r: Reply) => void; raw: string } | null = null;
  cookie = '';

  constructor(private readonly port: number) {
    this.open();
  }

  /** The server drops idle keep-alive sockets after a few seconds: reconnect, and resend. */
  private open() {
    this.sock = connect(this.port, '127.0.0.1');
    this.sock.setNoDelay(true);
    this.buf = Buffer.alloc(0);
    this.sock.on('data', (d) => this.onData(d));
    this.sock.on('error', () => {});
    this.sock.on('close', () => {
      if (this.closed) return;
      this.open();
      if (this.waiting) this.sock.write(this.waiting.raw);
    });
  }
  private closed = false;

  request(method: string, path: string, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const raw =
      `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n` +
      (this.cookie ? `Cookie: ${this.cookie}\r\n` : '') +
      (payload ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n` : '') +
      `\r\n${payload}`;
    return new Promise((resolve) => {
      this.waiting = { resolve, raw };
      this.sock.write(raw);
    });
  }

  private onData(d: Buffer) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const headers = this.buf.subarray(0, end).toString('latin1');
    const len = Number(/\r\ncontent-length: *(\d+)/i.exec(headers)?.[1] ?? 0);
    if (this.buf.length < end + 4 + len) return;
    const body = this.buf.subarray(end + 4, end + 4 + len).toString('utf8');
    this.buf = this.buf.subarray(end + 4 + len);
    const done = this.waiting!;
    this.waiting = null;
    done.resolve({ status: Number(headers.slice(9, 12)), headers, body });
  }

  async login(username: string) {
    const r = await this.request('POST', '/api/auth/login', { username, password: PASSWORD });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.body}`);
    this.cookie = /\r\nset-cookie: *([^;]+)/i.exec(r.headers)![1]!;
  }

  close() {
    this.closed = true;
    this.sock.destroy();
  }
}

/** Latencies of one call, in ms. */
export class Timings {
  readonly ms: number[] = [];
  async time<T>(fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const r = await fn();
    this.ms.push(performance.now() - t0);
    return r;
  }
  pct(p: number) {
    const s = [...this.ms].sort((a, b) => a - b);
    return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : Number.NaN;
  }
  summary() {
    return `n=${this.ms.length} p50=${this.pct(50).toFixed(2)} ms p99=${this.pct(99).toFixed(2)} ms max=${this.pct(100).toFixed(2)} ms`;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const expect = (r: Reply, status: number, what: string) => {
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${r.body}`);
  return r;
};

export const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
