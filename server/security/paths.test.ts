import { once } from 'node:events';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restore } from '../db/backup.ts';
import { ImportSession } from '../io/images.ts';
import { type Client, startTestServer, type TestServer } from '../testing/harness.ts';
import { testPng } from '../testing/images.ts';
import { craftZip } from './zipcraft.ts';

/**
 * SSRF and path traversal: the importer never fetches what a line points at, downloads and
 * uploads never turn a request value into a file path, and archives cannot write outside the
 * folder they are unpacked into.
 */

let t: TestServer;
let admin: Client;
let project: number;
let trap: Server;
let trapPort: number;
let connections = 0;

beforeAll(async () => {
  t = await startTestServer();
  admin = await t.as('admin');
  project = (await admin.post('/api/projects', { name: 'paths' })).json.id as unknown as number;
  trap = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  trap.listen(0, '127.0.0.1');
  await once(trap, 'listening');
  trapPort = (trap.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => trap.close(r));
  await t.close();
});

/** Every file under `dir`, relative to it. */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

describe('SSRF: import never fetches', () => {
  it('refuses image URLs as bad lines and opens no connection for any URL in a file', async () => {
    const url = (p: string) => `http://127.0.0.1:${trapPort}/${p}`;
    const lines = [
      { id: 'img-http', image: url('x.png') },
      { id: 'img-https', image: `https://127.0.0.1:${trapPort}/y.png` },
      { id: 'img-proto-relative', image: `//127.0.0.1:${trapPort}/z.png` },
      { id: 'img-file', image: 'file:///etc/passwd' },
      { id: 'ls-task', data: { image: url('ls.jpg') } },
      { id: 'text-with-url', text: `see ${url('page')}`, meta: { source: url('meta') } },
      {
        id: 'prediction-url',
        text: 'abc',
        predictions: [{ model: url('model'), labels: { link: url('label') } }],
      },
    ];
    const body = lines.map((l) => JSON.stringify(l)).join('\n');
    const res = await admin.request('POST', `/api/projects/${project}/import`, body);
    expect(res.status).toBe(200);
    const errors = res.json.errors as unknown as { line: number; message: string }[];
    expect(errors.map((e) => e.line)).toEqual([1, 2, 3, 4, 5]);
    for (const e of errors) expect(e.message).toMatch(/image/);
    // Text that merely mentions a URL is data like any other.
    expect(res.json.imported).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(connections).toBe(0);
  });
});

