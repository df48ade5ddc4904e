import { z } from 'zod';
import {
  HistoryEntrySchema,
  MyStatsSchema,
  SubmitResultSchema,
  type SubmitSchema,
  WorkItemSchema,
} from '../../shared/annotate.ts';
import type { Labels } from '../../shared/labels.ts';
import { api, withQuery } from '../api/http.ts';

/** The annotator's calls (shapes in shared/annotate.ts). */

/** My next item, or null when the queue has nothing for me (204). `exclude` asks for another than that one. */
export const nextItem = (projectId: number, exclude?: number) =>
  api('GET', withQuery(`/api/projects/${projectId}/next`, { exclude }), {
    schema: WorkItemSchema.nullable(),
  });

export const getItem = (itemId: number) => api('GET', `/api/items/${itemId}`, { schema: WorkItemSchema });

export const putDraft = (itemId: number, labels: Labels) =>
  api('PUT', `/api/items/${itemId}/draft`, { body: { labels } });

export const submitAnnotation = (itemId: number, body: z.input<typeof SubmitSchema>) =>
  api('POST', `/api/items/${itemId}/annotations`, { body, schema: SubmitResultSchema });

export const skipItem = (itemId: number, reason?: string) =>
  api('POST', `/api/items/${itemId}/skip`, { body: reason ? { reason } : {} });

export const getHistory = (projectId: number) =>
  api('GET', `/api/projects/${projectId}/history`, { schema: z.array(HistoryEntrySchema) });

export const getMyStats = (projectId: number) =>
  api('GET', `/api/projects/${projectId}/stats/me`, { schema: MyStatsSchema });

/** Bodies a keepalive request may carry: browsers refuse more than 64 KB in flight at unload. */
const KEEPALIVE_LIMIT = 60_000;

/**
 * Sends a draft while the page is hiding or unloading: a keepalive request outlives the page.
 * Returns false when the draft is too big for keepalive (the caller keeps it in localStorage).
 */
export function putDraftKeepalive(itemId: number, labels: Labels): boolean {
  const body = JSON.stringify({ labels });
  if (new TextEncoder().encode(body).length > KEEPALIVE_LIMIT) return false;
  void fetch(`/api/items/${itemId}/draft`, {
    method: 'PUT',
    keepalive: true,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body,
  }).catch(() => undefined);
  return true;
}
