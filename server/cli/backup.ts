import { resolve } from 'node:path';
import type { Command } from 'commander';
import { backup, restore } from '../db/backup.ts';
import { configFor, fail, withCtx, withData } from './common.ts';
import { progress } from './progress.ts';

export function registerBackupCommands(program: Command) {
  withData(program.command('backup <file>'))
    .description('write a zip with an online snapshot of the database and the media (safe while serving)')
    .action(async (file: string, o: { data?: string }) =>
      withCtx(o, async (ctx) => {
        const bar = progress('backup', 0, 'pages');
        const r = await backup(ctx.db, ctx.config.dataDir, resolve(file), (done, total) =>
          bar.update(done, { total }),
        );
        bar.stop();
        console.log(
          `backup written to ${file} (${(r.bytes / 1024 / 1024).toFixed(1)} MB, ${r.mediaFiles} media files)`,
        );
        return 0;
      }),
    );

  withData(program.command('restore <file>'))
    .description('restore a backup into the data directory (stop the server first)')
    .option('--force', 'replace an existing database')
    .action(async (file: string, o: { data?: string; force?: boolean }) => {
      try {
        const config = configFor(o);
        const r = await restore(resolve(file), config.dataDir, o.force);
        console.log(`restored into ${config.dataDir} (${r.mediaFiles} media files)`);
      } catch (e) {
        fail(e);
      }
    });
}