describe('SSRF: an allowed host is the only one reached, and its redirects are not followed', () => {
  it('refuses other hosts, other spellings and a redirect to an internal address', async () => {
    let allowedHits = 0;
    const allowed = createHttpServer((_req, res) => {
      allowedHits++;
      res.writeHead(302, { location: `http://127.0.0.1:${trapPort}/internal.png` }).end();
    });
    allowed.listen(0, '127.0.0.1');
    await once(allowed, 'listening');
    const port = (allowed.address() as { port: number }).port;
    const s = await startTestServer({ config: { importHosts: [`127.0.0.1:${port}`] } });
    try {
      const c = await s.as('admin');
      const p = (await c.post('/api/projects', { name: 'hosts' })).json.id as unknown as number;
      const lines = [
        { id: 'redirect', image: `http://127.0.0.1:${port}/a.png` },
        { id: 'other-port', image: `http://127.0.0.1:${trapPort}/b.png` },
        { id: 'other-name', image: `http://localhost:${trapPort}/c.png` },
        { id: 'userinfo', image: `http://127.0.0.1:${port}@127.0.0.1:${trapPort}/d.png` },
        { id: 'ftp', image: `ftp://127.0.0.1:${port}/e.png` },
      ];
      const res = await c.request(
        'POST',
        `/api/projects/${p}/import`,
        lines.map((l) => JSON.stringify(l)).join('\n'),
      );
      expect(res.json).toMatchObject({ imported: 0 });
      expect((res.json.errors as unknown as unknown[]).length).toBe(lines.length);
      expect(allowedHits).toBe(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(connections).toBe(0);
    } finally {
      await s.close();
      await new Promise((r) => allowed.close(r));
    }
  });
});

describe('path traversal in requests', () => {
  it('export takes no path from the request: the file name is built from the project id', async () => {
    for (const q of [
      'format=../../etc/passwd',
      'status=../../x',
      'format=jsonl%00.sh',
      'to=../../x',
      'tier=../../etc',
    ]) {
      const res = await admin.get(`/api/projects/${project}/export?${q}`);
      expect(res.status, q).toBe(400);
    }
    const ok = await admin.get(`/api/projects/${project}/export?status=all&tier=Review&filename=../../x`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toBe(
      `attachment; filename="gloss-project-${project}-all.jsonl"`,
    );
  });

  it("an upload's file name is only a label: nothing is written under it, anywhere", async () => {
    const dataDir = t.ctx.config.dataDir;
    const before = files(dataDir).filter((f) => !f.startsWith('gloss.db'));
    const outside = join(t.dir, 'escaped.jsonl');
    for (const name of [
      '../../escaped.jsonl',
      outside,
      '..\\..\\escaped.jsonl',
      'a/../../../escaped.jsonl',
    ]) {
      const res = await admin.request(
        'POST',
        `/api/projects/${project}/import?filename=${encodeURIComponent(name)}`,
        `{"text":"named ${name}"}\n`,
      );
      expect(res.status, name).toBe(200);
      const form = new FormData();
      form.append('file', new Blob([`{"text":"multipart ${name}"}\n`]), name);
      expect((await admin.request('POST', `/api/projects/${project}/import`, form)).status, name).toBe(200);
    }
    expect(existsSync(outside)).toBe(false);
    expect(files(t.dir).filter((f) => f.includes('escaped'))).toEqual([]);
    expect(files(dataDir).filter((f) => !f.startsWith('gloss.db'))).toEqual(before);
  });
});

describe('path traversal in URLs', () => {
  it('media are served by id only: path-like ids reach no file', async () => {
    const key = readFileSync(join(t.ctx.config.dataDir, 'signing.key'), 'utf8');
    for (const id of [
      '..%2fsigning.key',
      '..%2f..%2fdata%2fsigning.key',
      '1%2f..%2f..%2fsigning.key',
      '%2e%2e',
      '-1',
      '1e3',
      '0x1',
      '1.png',
      '%00',
    ]) {
      const res = await admin.get(`/api/media/${id}`);
      expect([400, 404], id).toContain(res.status);
      expect(res.text).not.toContain(key);
    }
  });

  it('the UI files are served from their folder only', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gloss-static-'));
    const client = join(root, 'client');
    mkdirSync(join(client, 'assets'), { recursive: true });
    writeFileSync(join(client, 'index.html'), '<!doctype html><title>ui</title>');
    writeFileSync(join(client, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET-FILE');
    const s = await startTestServer({ clientDir: client });
    try {
      for (const path of [
        '/..%2fsecret.txt',
        '/%2e%2e/secret.txt',
        '/%2e%2e%2fsecret.txt',
        '/assets/..%2f..%2fsecret.txt',
        '/assets/%2e%2e/%2e%2e/secret.txt',
        '/..%5csecret.txt',
        '/assets/..%5c..%5csecret.txt',
        '/%252e%252e/secret.txt',
      ]) {
        const res = await fetch(`${s.url}${path}`);
        expect(res.status, path).toBeLessThan(500);
        expect(await res.text(), path).not.toContain('TOP-SECRET-FILE');
      }
      expect(await (await fetch(`${s.url}/assets/app.js`)).text()).toBe('console.log(1)');
    } finally {
      await s.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('zip-slip in backups', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'gloss-zipslip-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const HOSTILE = [
    '../evil.txt',
    '../../evil.txt',
    'media/../../evil.txt',
    'media/../../../evil.txt',
    '/tmp/gloss-zipslip-evil.txt',
    '\\evil.txt',
    'media\\..\\..\\evil.txt',
    'C:/evil.txt',
    'c:evil.txt',
    'signing.key',
    '.ssh/authorized_keys',
  ];

  it('refuses every archive with a name that climbs out, is absolute or is outside the layout', async () => {
    for (const [i, name] of HOSTILE.entries()) {
      const dir = join(root, `case-${i}`);
      const data = join(dir, 'data');
      mkdirSync(dir);
      const file = join(dir, 'backup.zip');
      writeFileSync(
        file,
        craftZip([
          { name: 'gloss.db', data: 'not really a database' },
          { name, data: 'pwned' },
        ]),
      );
      await expect(restore(file, data), name).rejects.toThrow();
      expect(files(dir), name).toEqual(['backup.zip']);
    }
    expect(existsSync('/tmp/gloss-zipslip-evil.txt')).toBe(false);
    expect(existsSync(join(root, 'evil.txt'))).toBe(false);
  });

  it('never creates a symlink from an archive, so nothing can be written through one', async () => {
    const dir = join(root, 'symlink');
    const data = join(dir, 'data');
    const outside = join(dir, 'outside');
    mkdirSync(outside, { recursive: true });
    const file = join(dir, 'backup.zip');
    writeFileSync(
      file,
      craftZip([
        { name: 'gloss.db', data: 'db' },
        { name: 'media/link', data: outside, symlink: true },
        { name: 'media/link/evil.txt', data: 'pwned' },
      ]),
    );
    await restore(file, data).catch(() => {});
    expect(readdirSync(outside)).toEqual([]);
    if (existsSync(join(data, 'media', 'link'))) {
      expect(lstatSync(join(data, 'media', 'link')).isSymbolicLink()).toBe(false);
    }
    const only = join(dir, 'only-link.zip');
    writeFileSync(
      only,
      craftZip([
        { name: 'gloss.db', data: 'db' },
        { name: 'media/ab/cd', data: '/etc/passwd', symlink: true },
      ]),
    );
    const data2 = join(dir, 'data2');
    await restore(only, data2).catch(() => {});
    if (existsSync(join(data2, 'media', 'ab', 'cd'))) {
      expect(lstatSync(join(data2, 'media', 'ab', 'cd')).isSymbolicLink()).toBe(false);
    }
  });
});

describe('symlink tricks in folders', () => {
  it('a folder import refuses links to files and folders outside, and reads nothing through them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gloss-folder-'));
    try {
      const secret = join(root, 'secret');
      mkdirSync(secret);
      writeFileSync(join(secret, 'private.png'), testPng(7, 7, [250, 0, 0]));
      const folder = join(root, 'upload');
      mkdirSync(join(folder, 'sub'), { recursive: true });
      writeFileSync(join(folder, 'sub', 'ok.png'), testPng(5, 5));
      symlinkSync(join(secret, 'private.png'), join(folder, 'linked.png'));
      symlinkSync(secret, join(folder, 'linked-dir'));
      symlinkSync('/etc/passwd', join(folder, 'passwd.png'));
      writeFileSync(join(folder, 'tasks.jsonl'), '{"id":"via-task","image":"../secret/private.png"}\n');
      const p = (await admin.post('/api/projects', { name: 'folder' })).json.id as unknown as number;
      const session = new ImportSession(t.ctx, {
        project: t.ctx.projects.byId(p)!,
        update: false,
        actor: { username: 'test' },
      });
      await session.addFolder(folder);
      const result = await session.finish();
      const messages = result.errors.map((e) => e.message).join('\n');
      expect(messages).toMatch(/linked\.png" is a symbolic link: refused/);
      expect(messages).toMatch(/passwd\.png" is a symbolic link: refused/);
      expect(messages).toMatch(/\.\.\/secret\/private\.png/);
      // The private image never became media, under any path.
      const red = t.ctx.db.prepare('SELECT count(*) FROM media WHERE width = 7 AND height = 7').pluck().get();
      expect(red).toBe(0);
      const paths = t.ctx.db.prepare('SELECT path FROM project_media WHERE project_id = ?').pluck().all(p);
      expect(paths).toEqual(['sub/ok.png']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
