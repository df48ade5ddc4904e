import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request } from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Ctx, configFromEnv, createContext } from '../context.ts';
import { queueProject } from '../testing/queueFixtures.ts';
import { checkProject, commitInProject } from './guard.ts';

let dir: string;
let ctx: Ctx;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gloss-guard-'));
  ctx = createContext(configFromEnv({}, dir));
});
afterEach(() => {
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A request of an annotator of a fresh project, checked as a route would check it. */
function checkedRequest() {
  const project = queueProject(ctx, { overlap: 1 });
  const id = ctx.users.create({ username: 'ann', passwordHash: 'x', role: 'member' }).id;
  ctx.projects.setMember(project.id, id, 'annotator');
  const req = { user: ctx.users.byId(id) } as Request;
  checkProject(ctx, req, project.id, 'annotate');
  return { req, project, userId: id };
}

describe('commitInProject', () => {
  it('sees a settings change committed between the request check and the unit', async () => {
    const { req, project } = checkedRequest();
    const seen = commitInProject(ctx, req, 'annotate', (p) => p.overlap);
    ctx.projects.update(project.id, { overlap: 3 });
    await expect(seen).resolves.toBe(3);
  });

  it('refuses the unit when the membership was removed in between', async () => {
    const { req, project, userId } = checkedRequest();
    let ran = false;
    const pending = commitInProject(ctx, req, 'annotate', () => {
      ran = true;
    });
    ctx.projects.removeMember(project.id, userId);
    await expect(pending).rejects.toMatchObject({ status: 404 });
    expect(ran).toBe(false);
  });
});
