/**
 * The browser every Playwright run here uses: the e2e suite (playwright.config.ts) and the
 * browser benchmarks launch it alike, so their numbers come from the same setup.
 */

/** Debian's Chromium; Playwright never downloads a browser here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** No sandbox (runs as root in CI), no GPU, and nothing that phones home. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
