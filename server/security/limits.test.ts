import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../testing/harness.ts';

/**
 * Bounds on what one request may make the server hold: uploads, JSON bodies, import lines and
 * items per import each stop with a clear 413 or a line error, without buffering the excess.
 */

const MB = 1024 * 1024;
let t: TestServer;
let admin: Client;
let project: number;

beforeAll(async () => {
  t = await startTestServer({
    config: { maxUploadBytes: 64 * MB, maxJsonBytes: 64 * 1024, maxLineBytes: 1024, maxImportItems: 10 },
  });
  admin = await t.as('admin');
  project = (await admin.post('/api/projects', { name: 'limits' })).json.id as unknown as number;
});
afterAll(() => t.close());

/** A body of `total` bytes made of one reused 1 MB chunk, counting what was actually pulled. */
function stream(total: number, chunk: Uint8Array) {
  const sent = { bytes: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent.bytes >= total) c.close();
      else {
        sent.bytes += chunk.length;
        c.enqueue(chunk);
      }
    },
  });
  return { body, sent };
}

async function upload(body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  try {
    const res = await fetch(`${t.url}/api/projects/${project}/import?format=jsonl`, {
      method: 'POST',
      headers: { cookie: admin.cookie!, ...headers },
      body,
      duplex: 'half',
    } as RequestInit);
    return { status: res.status, json: (await res.json()) as { error?: { id: string; message: string } } };
  } catch (err) {
    // The server may close the socket while the client is still sending: that is the stop.
    return { status: 0, json: { error: { id: 'closed', message: String(err) } } };
  }
}

const rssMb = () => process.memoryUsage().rss / MB;

describe('upload size', () => {
  it('stops a 1 GB chunked upload at the limit, early and without buffering it', async () => {
    const line = new TextEncoder().encode(`${'x'.repeat(MB - 1)}\n`);
    const { body, sent } = stream(1024 * MB, line);
    const rss = rssMb();
    const started = Date.now();
    const res = await upload(body);
    body.cancel().catch(() => {});
    expect([413, 0]).toContain(res.status);
    if (res.status === 413) expect(res.json.error?.message).toMatch(/limit of 64 MB .*reading stopped/);
    // Pulled by the client: the limit plus what sits in socket buffers, far from 1 GB.
    expect(sent.bytes).toBeLessThan(200 * MB);
    expect(rssMb() - rss).toBeLessThan(150);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(t.ctx.projects.counts(project).new ?? 0).toBe(0);
  });

  it('answers 413 at once for a declared length over the limit, closing the connection', async () => {
    const res = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(t.url).port), '127.0.0.1', () => {
        socket.write(
          `POST /api/projects/${project}/import HTTP/1.1\r\nHost: x\r\nCookie: ${admin.cookie}\r\nContent-Length: ${1024 * 1024 * MB}\r\n\r\n`,
        );
      });
      let got = '';
      socket.on('data', (d) => {
        got += d.toString();
      });
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
    });
    expect(res).toMatch(/^HTTP\/1\.1 413/);
    expect(res).toMatch(/connection: close/i);
    expect(res).toContain('nothing was imported');
  });
});

describe('line length', () => {
  it('reports a 512 MB line without keeping it, and imports the lines around it', async () => {
    const big = await startTestServer({ config: { maxLineBytes: 1024 } });
    try {
      const c = await big.as('admin');
      const p = (await c.post('/api/projects', { name: 'long' })).json.id as unknown as number;
      const filler = new Uint8Array(MB).fill(0x61);
      const parts = [new TextEncoder().encode('{"text":"before"}\n{"text":"'), filler];
      let n = 0;
      const total = 512;
      const body = new ReadableStream<Uint8Array>({
        pull(ctl) {
          if (n < total) {
            ctl.enqueue(parts[n === 0 ? 0 : 1]!);
            n++;
          } else {
            ctl.enqueue(new TextEncoder().encode('"}\n{"text":"after"}\n'));
            ctl.close();
          }
        },
      });
      const rss = rssMb();
      const res = await fetch(`${big.url}/api/projects/${p}/import?format=jsonl`, {
        method: 'POST',
        headers: { cookie: c.cookie! },
        body,
        duplex: 'half',
      } as RequestInit);
      const json = (await res.json()) as { imported: number; errors: { line: number; message: string }[] };
      expect(res.status).toBe(200);
      expect(json.imported).toBe(2);
      expect(json.errors).toEqual([
        { line: 2, message: expect.stringMatching(/longer than the limit of 1 KB/) },
      ]);
      expect(rssMb() - rss).toBeLessThan(150);
    } finally {
      await big.close();
    }
  });
});

describe('JSON bodies', () => {
  it('answers 413 for a chunked JSON body over the limit, and 400 for broken JSON', async () => {
    const chunk = new TextEncoder().encode(`"${'y'.repeat(16 * 1024)}",`);
    const prefix = new TextEncoder().encode('{"name":"x","description":[');
    let first = true;
    const { body } = stream(8 * MB, chunk);
    const reader = body.getReader();
    const res = await fetch(`${t.url}/api/projects`, {
      method: 'POST',
      headers: { cookie: admin.cookie!, 'content-type': 'application/json' },
      body: new ReadableStream<Uint8Array>({
        async pull(c) {
          if (first) {
            first = false;
            c.enqueue(prefix);
            return;
          }
          const { value, done } = await reader.read();
          if (done) c.close();
          else c.enqueue(value);
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { id: 'too_large' } });
    const broken = await admin.request('POST', '/api/projects', '{"name":', {
      'content-type': 'application/json',
    });
    expect(broken.status).toBe(400);
    expect(broken.json).toMatchObject({ error: { id: 'bad_json' } });
  });

  it('refuses request headers past the Node limit with 431', async () => {
    const res = await fetch(`${t.url}/api/auth/me`, { headers: { 'x-pad': 'z'.repeat(64 * 1024) } });
    expect(res.status).toBe(431);
  });
});

describe('items per import', () => {
  it('stops at the item limit with a line error naming the setting, keeping the first ones', async () => {
    const p = (await admin.post('/api/projects', { name: 'count' })).json.id as unknown as number;
    const body = Array.from({ length: 25 }, (_, i) => JSON.stringify({ id: i, text: `n${i}` })).join('\n');
    const res = await admin.request('POST', `/api/projects/${p}/import`, body);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      imported: 10,
      errors: [{ line: 11, message: expect.stringMatching(/GLOSS_MAX_IMPORT_ITEMS/) }],
    });
    expect(t.ctx.projects.counts(p).new).toBe(10);
  });
});
