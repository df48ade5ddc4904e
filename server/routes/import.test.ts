import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../shared/api.ts';
import { startTestServer, type TestServer } from '../testing/harness.ts';

let t: TestServer;
let projectId: number;
const line = (o: unknown) => JSON.stringify(o);
const count = (id: number) => t.ctx.projects.counts(id).new ?? 0;

beforeAll(async () => {
  t = await startTestServer();
  await t.addUser('mgr');
  await t.addUser('ann');
  await t.addUser('outsider');
  const admin = await t.as('admin');
  projectId = (await admin.post('/api/projects', { name: 'imports' })).json.id as unknown as number;
  t.addMember(projectId, 'mgr', 'manager');
  t.addMember(projectId, 'ann', 'annotator');
});
afterAll(() => t.close());

async function newProject(name: string) {
  const admin = await t.as('admin');
  return (await admin.post('/api/projects', { name })).json.id as unknown as number;
}

describe('POST /api/projects/:id/import', () => {
  it('streams a raw JSONL body of any content type and reports bad lines', async () => {
    const mgr = await t.as('mgr');
    const body = `${line({ id: 'r1', text: 'one' })}\nnot json\n${line({ id: 'r2', text: 'two' })}\n`;
    const res = await mgr.request('POST', `/api/projects/${projectId}/import`, body, {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      imported: 2,
      updated: 0,
      duplicates: 0,
      errors: [{ line: 2, message: expect.stringMatching(/^invalid JSON/) }],
      errorsTruncated: false,
    });
  });

  it('takes a multipart upload, judging the format from the file name', async () => {
    const mgr = await t.as('mgr');
    const form = new FormData();
    form.append('note', 'ignored');
    form.append('file', new Blob(['id,text,lang\nm1,"hello, world",en\nm2,hallo,de\n']), 'words.csv');
    const res = await mgr.request('POST', `/api/projects/${projectId}/import`, form);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ imported: 2, errors: [] });
    const items = (await mgr.get(`/api/projects/${projectId}/items?q=m1`)).json.items as unknown as {
      preview: string;
    }[];
    expect(items[0]!.preview).toBe('hello, world');
  });

  it('refuses a multipart form without a file', async () => {
    const mgr = await t.as('mgr');
    const form = new FormData();
    form.append('note', 'no file');
    const res = await mgr.request('POST', `/api/projects/${projectId}/import`, form);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { message: expect.stringMatching(/no file/) } });
  });

  it('answers 400 for a multipart body cut short', async () => {
    const mgr = await t.as('mgr');
    const body =
      '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.jsonl"\r\n\r\n{"text": "a"}\n';
    const res = await mgr.request('POST', `/api/projects/${projectId}/import`, body, {
      'content-type': 'multipart/form-data; boundary=xyz',
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      error: { message: expect.stringMatching(/multipart upload is malformed/) },
    });
  });

  it('counts duplicates, and replaces them with update=true', async () => {
    const mgr = await t.as('mgr');
    const p = await newProject('dups');
    t.addMember(p, 'mgr', 'manager');
    const url = `/api/projects/${p}/import?format=jsonl`;
    await mgr.request('POST', url, `${line({ id: 1, text: 'old' })}\n`);
    const again = `${line({ id: 1, text: 'new' })}\n${line({ id: 2, text: 'two' })}\n`;
    expect((await mgr.request('POST', url, again)).json).toMatchObject({
      imported: 1,
      duplicates: 1,
      updated: 0,
    });
    expect((await mgr.request('POST', `${url}&update=true`, again)).json).toMatchObject({
      imported: 0,
      duplicates: 0,
      updated: 2,
    });
    const items = (await mgr.get(`/api/projects/${p}/items`)).json.items as unknown as { preview: string }[];
    expect(items.map((i) => i.preview)).toEqual(['new', 'two']);
  });

  it('imports 100,000 lines in one request', async () => {
    const mgr = await t.as('mgr');
    const p = await newProject('big');
    t.addMember(p, 'mgr', 'manager');
    let body = '';
    for (let i = 0; i < 100_000; i++) body += `${line({ id: `b${i}`, text: `item number ${i} 😀` })}\n`;
    body += 'broken\n';
    const res = await mgr.request('POST', `/api/projects/${p}/import?filename=big.jsonl`, body);
    expect(res.status).toBe(200);
    const r = res.json as unknown as ImportResult;
    expect(r.imported).toBe(100_000);
    expect(r.errors).toEqual([{ line: 100_001, message: expect.any(String) }]);
    expect(count(p)).toBe(100_000);
  });

  it('lets only managers (and admins) import; a non-member gets 404', async () => {
    const ann = await t.as('ann');
    const outsider = await t.as('outsider');
    const body = `${line({ text: 'sneaky' })}\n`;
    expect((await ann.request('POST', `/api/projects/${projectId}/import`, body)).status).toBe(403);
    expect((await outsider.request('POST', `/api/projects/${projectId}/import`, body)).status).toBe(404);
    expect((await t.anon().request('POST', `/api/projects/${projectId}/import`, body)).status).toBe(401);
    expect((await ann.request('POST', '/api/projects/99999/import', body)).status).toBe(404);
    const admin = await t.as('admin');
    expect((await admin.request('POST', `/api/projects/${projectId}/import`, body)).status).toBe(200);
  });

  it('rejects an unknown format with 400 naming the field', async () => {
    const mgr = await t.as('mgr');
    const res = await mgr.request('POST', `/api/projects/${projectId}/import?format=xml`, 'x');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { field: 'format' } });
  });
});

