import { z } from 'zod';
import {
  type ItemListQuerySchema,
  ItemPageSchema,
  MemberSchema,
  type ProjectCreateSchema,
  ProjectDeleteCountsSchema,
  ProjectDeleteResultSchema,
  type ProjectPatchSchema,
  ProjectSchema,
} from '../../shared/api.ts';
import type { ProjectRole } from '../../shared/permissions.ts';
import { type TierEditPreviewBodySchema, TierEditPreviewSchema } from '../../shared/review/tierEdit.ts';
import { api, send, withQuery } from './http.ts';

export const listProjects = (signal?: AbortSignal) =>
  api('GET', '/api/projects', { schema: z.array(ProjectSchema), signal });

export const getProject = (id: number, signal?: AbortSignal) =>
  api('GET', `/api/projects/${id}`, { schema: ProjectSchema, signal });

export const createProject = (body: z.input<typeof ProjectCreateSchema>) =>
  api('POST', '/api/projects', { body, schema: ProjectSchema });

export const patchProject = (id: number, body: z.input<typeof ProjectPatchSchema>) =>
  api('PATCH', `/api/projects/${id}`, { body, schema: ProjectSchema });

/** What deleting the project would remove (admins). */
export const previewProjectDelete = (id: number, signal?: AbortSignal) =>
  api('GET', `/api/projects/${id}/delete-preview`, { schema: ProjectDeleteCountsSchema, signal });

/** Deletes the project with all its data; `confirm` is its exact name. */
export const deleteProject = (id: number, confirm: string) =>
  api('DELETE', `/api/projects/${id}`, { body: { confirm }, schema: ProjectDeleteResultSchema });

const memberPath = (id: number, username: string) =>
  `/api/projects/${id}/members/${encodeURIComponent(username)}`;

export const listMembers = (id: number, signal?: AbortSignal) =>
  api('GET', `/api/projects/${id}/members`, { schema: z.array(MemberSchema), signal });

/** Adds a member or changes their role; replies with the whole list. */
export const setMember = (id: number, username: string, role: ProjectRole) =>
  api('PUT', memberPath(id, username), { body: { role }, schema: z.array(MemberSchema) });

export const removeMember = (id: number, username: string) => send('DELETE', memberPath(id, username));

export const listItems = (
  id: number,
  query: Partial<z.input<typeof ItemListQuerySchema>>,
  signal?: AbortSignal,
) => api('GET', withQuery(`/api/projects/${id}/items`, query), { schema: ItemPageSchema, signal });

/** What saving `tiers` would do to the items at the tiers it removes or renames; changes nothing. */
export const previewTierEdit = (
  id: number,
  tiers: z.input<typeof TierEditPreviewBodySchema>['tiers'],
  signal?: AbortSignal,
) =>
  api('POST', `/api/projects/${id}/tiers/preview`, {
    body: { tiers },
    schema: TierEditPreviewSchema,
    signal,
  });
