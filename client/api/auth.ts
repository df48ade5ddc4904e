import type { z } from 'zod';
import { type LoginBodySchema, type PasswordChangeSchema, UserSchema } from '../../shared/api.ts';
import { api, send } from './http.ts';

export const getMe = (signal?: AbortSignal) => api('GET', '/api/auth/me', { schema: UserSchema, signal });

export const login = (body: z.input<typeof LoginBodySchema>) =>
  api('POST', '/api/auth/login', { body, schema: UserSchema });

export const logout = () => send('POST', '/api/auth/logout');

export const changePassword = (body: z.input<typeof PasswordChangeSchema>) =>
  send('POST', '/api/auth/password', body);
