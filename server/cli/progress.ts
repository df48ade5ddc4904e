import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

/**
 * A progress bar (cli-progress) when stderr is a terminal, otherwise a plain line every few
 * seconds so logs of scripted runs still show that work goes on.
 */
export function progress(
  label: string,
  total: number,
  unit: 'bytes' | 'items' | 'pages' = 'items',
): Progress {
  const fmt = (n: number) =>
    unit === 'bytes' ? `${(n / 1024 / 1024).toFixed(1)} MB` : n.toLocaleString('en-US');
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${label} [{bar}] {percentage}% | {done} / {all} | {eta_formatted} left`,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { done: fmt(0), all: fmt(total) });
    return {
      update(done, t) {
        if (t !== undefined && t !== total) {
          total = t;
          bar.setTotal(t);
        }
        bar.update(done, { done: fmt(done), all: fmt(total) });
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update(done, t) {
      if (t !== undefined) total = t;
      const now = Date.now();
      if (now - last < 2000) return;
      last = now;
      const pct = total > 0 ? ` (${Math.floor((done / total) * 100)}%)` : '';
      process.stderr.write(`${label}: ${fmt(done)} of ${fmt(total)}${pct}\n`);
    },
    stop() {
      process.stderr.write(`${label}: done\n`);
    },
  };
}
