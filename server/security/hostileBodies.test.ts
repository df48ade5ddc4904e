import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkItem } from '../../shared/annotate.ts';
import { type Client, startTestServer, type TestServer } from '../testing/harness.ts';
import { TEXT_SCHEMA } from '../testing/queueFixtures.ts';
import { fillPattern, listApiRoutes } from './routes.ts';

/**
 * Every route, called by an admin with valid ids, gets bodies and queries built to break parsers:
 * deep nesting, prototype keys, wrong types, giant numbers. Each must get a 4xx (or succeed) with
 * a JSON error, never a 5xx, and nothing may leak onto Object.prototype.
 */

let t: TestServer;
let admin: Client;
const values: Record<string, string> = {};

const deep = (n: number) => `${'{"a":['.repeat(n)}1${']}'.repeat(n)}`;

const BODIES: [string, string][] = [
  ['nested 100,000 deep', deep(100_000)],
  ['labels nested 100,000 deep', `{"labels":${deep(100_000)},"lead_time_s":1}`],
  ['labels with a deep value', `{"labels":{"topic":${deep(50_000)}},"lead_time_s":1}`],
  ['an import line with meta nested 100,000 deep', `{"text":"deep meta","meta":${deep(100_000)}}`],
  ['an import line with gold nested 100,000 deep', `{"text":"deep gold","gold":{"topic":${deep(100_000)}}}`],
  ['an import line with an unknown field nested deep', `{"text":"deep field","extra":${deep(100_000)}}`],
  ['prototype keys', '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}'],
  ['prototype keys in labels', '{"labels":{"__proto__":{"polluted":1}},"lead_time_s":1}'],
  [
    'wrong types everywhere',
    '{"name":[],"labels":"x","role":{},"password":1,"schema":"x","lead_time_s":"1"}',
  ],
  ['giant numbers', '{"lead_time_s":1e400,"overlap":1e308,"labels":{},"version":-1e400}'],
  ['a bare array', '[1,2,3]'],
  ['null', 'null'],
  ['not JSON', '{"a":'],
];

/** Bodies the JSON parser cannot read at all: each a 4xx, like any other bad input. */
const ENCODINGS: [string, Record<string, string>, string | Uint8Array][] = [
  ['an unsupported charset', { 'content-type': 'application/json; charset=latin1' }, '{"name":"x"}'],
  ['an unknown content encoding', { 'content-type': 'application/json', 'content-encoding': 'zstd-x' }, '{}'],
  [
    'a gzip body that is not gzip',
    { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    'nope',
  ],
];

beforeAll(async () => {
  t = await startTestServer();
  admin = await t.as('admin');
  const project = (await admin.post('/api/projects', { name: 'P', schema: TEXT_SCHEMA })).json
    .id as unknown as number;
  await admin.request('POST', `/api/projects/${project}/import`, '{"text":"one"}\n{"text":"two"}\n');
  t.addMember(project, 'admin', 'manager');
  const item = (await admin.get(`/api/projects/${project}/next`)).json as unknown as WorkItem;
  Object.assign(values, { id: String(project), username: 'admin', tokenId: '1' });
  values.itemId = String(item.id);
});
afterAll(() => t.close());

/** Items and annotations routes take the item id; everything else under /projects the project's. */
const pathFor = (pattern: string) =>
  fillPattern(pattern, pattern.startsWith('/api/items/') ? { ...values, id: values.itemId! } : values);

describe('hostile bodies and queries on every route', () => {
  it('never answer 5xx', async () => {
    const failures: string[] = [];
    const routes = listApiRoutes(t.ctx).filter(
      // Logging out or changing one's password would end the session the rest of the test uses.
      (r) => !['/api/auth/logout', '/api/auth/password'].includes(r.pattern),
    );
    for (const route of routes) {
      const path = pathFor(route.pattern);
      for (const [name, body] of route.method === 'GET' ? [] : BODIES) {
        const res = await admin.request(route.method, path, body, { 'content-type': 'application/json' });
        if (res.status >= 500)
          failures.push(`${route.method} ${path} with ${name}: ${res.status} ${res.text}`);
        else if (res.status >= 400)
          expect(res.json, `${route.method} ${path} ${name}`).toHaveProperty('error');
      }
      for (const query of [
        '?after=1e400&limit=-1',
        '?status[]=x&status[]=y',
        '?__proto__[x]=1',
        '?q=%00%ff',
      ]) {
        const res = await admin.request(
          route.method,
          `${path}${query}`,
          route.method === 'GET' ? undefined : {},
        );
        if (res.status >= 500) failures.push(`${route.method} ${path}${query}: ${res.status} ${res.text}`);
      }
    }
    for (const [name, headers, body] of ENCODINGS) {
      const res = await admin.request('POST', '/api/projects', body, headers);
      if (res.status >= 500 || res.status < 400) failures.push(`${name}: ${res.status} ${res.text}`);
      else expect(res.json, name).toHaveProperty('error');
    }
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await admin.get('/api/auth/me')).status).toBe(200);
  });
});
