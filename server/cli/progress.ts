import cliProgress from 'cli-progress';
import { formatBytes } from '../io/records.ts';

export interface Progress {
  /** `status` is a short note shown after the numbers; `total` replaces the total once known. */
  update(done: number, more?: { status?: string; total?: number }): void;
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
  const show = (n: number) => (unit === 'bytes' ? formatBytes(n) : n.toLocaleString('en-US'));
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${label} [{bar}] {percentage}% | {done} of {all} | {status}`,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), 0, { done: show(0), all: show(total), status: '' });
    return {
      update(done, more = {}) {
        if (more.total !== undefined && more.total !== total) {
          total = more.total;
          bar.setTotal(Math.max(total, 1));
        }
        bar.update(done, { done: show(done), all: show(total), status: more.status ?? '' });
      },
      stop: () => bar.stop(),
    };
  }
  let last = Date.now();
  return {
    update(done, more = {}) {
      if (more.total !== undefined) total = more.total;
      if (Date.now() - last < 5000) return;
      last = Date.now();
      const pct = total > 0 ? ` (${Math.floor((done / total) * 100)}%)` : '';
      const status = more.status ? `, ${more.status}` : '';
      console.error(`gloss ${label}: ${show(done)} of ${show(total)}${pct}${status}`);
    },
    stop() {},
  };
}
