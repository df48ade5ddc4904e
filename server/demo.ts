import type { Ctx } from './context.ts';

/** Seeds the demo project and users (filled in with the importer). */
export async function seedDemo(_ctx: Ctx): Promise<void> {}
