import type { Command } from 'commander';

/** `gloss import` and `gloss export` (added with the importers). */
export function registerIoCommands(_program: Command) {}
