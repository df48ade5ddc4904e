import type { Server } from 'node:http';
import { join } from 'node:path';
import { createApp } from './app.ts';
import { ensureAdmin } from './bootstrap.ts';
import { type Config, type Ctx, createContext } from './context.ts';
import { startCheckpointer } from './db/checkpointer.ts';
import { resumeProjectDeletes } from './workflow/projectDelete.ts';

export interface Running {
  ctx: Ctx;
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Opens the data dir, makes sure an admin exists, and serves UI + API on `port`. */
export async function serve(config: Config, port: number, host = '0.0.0.0'): Promise<Running> {
  const ctx = createContext(config);
  const password = await ensureAdmin(ctx, process.env.GLOSS_ADMIN_PASSWORD);
  if (password) {
    console.log('\n  First start: created the admin user.');
    console.log(
      `  username: admin\n  password: ${password}\n  (shown once: change it under Account after logging in)\n`,
    );
  }
  const app = createApp(ctx);
  const server = app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const addr = server.address();
  const actualPort = typeof addr === 'object' && addr ? addr.port : port;
  const stopCheckpointer = startCheckpointer(ctx.db, join(config.dataDir, 'gloss.db'));
  // A project delete that a crash or a stop interrupted goes on, batch by batch, while serving.
  void resumeProjectDeletes(ctx);
  return {
    ctx,
    server,
    url: `http://localhost:${actualPort}`,
    async close() {
      await stopCheckpointer();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      ctx.db.close();
    },
  };
}
