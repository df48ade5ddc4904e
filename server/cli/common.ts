import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type Config, type Ctx, configFromEnv, createContext } from '../context.ts';
import { HttpError } from '../errors.ts';

/** Exit codes: 0 success, 1 the work failed (some of it may be done), 2 a usage error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {}

/** Adds `--data DIR`; GLOSS_DATA is the default, then ./data. */
export function withData(cmd: Command): Command {
  return cmd.option('--data <dir>', 'data directory (default: $GLOSS_DATA or ./data)');
}

export function configFor(opts: { data?: string }): Config {
  const base = configFromEnv();
  return { ...base, dataDir: resolve(opts.data ?? base.dataDir) };
}

/** Opens the data dir, runs `fn`, closes the database; errors become a message and an exit code. */
export async function withCtx(
  opts: { data?: string },
  fn: (ctx: Ctx) => Promise<number | undefined> | number | undefined,
) {
  const ctx = createContext(configFor(opts));
  try {
    const code = await fn(ctx);
    process.exitCode = code ?? EXIT.ok;
  } catch (e) {
    fail(e);
  } finally {
    ctx.db.close();
  }
}

export function fail(e: unknown) {
  if (e instanceof UsageError) {
    console.error(`gloss: ${e.message}`);
    process.exitCode = EXIT.usage;
  } else if (e instanceof HttpError) {
    console.error(`gloss: ${e.message}`);
    process.exitCode = e.status === 400 ? EXIT.usage : EXIT.failed;
  } else {
    console.error(`gloss: ${(e as Error).message}`);
    process.exitCode = EXIT.failed;
  }
}

/** Reads all of stdin (for passwords piped in). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const CLI_ACTOR = { username: 'cli' };
