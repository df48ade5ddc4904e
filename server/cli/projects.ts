import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ProjectCreateSchema, type ProjectDeleteCounts } from '../../shared/api.ts';
import { PROJECT_ROLES, type ProjectRole } from '../../shared/permissions.ts';
import type { Ctx } from '../context.ts';
import { parse } from '../http/validate.ts';
import { createProject, removeMember, setMember } from '../workflow/projectCommands.ts';
import { beginProjectDelete, runProjectDelete } from '../workflow/projectDelete.ts';
import { CLI_ACTOR, UsageError, withCtx, withData } from './common.ts';
import { progress } from './progress.ts';

/** Finds a project by id or exact name, or fails with a usage error. */
export function projectRef(ctx: Ctx, ref: string | undefined) {
  if (!ref) throw new UsageError('--project is required');
  const p = ctx.projects.byIdOrName(ref);
  if (!p) throw new UsageError(`no project "${ref}"`);
  return p;
}

export function registerProjectCommands(program: Command) {
  const project = program.command('project').description('manage projects');

  withData(project.command('create'))
    .description('create a project and print its id')
    .requiredOption('--name <name>', 'project name')
    .option('--schema <file>', 'label schema JSON file')
    .option('--guidelines <file>', 'guidelines Markdown file')
    .option('--overlap <n>', 'annotations wanted per item', '1')
    .action(
      async (o: { name: string; schema?: string; guidelines?: string; overlap: string; data?: string }) =>
        withCtx(o, (ctx) => {
          let schema: unknown;
          if (o.schema) {
            try {
              schema = JSON.parse(readFileSync(o.schema, 'utf8'));
            } catch (e) {
              throw new UsageError(`cannot read schema ${o.schema}: ${(e as Error).message}`);
            }
          }
          const input = parse(ProjectCreateSchema, {
            name: o.name,
            schema,
            guidelines: o.guidelines ? readFileSync(o.guidelines, 'utf8') : undefined,
            overlap: Number(o.overlap),
          });
          const p = createProject(ctx, { ...CLI_ACTOR, userId: null }, input);
          console.log(p.id);
          return 0;
        }),
    );

  withData(project.command('list'))
    .description('list projects')
    .action(async (o: { data?: string }) =>
      withCtx(o, (ctx) => {
        for (const p of ctx.projects.listFor(0, true)) {
          const counts = ctx.projects.counts(p.id);
          const total = Object.values(counts).reduce((a, b) => a + b, 0);
          console.log(
            `${String(p.id).padStart(4)}  ${p.name.padEnd(32)} ${String(total).padStart(9)} items${p.archived ? '  (archived)' : ''}`,
          );
        }
        return 0;
      }),
    );

  withData(project.command('members'))
    .description('list, add or remove members of a project')
    .requiredOption('--project <name-or-id>', 'project')
    .option('--add <username>', 'add (or change) a member')
    .option('--role <role>', `role for --add: ${PROJECT_ROLES.join(', ')}`, 'annotator')
    .option('--remove <username>', 'remove a member')
    .action(async (o: { project: string; add?: string; role: string; remove?: string; data?: string }) =>
      withCtx(o, (ctx) => {
        const p = projectRef(ctx, o.project);
        if (o.add) {
          if (!(PROJECT_ROLES as readonly string[]).includes(o.role)) {
            throw new UsageError(`role must be one of ${PROJECT_ROLES.join(', ')}`);
          }
          setMember(ctx, CLI_ACTOR, p, o.add, o.role as ProjectRole);
        }
        if (o.remove) removeMember(ctx, CLI_ACTOR, p, o.remove);
        for (const m of ctx.projects.members(p.id)) console.log(`${m.username.padEnd(24)} ${m.role}`);
        return 0;
      }),
    );

  withData(project.command('delete <project>'))
    .description('delete a project (id or name) with all its items, labels, reviews and own images, for good')
    .option('--yes', 'go ahead (without it, only says what would be deleted)')
    .action(async (ref: string, o: { yes?: boolean; data?: string }) =>
      withCtx(o, async (ctx) => {
        const live = ctx.projects.byIdOrName(ref);
        // A delete a crash or a stop interrupted: the project is hidden, this finishes it.
        const target = live ?? ctx.projectDeletes.pendingByRef(ref);
        if (!target) throw new UsageError(`no project "${ref}"`);
        const counts = ctx.projectDeletes.preview(target.id);
        if (!o.yes) {
          throw new UsageError(
            `this deletes project "${target.name}" for good: ${describeCounts(counts)}; add --yes to go ahead`,
          );
        }
        if (live) beginProjectDelete(ctx, CLI_ACTOR, live);
        console.error(`gloss: deleting project "${target.name}": ${describeCounts(counts)}`);
        const bar = progress('delete', counts.items);
        let items = 0;
        const deleted = await runProjectDelete(ctx, target.id, {
          onStep(step) {
            if (step.phase === 'done') return;
            items += step.removed.items ?? 0;
            bar.update(items, { status: step.phase === 'media' ? 'removing image files' : 'items' });
          },
        });
        bar.stop();
        console.log(
          deleted
            ? `deleted project "${deleted.name}": ${describeCounts(deleted)}`
            : `project "${target.name}" was deleted meanwhile`,
        );
        return 0;
      }),
    );
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function describeCounts(c: ProjectDeleteCounts): string {
  return [
    plural(c.items, 'item'),
    plural(c.annotations, 'annotation'),
    plural(c.reviews, 'review'),
    plural(c.mediaFiles, 'image file'),
  ].join(', ');
}
