import type { z } from 'zod';
import { AuditPageSchema, type AuditQuerySchema } from '../../shared/api.ts';
import { api, withQuery } from './http.ts';

export const listAudit = (query: Partial<z.input<typeof AuditQuerySchema>>, signal?: AbortSignal) =>
  api('GET', withQuery('/api/audit', query), { schema: AuditPageSchema, signal });
