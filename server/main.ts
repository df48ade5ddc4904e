import { configFromEnv } from './context.ts';
import { serve } from './serve.ts';

const demo = process.argv.includes('--demo');
const port = Number(process.env.PORT ?? 8080);
const running = await serve(configFromEnv(), port);
if (demo) {
  const { seedDemo } = await import('./demo.ts');
  await seedDemo(running.ctx);
}
console.log(`Gloss is running at ${running.url}  (data: ${running.ctx.config.dataDir})`);

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void running.close().then(() => process.exit(0));
  });
}
