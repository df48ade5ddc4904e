import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkItem } from '../../shared/annotate.ts';
import { Client } from '../testing/harness.ts';
import { TEXT_SCHEMA } from '../testing/queueFixtures.ts';
import { type ChildServer, startServerProcess } from './child.ts';

/**
 * No outbound traffic from the server: it runs with a preload that records (and refuses) every
 * connection, lookup and datagram that would leave the machine, through a whole API session.
 */

const GUARD = join(import.meta.dirname, 'netGuard.ts');
const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-net-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const attempts = (log: string) =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { kind: string; target: string })
    : [];

describe('the network guard preload', () => {
  it('catches (and stops) every kind of outbound attempt, and lets loopback through', () => {
    const log = join(dir, 'self-test.log');
    // Addresses from TEST-NET ranges and the reserved .invalid domain: nothing real is contacted.
    const script = `
      import net from 'node:net'; import http from 'node:http'; import https from 'node:https';
      import dns from 'node:dns'; import { lookup } from 'node:dns'; import dgram from 'node:dgram';
      const settle = (p) => p.then(() => 'done', (e) => e.code ?? e.message);
      const out = {};
      out.fetch = await settle(fetch('http://203.0.113.7/x'));
      out.fetchName = await settle(fetch('https://gloss.invalid/'));
      out.net = await new Promise((r) => net.connect(443, '198.51.100.1').on('error', (e) => r(e.code)));
      out.http = await new Promise((r) => http.get('http://192.0.2.1/').on('error', (e) => r(e.code)));
      out.https = await new Promise((r) => https.get('https://192.0.2.2/').on('error', (e) => r(e.code)));
      out.lookup = await new Promise((r) => lookup('gloss.invalid', (e) => r(e?.code)));
      out.promises = await settle(dns.promises.lookup('gloss.invalid'));
      out.resolve = await new Promise((r) => dns.resolve4('gloss.invalid', (e) => r(e?.code)));
      out.udp = await new Promise((r) => dgram.createSocket('udp4').send('x', 53, '192.0.2.3', (e) => r(e?.code)));
      const server = net.createServer((s) => s.end('hi')).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      out.loopback = await new Promise((r) => net.connect(server.address().port, '127.0.0.1').on('data', (d) => r(String(d))));
      out.localhost = await new Promise((r) => lookup('localhost', (e) => r(e ? e.code : 'ok')));
      server.close();
      console.log(JSON.stringify(out));
      process.exit(0);
    `;
    const res = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', GUARD, '--input-type=module', '-e', script],
      { cwd: ROOT, env: { ...process.env, GLOSS_NET_LOG: log }, encoding: 'utf8', timeout: 30_000 },
    );
    expect(res.status, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout.trim().split('\n').pop()!) as Record<string, string>;
    expect(out.loopback).toBe('hi');
    expect(out.localhost).toBe('ok');
    for (const k of ['fetch', 'fetchName', 'net', 'http', 'https', 'lookup', 'promises', 'resolve', 'udp']) {
      expect(out[k], k).not.toBe('done');
      expect(out[k], k).toBeDefined();
    }
    const targets = attempts(log).map((a) => `${a.kind} ${a.target}`);
    expect(targets).toEqual(
      expect.arrayContaining([
        'connect 203.0.113.7:80',
        'connect gloss.invalid:443',
        'connect 198.51.100.1:443',
        'connect 192.0.2.1:80',
        'connect 192.0.2.2:443',
        'dns.lookup gloss.invalid',
        'dns.resolve4 gloss.invalid',
        'udp 192.0.2.3',
      ]),
    );
    expect(targets.some((t) => t.includes('127.0.0.1') || t.includes('localhost'))).toBe(false);
  });
});

