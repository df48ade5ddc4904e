import { z } from 'zod';
import { LabelSchemaSchema } from './labelSchema.ts';
import { GLOBAL_ROLES, PROJECT_ROLES } from './permissions.ts';
import { TiersSchema } from './review/tiers.ts';

/** Every error reply: a stable id scripts can branch on, a sentence for people, the field if any. */
export const ErrorBodySchema = z.object({
  error: z.object({ id: z.string(), message: z.string(), field: z.string().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const UsernameSchema = z
  .string()
  .trim()
  .min(2, 'at least 2 characters')
  .max(40)
  .regex(/^[a-zA-Z0-9_.-]+$/, 'letters, digits, dot, dash and underscore only');
export const PasswordSchema = z.string().min(8, 'at least 8 characters').max(200);

export const LoginBodySchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const UserSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(GLOBAL_ROLES),
  disabled: z.boolean(),
  skills: z.array(z.string()),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const UserCreateSchema = z.strictObject({
  username: UsernameSchema,
  displayName: z.string().trim().max(80).optional(),
  password: PasswordSchema,
  role: z.enum(GLOBAL_ROLES).default('member'),
});
export const UserPatchSchema = z.strictObject({
  displayName: z.string().trim().max(80).optional(),
  role: z.enum(GLOBAL_ROLES).optional(),
  disabled: z.boolean().optional(),
  password: PasswordSchema.optional(),
  skills: z.array(z.string().trim().min(1).max(40)).max(50).optional(),
});
/** A user changing their own password must prove they know the current one. */
export const PasswordChangeSchema = z.strictObject({ current: z.string(), password: PasswordSchema });

export const TokenCreateSchema = z.strictObject({ name: z.string().trim().min(1, 'name the token').max(80) });
export const TokenSchema = z.object({
  id: z.number(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type Token = z.infer<typeof TokenSchema>;
/** Returned once, at creation: the secret is never shown again. */
export const TokenCreatedSchema = TokenSchema.extend({ token: z.string() });

export const ProjectSettingsSchema = z.strictObject({
  /** Minutes an item handed to an annotator stays reserved for them. */
  leaseMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Snap span edges to word boundaries. */
  snapToWords: z.boolean().default(false),
  /** Review tiers, lowest first; a new project gets DEFAULT_TIERS, an empty list means no review. */
  tiers: TiersSchema.optional(),
  /** Items whose annotators agree less than this (0-1) are escalated automatically. */
  agreementThreshold: z.number().min(0).max(1).optional(),
  /** Percent of an annotator's queue drawn from gold (known-answer) items. */
  goldRate: z.number().min(0).max(100).optional(),
  /** Skill routing in the annotation queue: tagged items reach only annotators with a matching skill. */
  annotatorsMatchSkills: z.boolean().optional(),
});
export type ProjectSettings = z.infer<typeof ProjectSettingsSchema>;

export const ProjectCreateSchema = z.strictObject({
  name: z.string().trim().min(1, 'name the project').max(120),
  description: z.string().max(2000).default(''),
  schema: LabelSchemaSchema.default({ tasks: [] }),
  guidelines: z.string().max(200_000).default(''),
  overlap: z.number().int().min(1).max(50).default(1),
  settings: ProjectSettingsSchema.default({ leaseMinutes: 30, snapToWords: false }),
});
export const ProjectPatchSchema = z.strictObject({
  name: ProjectCreateSchema.shape.name.optional(),
  description: z.string().max(2000).optional(),
  schema: LabelSchemaSchema.optional(),
  guidelines: z.string().max(200_000).optional(),
  overlap: z.number().int().min(1).max(50).optional(),
  settings: ProjectSettingsSchema.partial().optional(),
  archived: z.boolean().optional(),
});

export const ITEM_STATUSES = ['new', 'annotating', 'submitted', 'in_review', 'rejected', 'accepted'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ProjectSchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  schema: LabelSchemaSchema,
  guidelines: z.string(),
  overlap: z.number(),
  settings: ProjectSettingsSchema,
  archived: z.boolean(),
  createdAt: z.string(),
  /** The caller's role in the project; null for an admin who is not a member. */
  myRole: z.enum(PROJECT_ROLES).nullable(),
  /** Item counts by status. */
  counts: z.partialRecord(z.enum(ITEM_STATUSES), z.number()),
});
export type Project = z.infer<typeof ProjectSchema>;

/** `DELETE /api/projects/:id`: the project's exact name, typed by whoever deletes it. */
export const ProjectDeleteBodySchema = z.strictObject({ confirm: z.string().max(1000) });
/** What deleting a project removes (the preview) or removed; `mediaFiles` are image files no other project holds. */
export const ProjectDeleteCountsSchema = z.object({
  items: z.number(),
  annotations: z.number(),
  reviews: z.number(),
  mediaFiles: z.number(),
});
export type ProjectDeleteCounts = z.infer<typeof ProjectDeleteCountsSchema>;
/** 200 `deleted` with the counts when the delete finished in the request; 202 `deleting` when it goes on in the background. */
export const ProjectDeleteResultSchema = z.union([
  ProjectDeleteCountsSchema.extend({ deleted: z.literal(true) }),
  z.object({ deleting: z.literal(true) }),
]);

export const MemberSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(PROJECT_ROLES),
  skills: z.array(z.string()),
});
export type Member = z.infer<typeof MemberSchema>;
export const MemberPutSchema = z.strictObject({ role: z.enum(PROJECT_ROLES) });

export const ImportErrorSchema = z.object({ line: z.number(), message: z.string() });
export type ImportError = z.infer<typeof ImportErrorSchema>;
export const ImportResultSchema = z.object({
  imported: z.number(),
  updated: z.number(),
  duplicates: z.number(),
  errors: z.array(ImportErrorSchema),
  /** True when more errors happened than are listed. */
  errorsTruncated: z.boolean(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const ItemRowSchema = z.object({
  id: z.number(),
  extId: z.string(),
  kind: z.enum(['text', 'image']),
  /** The first characters of the text, or the image path. */
  preview: z.string(),
  status: z.enum(ITEM_STATUSES),
  tags: z.array(z.string()),
  annotations: z.number(),
  createdAt: z.string(),
});
export type ItemRow = z.infer<typeof ItemRowSchema>;
export const ItemListQuerySchema = z.object({
  status: z.enum(ITEM_STATUSES).optional(),
  tag: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const ItemPageSchema = z.object({ items: z.array(ItemRowSchema), next: z.number().nullable() });
export type ItemPage = z.infer<typeof ItemPageSchema>;

export const AuditEventSchema = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string().nullable(),
  action: z.string(),
  projectId: z.number().nullable(),
  target: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;
export const AuditQuerySchema = z.object({
  action: z.string().max(60).optional(),
  actor: z.string().max(60).optional(),
  projectId: z.coerce.number().int().optional(),
  before: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const AuditPageSchema = z.object({ events: z.array(AuditEventSchema), next: z.number().nullable() });

export const HealthSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  database: z.object({ ok: z.boolean(), sizeBytes: z.number(), walBytes: z.number() }),
  disk: z.object({ freeBytes: z.number(), totalBytes: z.number() }),
});
