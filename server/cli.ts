import { Command } from 'commander';
import { registerBackupCommands } from './cli/backup.ts';
import { configFor, EXIT, fail, withData } from './cli/common.ts';
import { registerIoCommands } from './cli/io.ts';
import { registerProjectCommands } from './cli/projects.ts';
import { registerUserCommands } from './cli/users.ts';

const program = new Command('gloss')
  .description('Gloss: a self-hosted data-labeling workbench')
  .showHelpAfterError()
  .exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : EXIT.usage);
  });

withData(program.command('serve'))
  .description('serve the UI and API')
  .option('--port <port>', 'port (default: $PORT or 8080)')
  .option('--demo', 'add the demo projects and users')
  .action(async (o: { port?: string; demo?: boolean; data?: string }) => {
    const { serve } = await import('./serve.ts');
    const running = await serve(configFor(o), Number(o.port ?? process.env.PORT ?? 8080));
    if (o.demo) {
      const { seedDemo } = await import('./demo.ts');
      await seedDemo(running.ctx);
    }
    console.log(`Gloss is running at ${running.url}  (data: ${running.ctx.config.dataDir})`);
  });

registerUserCommands(program);
registerProjectCommands(program);
registerIoCommands(program);
registerBackupCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  fail(e);
}
