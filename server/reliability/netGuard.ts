/**
 * A Node `--import` preload that records, and refuses, every network attempt that would leave the
 * machine: TCP connections (net, http, https, tls and fetch all end in Socket#connect), DNS
 * lookups and resolutions, and UDP sends. Loopback addresses, `localhost` and Unix sockets pass.
 * Each refused attempt is appended as a JSON line to the file named by GLOSS_NET_LOG and fails
 * the way an unreachable host would, so nothing is ever sent.
 *
 *   GLOSS_NET_LOG=/tmp/net.log node --import tsx --import ./server/reliability/netGuard.ts server/main.ts
 */

import dgram from 'node:dgram';
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net, { isIP } from 'node:net';

const LOG = process.env.GLOSS_NET_LOG;

export function isLoopback(host: string | undefined): boolean {
  if (host === undefined || host === '') return true; // Node's default host is localhost
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h) || h === '0:0:0:0:0:0:0:1';
  return false;
}

function record(kind: string, target: string) {
  const line = `${JSON.stringify({ kind, target, pid: process.pid, stack: new Error().stack })}\n`;
  if (LOG) appendFileSync(LOG, line);
  else process.stderr.write(`gloss net guard: refused ${kind} ${target}\n`);
}

const refusal = (what: string, code: string) =>
  Object.assign(new Error(`gloss net guard: refused ${what}`), { code, syscall: 'connect' });

type ConnectArgs = unknown[];

/** Host, port and path of Socket#connect's many call shapes. */
function target(args: ConnectArgs): { host?: string; port?: unknown; path?: string | null } {
  let first = args[0];
  if (Array.isArray(first)) first = first[0]; // net.connect passes its normalised arguments
  if (typeof first === 'object' && first !== null) {
    const o = first as { host?: string; port?: unknown; path?: string | null };
    return { host: o.host, port: o.port, path: o.path };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  return { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
}

const realConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: ConnectArgs) {
  const t = target(args);
  // Like net itself: a non-empty path is a Unix socket (http passes `path: null` for TCP).
  if (!t.path && !isLoopback(t.host)) {
    record('connect', `${t.host}:${String(t.port)}`);
    process.nextTick(() => this.destroy(refusal(`${t.host}:${String(t.port)}`, 'ECONNREFUSED')));
    return this;
  }
  return (realConnect as (...a: ConnectArgs) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

type Callback = (err: Error | null, ...rest: unknown[]) => void;

const realLookup = dns.lookup;
/** A lookup of an IP literal asks no server (servers look up the address they bind to). */
const asksDns = (hostname: string) => !isLoopback(hostname) && isIP(hostname) === 0;

dns.lookup = function guardedLookup(hostname: string, ...rest: unknown[]) {
  if (asksDns(hostname)) {
    record('dns.lookup', hostname);
    const cb = rest[rest.length - 1] as Callback;
    process.nextTick(() => cb(refusal(`lookup ${hostname}`, 'ENOTFOUND')));
    return {};
  }
  return (realLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
} as typeof dns.lookup;

const realPromiseLookup = dns.promises.lookup;
dns.promises.lookup = async function guardedPromiseLookup(hostname: string, ...rest: unknown[]) {
  if (asksDns(hostname)) {
    record('dns.lookup', hostname);
    throw refusal(`lookup ${hostname}`, 'ENOTFOUND');
  }
  return (realPromiseLookup as (...a: unknown[]) => Promise<unknown>)(hostname, ...rest);
} as typeof dns.promises.lookup;

// Resolutions ask a DNS server directly, whatever the name: every one of them is outbound.
const RESOLVERS = [
  'resolve',
  'resolve4',
  'resolve6',
  'resolveAny',
  'resolveCname',
  'resolveMx',
  'resolveNs',
  'resolveTxt',
  'resolveSrv',
  'resolvePtr',
  'resolveNaptr',
  'resolveSoa',
  'resolveCaa',
  'reverse',
] as const;
for (const name of RESOLVERS) {
  for (const target of [dns, dns.Resolver.prototype] as Record<string, unknown>[]) {
    if (typeof target[name] !== 'function') continue;
    target[name] = (host: string, ...rest: unknown[]) => {
      record(`dns.${name}`, host);
      const cb = rest[rest.length - 1] as Callback;
      process.nextTick(() => cb(refusal(`${name} ${host}`, 'ECONNREFUSED')));
    };
  }
  for (const target of [dns.promises, dns.promises.Resolver.prototype] as Record<string, unknown>[]) {
    if (typeof target[name] !== 'function') continue;
    target[name] = async (host: string) => {
      record(`dns.${name}`, host);
      throw refusal(`${name} ${host}`, 'ECONNREFUSED');
    };
  }
}

const realSend = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function guardedSend(this: dgram.Socket, ...args: unknown[]) {
  const address = args.find((a, i) => i > 0 && typeof a === 'string') as string | undefined;
  if (address !== undefined && !isLoopback(address)) {
    record('udp', address);
    const cb = args[args.length - 1];
    if (typeof cb === 'function')
      process.nextTick(() => (cb as Callback)(refusal(`udp ${address}`, 'ECONNREFUSED')));
    return;
  }
  return (realSend as (...a: unknown[]) => void).apply(this, args);
} as typeof dgram.Socket.prototype.send;

const realUdpConnect = dgram.Socket.prototype.connect;
dgram.Socket.prototype.connect = function guardedUdpConnect(this: dgram.Socket, ...args: unknown[]) {
  const address = typeof args[1] === 'string' ? args[1] : undefined;
  if (!isLoopback(address)) {
    record('udp', String(address));
    throw refusal(`udp ${address}`, 'ECONNREFUSED');
  }
  return (realUdpConnect as (...a: unknown[]) => void).apply(this, args);
} as typeof dgram.Socket.prototype.connect;

syncBuiltinESMExports();
process.stderr.write('gloss net guard: watching for outbound network attempts\n');
