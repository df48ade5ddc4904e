#!/usr/bin/env node
// The `gloss` command: runs the TypeScript CLI through tsx so no separate build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli.ts');
