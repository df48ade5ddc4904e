import { z } from 'zod';
import { type UserCreateSchema, type UserPatchSchema, UserSchema } from '../../shared/api.ts';
import { api, send } from './http.ts';

const path = (username: string) => `/api/users/${encodeURIComponent(username)}`;

export const listUsers = (signal?: AbortSignal) =>
  api('GET', '/api/users', { schema: z.array(UserSchema), signal });

export const createUser = (body: z.input<typeof UserCreateSchema>) =>
  api('POST', '/api/users', { body, schema: UserSchema });

export const patchUser = (username: string, body: z.input<typeof UserPatchSchema>) =>
  api('PATCH', path(username), { body, schema: UserSchema });

export const clearLockout = (username: string) => send('DELETE', `${path(username)}/lockout`);