describe('upload limit', () => {
  let small: TestServer;
  let p: number;
  beforeAll(async () => {
    small = await startTestServer({ config: { maxUploadBytes: 2000 } });
    const admin = await small.as('admin');
    p = (await admin.post('/api/projects', { name: 'small' })).json.id as unknown as number;
  });
  afterAll(() => small.close());

  const lines = (n: number) => Array.from({ length: n }, (_, i) => `${line({ id: i, text: `text ${i}` })}\n`);

  it('answers 413 before reading a body whose length is over the limit', async () => {
    const admin = await small.as('admin');
    const res = await admin.request('POST', `/api/projects/${p}/import`, lines(200).join(''));
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({
      error: { id: 'too_large', message: expect.stringMatching(/limit of 2 KB .*nothing was imported/) },
    });
    expect(small.ctx.projects.counts(p).new ?? 0).toBe(0);
  });

  it('takes a body of exactly the limit', async () => {
    const admin = await small.as('admin');
    const body = `${line({ text: 'x'.repeat(1988) })}\n`;
    expect(body.length).toBe(2000);
    expect((await admin.request('POST', `/api/projects/${p}/import`, body)).status).toBe(200);
  });

  it('answers 413 for a streamed body that grows past the limit', async () => {
    const admin = await small.as('admin');
    const chunks = lines(200).map((l) => new TextEncoder().encode(l));
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        const next = chunks.shift();
        if (next) c.enqueue(next);
        else c.close();
      },
    });
    const res = await fetch(`${small.url}/api/projects/${p}/import`, {
      method: 'POST',
      headers: { cookie: admin.cookie! },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /reading stopped there/,
    );
  });

  it('answers 413 for a multipart file over the limit, with or without a length', async () => {
    const admin = await small.as('admin');
    const form = new FormData();
    form.append('file', new Blob(lines(200)), 'big.jsonl');
    expect((await admin.request('POST', `/api/projects/${p}/import`, form)).status).toBe(413);

    const encodedForm = new Response(form);
    const type = encodedForm.headers.get('content-type')!;
    const encoded = new Uint8Array(await encodedForm.arrayBuffer());
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < encoded.length; i += 500) c.enqueue(encoded.slice(i, i + 500));
        c.close();
      },
    });
    const res = await fetch(`${small.url}/api/projects/${p}/import`, {
      method: 'POST',
      headers: { cookie: admin.cookie!, 'content-type': type },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'the upload is larger than the limit of 2 KB (GLOSS_MAX_UPLOAD_MB): reading stopped there, nothing was imported',
    );
  });
});
