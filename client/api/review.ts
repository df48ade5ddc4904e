import { z } from 'zod';
import {
  DashboardSchema,
  type ItemPatchSchema,
  ReviewResultSchema,
  ReviewWorkSchema,
  TimelineEntrySchema,
} from '../../shared/review/api.ts';
import type { ReviewDecision } from '../../shared/review/decision.ts';
import { api, withQuery } from './http.ts';

/** The reviewer's and the manager's calls (shapes in shared/review/api.ts). */

/** The next annotation to review at a tier, or null when the tier is empty (204). */
export const nextReview = (projectId: number, tier: string, exclude?: number, signal?: AbortSignal) =>
  api('GET', withQuery(`/api/projects/${projectId}/review/next`, { tier, exclude }), {
    schema: ReviewWorkSchema.nullable(),
    signal,
  });

export const decide = (annotationId: number, body: ReviewDecision) =>
  api('POST', `/api/annotations/${annotationId}/reviews`, { body, schema: ReviewResultSchema });

export const itemTimeline = (itemId: number, signal?: AbortSignal) =>
  api('GET', `/api/items/${itemId}/history`, { schema: z.array(TimelineEntrySchema), signal });

export const patchItem = (itemId: number, body: z.input<typeof ItemPatchSchema>) =>
  api('PATCH', `/api/items/${itemId}`, { body });

export const getDashboard = (projectId: number, signal?: AbortSignal) =>
  api('GET', `/api/projects/${projectId}/dashboard`, { schema: DashboardSchema, signal });

/** The authorised media route of an image item (served by id, never by path). */
export const mediaUrl = (mediaId: number) => `/api/media/${mediaId}`;