describe('the server makes no outbound attempt', () => {
  let server: ChildServer;
  const log = () => join(dir, 'server.log');
  beforeAll(async () => {
    server = await startServerProcess({
      dataDir: join(dir, 'data'),
      env: { GLOSS_ADMIN_PASSWORD: 'net-admin-password', GLOSS_NET_LOG: log() },
      preload: GUARD,
    });
  });
  afterAll(() => server.stop());

  it('through a whole API session: login, project, import, labeling, export, audit', async () => {
    expect(server.output()).toContain('gloss net guard: watching');
    const admin = new Client(server.url);
    expect(
      (await admin.post('/api/auth/login', { username: 'admin', password: 'net-admin-password' })).status,
    ).toBe(200);
    const created = await admin.post('/api/projects', {
      name: 'Net',
      schema: TEXT_SCHEMA,
      guidelines: '![logo](https://cdn.example.com/logo.png) see https://example.com',
    });
    expect(created.status).toBe(201);
    const id = created.json.id as unknown as number;
    await admin.post('/api/users', { username: 'ann', password: 'ann-password-1' });
    await admin.put(`/api/projects/${id}/members/ann`, { role: 'annotator' });
    const lines = [
      { id: 'a', text: 'Visit https://example.com and mail x@example.org' },
      { id: 'b', image: 'https://images.example.com/cat.jpg' },
      { id: 'c', image: 'http://169.254.169.254/latest/meta-data/' },
      { id: 'd', data: { image: 'http://example.net/dog.png' } },
      { id: 'e', text: 'second', meta: { source: 'https://example.com/feed' } },
    ];
    const imported = await admin.request(
      'POST',
      `/api/projects/${id}/import`,
      lines.map((l) => JSON.stringify(l)).join('\n'),
    );
    expect(imported.json).toMatchObject({ imported: 2 });

    const ann = new Client(server.url);
    await ann.post('/api/auth/login', { username: 'ann', password: 'ann-password-1' });
    for (;;) {
      const next = await ann.get(`/api/projects/${id}/next`);
      if (next.status === 204) break;
      const item = next.json as unknown as WorkItem;
      await ann.put(`/api/items/${item.id}/draft`, { labels: { topic: ['science'] } });
      expect(
        (
          await ann.post(`/api/items/${item.id}/annotations`, {
            labels: { topic: ['science'] },
            lead_time_s: 4,
          })
        ).status,
      ).toBe(201);
    }
    for (const format of ['jsonl', 'csv', 'doccano', 'spacy'])
      expect((await admin.get(`/api/projects/${id}/export?format=${format}&status=all`)).status).toBe(200);
    const token = (await ann.post('/api/tokens', { name: 'script' })).json.token as unknown as string;
    expect((await new Client(server.url, token).get('/api/auth/me')).status).toBe(200);
    for (const path of [
      '/api/health',
      '/api/audit',
      '/api/users',
      `/api/projects/${id}/items`,
      '/api/projects',
    ])
      expect((await admin.get(path)).status).toBe(200);
    // The UI's own files are served from disk (when built) and never name another host.
    await admin.get('/');
    await server.stop();
    expect(attempts(log())).toEqual([]);
  });
});

describe('the guard works inside the server', () => {
  it('records the fetch of an image from a host an admin allowed (the one outbound call Gloss can make)', async () => {
    const log = join(dir, 'allowed.log');
    const server = await startServerProcess({
      dataDir: join(dir, 'allowed'),
      env: {
        GLOSS_ADMIN_PASSWORD: 'net-admin-password',
        GLOSS_NET_LOG: log,
        GLOSS_IMPORT_HOSTS: 'images.example.com',
      },
      preload: GUARD,
    });
    try {
      const admin = new Client(server.url);
      await admin.post('/api/auth/login', { username: 'admin', password: 'net-admin-password' });
      const id = (await admin.post('/api/projects', { name: 'Allowed' })).json.id as unknown as number;
      const res = await admin.request(
        'POST',
        `/api/projects/${id}/import`,
        '{"id":"cat","image":"https://images.example.com/cat.jpg"}\n',
      );
      expect(res.json).toMatchObject({ imported: 0, errors: [{ line: 1 }] });
    } finally {
      await server.stop();
    }
    expect(attempts(log).map((a) => `${a.kind} ${a.target}`)).toEqual(['connect images.example.com:443']);
  });
});
