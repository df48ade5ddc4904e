import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GlobalRole, ProjectRole } from '../../shared/permissions.ts';
import { type AppOptions, createApp } from '../app.ts';
import { hashPassword } from '../auth/passwords.ts';
import { type Config, type Ctx, configFromEnv, createContext } from '../context.ts';

export const TEST_PASSWORD = 'correct-horse-battery';

/** A client that keeps one session cookie, like a browser tab, or sends a Bearer token. */
export class Client {
  cookie: string | null = null;
  constructor(
    readonly base: string,
    readonly token: string | null = null,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.token) h.authorization = `Bearer ${this.token}`;
    let payload: BodyInit | undefined;
    if (body !== undefined) {
      if (typeof body === 'string' || body instanceof Uint8Array || body instanceof FormData) {
        payload = body as BodyInit;
      } else {
        h['content-type'] = 'application/json';
        payload = JSON.stringify(body);
      }
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? null;
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return {
      status: res.status,
      headers: res.headers,
      text,
      json: json as Record<string, unknown> & unknown[],
    };
  }
  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body ?? {});
  put = (path: string, body?: unknown) => this.request('PUT', path, body ?? {});
  patch = (path: string, body?: unknown) => this.request('PATCH', path, body ?? {});
  delete = (path: string) => this.request('DELETE', path);
}

export interface TestServer {
  url: string;
  ctx: Ctx;
  dir: string;
  /** A client logged in as `username` (password TEST_PASSWORD). */
  as(username: string): Promise<Client>;
  anon(): Client;
  /** Creates a user directly in the store (fast: the hash is computed once per server). */
  addUser(username: string, role?: GlobalRole): Promise<number>;
  addMember(projectId: number, username: string, role: ProjectRole): void;
  /** Creates each user (global role member) and logs them in: a client per name. */
  addUsersAs<N extends string>(names: readonly N[]): Promise<Record<N, Client>>;
  close(): Promise<void>;
}

/**
 * A real Gloss server on an ephemeral port with a fresh SQLite file in a temp dir, and an admin
 * `admin` whose password is TEST_PASSWORD.
 */
export async function startTestServer(
  opts: AppOptions & { config?: Partial<Config> } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-test-'));
  const ctx = createContext({ ...configFromEnv({}, join(dir, 'data')), ...opts.config });
  const app = createApp(ctx, { clientDir: null, ...opts });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const hash = await hashPassword(TEST_PASSWORD);
  const addUser = async (username: string, role: GlobalRole = 'member') =>
    ctx.users.create({ username, passwordHash: hash, role }).id;
  // A restored data dir already has its admin.
  if (!ctx.users.byName('admin')) await addUser('admin', 'admin');
  const as = async (username: string) => {
    const c = new Client(url);
    const res = await c.post('/api/auth/login', { username, password: TEST_PASSWORD });
    if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${res.text}`);
    return c;
  };
  return {
    url,
    ctx,
    dir,
    as,
    anon: () => new Client(url),
    addUser,
    addMember(projectId, username, role) {
      ctx.projects.setMember(projectId, ctx.users.byName(username)!.id, role);
    },
    async addUsersAs<N extends string>(names: readonly N[]) {
      const clients = {} as Record<N, Client>;
      for (const name of names) {
        await addUser(name);
        clients[name] = await as(name);
      }
      return clients;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      ctx.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
