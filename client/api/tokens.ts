import { z } from 'zod';
import { TokenCreatedSchema, type TokenCreateSchema, TokenSchema } from '../../shared/api.ts';
import { api, send } from './http.ts';

export const listTokens = (signal?: AbortSignal) =>
  api('GET', '/api/tokens', { schema: z.array(TokenSchema), signal });

export const createToken = (body: z.input<typeof TokenCreateSchema>) =>
  api('POST', '/api/tokens', { body, schema: TokenCreatedSchema });

export const revokeToken = (id: number) => send('DELETE', `/api/tokens/${id}`);
