import { statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from 'express';
import type { Ctx } from '../context.ts';

const VERSION = '0.1.0';

function size(file: string) {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Open to everyone (load balancers, uptime checks): it says nothing about the data. */
export function healthRoutes(ctx: Ctx) {
  const r = Router();
  r.get('/api/health', (_req, res) => {
    let dbOk = true;
    try {
      ctx.db.prepare('SELECT 1').get();
    } catch {
      dbOk = false;
    }
    const dbFile = join(ctx.config.dataDir, 'gloss.db');
    const fs = statfsSync(ctx.config.dataDir);
    res.status(dbOk ? 200 : 503).json({
      ok: dbOk,
      version: VERSION,
      database: { ok: dbOk, sizeBytes: size(dbFile), walBytes: size(`${dbFile}-wal`) },
      disk: { freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize },
    });
  });
  return r;
}
