// Runs before the app. Zod probes for `new Function` to compile fast parsers; Gloss's strict CSP
// refuses it and the browser reports a violation on every page, so zod is told not to try
// (its `jitless` setting, read from this global when zod loads).
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
