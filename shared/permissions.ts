/**
 * The one permission table: which role may do which action. The server checks every route
 * against it and the client uses it only to hide what would be refused anyway.
 */
export const GLOBAL_ROLES = ['admin', 'member'] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];
export const PROJECT_ROLES = ['annotator', 'reviewer', 'expert', 'manager'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/** Actions that are not about one project. */
export const GLOBAL_ACTIONS = {
  /** Create projects. */
  'project.create': ['admin'],
  /**
   * Delete a project with all its data (items, labels, reviews, its own images). Checked after the
   * project itself, so someone who is not a member still gets 404; a manager gets 403.
   */
  'project.delete': ['admin'],
  /** Create, disable, re-enable users, reset passwords, change global roles, clear lockouts. */
  'user.manage': ['admin'],
  /** List users (to add them to a project). */
  'user.list': ['admin', 'member'],
  /** Read the audit log. */
  'audit.read': ['admin'],
  /** Create, list and revoke one's own API tokens. */
  'token.own': ['admin', 'member'],
} as const satisfies Record<string, readonly GlobalRole[]>;
export type GlobalAction = keyof typeof GLOBAL_ACTIONS;

/**
 * Actions inside one project, by project role. A global admin may do all of them in every
 * project. Anyone who is not a member (and not admin) gets 404 for the whole project.
 */
export const PROJECT_ACTIONS = {
  /** See the project, its schema and guidelines. */
  'project.read': ['annotator', 'reviewer', 'expert', 'manager'],
  /** Edit name, schema, guidelines, overlap, settings, tiers; archive. */
  'project.update': ['manager'],
  /** See the member list. */
  'members.read': ['reviewer', 'expert', 'manager'],
  /** Add, change or remove members. */
  'members.manage': ['manager'],
  /** Browse all items in the Data page. */
  'items.read': ['reviewer', 'expert', 'manager'],
  /** Edit item tags and priority. */
  'items.update': ['manager'],
  /** Import items. */
  'items.import': ['manager'],
  /** Export items with labels. */
  'items.export': ['manager'],
  /** Work the annotation queue: next, draft, submit, skip. */
  annotate: ['annotator', 'manager'],
  /** Work a review tier. */
  review: ['reviewer', 'expert', 'manager'],
  /** Project dashboard and per-annotator statistics. */
  'stats.read': ['reviewer', 'expert', 'manager'],
} as const satisfies Record<string, readonly ProjectRole[]>;
export type ProjectAction = keyof typeof PROJECT_ACTIONS;

export function globalAllows(role: GlobalRole, action: GlobalAction): boolean {
  return (GLOBAL_ACTIONS[action] as readonly GlobalRole[]).includes(role);
}

/** `projectRole` is null when the user is not a member of the project. */
export function projectAllows(
  globalRole: GlobalRole,
  projectRole: ProjectRole | null,
  action: ProjectAction,
): boolean {
  if (globalRole === 'admin') return true;
  if (!projectRole) return false;
  return (PROJECT_ACTIONS[action] as readonly ProjectRole[]).includes(projectRole);
}
