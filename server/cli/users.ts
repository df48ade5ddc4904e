import type { Command } from 'commander';
import { UserCreateSchema } from '../../shared/api.ts';
import { GLOBAL_ROLES, type GlobalRole } from '../../shared/permissions.ts';
import { createUser, updateUser } from '../auth/userCommands.ts';
import { parse } from '../http/validate.ts';
import { CLI_ACTOR, readStdin, UsageError, withCtx, withData } from './common.ts';

function role(value: string): GlobalRole {
  if (!(GLOBAL_ROLES as readonly string[]).includes(value))
    throw new UsageError(`role must be one of ${GLOBAL_ROLES.join(', ')}`);
  return value as GlobalRole;
}

async function passwordFromStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UsageError('pipe the password on standard input, e.g. echo "$PW" | gloss user add NAME');
  const pw = (await readStdin()).replace(/\r?\n$/, '');
  if (!pw) throw new UsageError('no password on standard input');
  return pw;
}

export function registerUserCommands(program: Command) {
  const user = program.command('user').description('manage users');

  withData(user.command('add <username>'))
    .description('create a user; the password is read from standard input')
    .option('--role <role>', 'admin or member', 'member')
    .option('--name <display>', 'display name')
    .action(async (username: string, o: { role: string; name?: string; data?: string }) =>
      withCtx(o, async (ctx) => {
        const input = parse(UserCreateSchema, {
          username,
          displayName: o.name,
          password: await passwordFromStdin(),
          role: role(o.role),
        });
        const u = await createUser(ctx, CLI_ACTOR, input);
        console.log(`created ${u.username} (${u.role})`);
        return 0;
      }),
    );

  withData(user.command('list'))
    .description('list users')
    .action(async (o: { data?: string }) =>
      withCtx(o, (ctx) => {
        for (const u of ctx.users.list()) {
          console.log(`${u.username.padEnd(24)} ${u.role.padEnd(7)} ${u.disabled ? 'disabled' : 'active'}`);
        }
        return 0;
      }),
    );

  withData(user.command('disable <username>'))
    .description('disable a user and end their sessions')
    .option('--enable', 'enable again instead')
    .action(async (username: string, o: { enable?: boolean; data?: string }) =>
      withCtx(o, async (ctx) => {
        await updateUser(ctx, CLI_ACTOR, username, { disabled: !o.enable });
        console.log(`${username} ${o.enable ? 'enabled' : 'disabled'}`);
        return 0;
      }),
    );

  withData(user.command('passwd <username>'))
    .description('set a new password (read from standard input); ends their sessions')
    .action(async (username: string, o: { data?: string }) =>
      withCtx(o, async (ctx) => {
        const password = parse(UserCreateSchema.shape.password, await passwordFromStdin());
        await updateUser(ctx, CLI_ACTOR, username, { password });
        console.log(`password of ${username} changed`);
        return 0;
      }),
    );

  withData(user.command('role <username> <role>'))
    .description('set the global role (admin or member)')
    .action(async (username: string, r: string, o: { data?: string }) =>
      withCtx(o, async (ctx) => {
        await updateUser(ctx, CLI_ACTOR, username, { role: role(r) });
        console.log(`${username} is now ${r}`);
        return 0;
      }),
    );
}
