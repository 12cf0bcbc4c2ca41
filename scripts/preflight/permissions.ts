/**
 * Whether a caller's effective permissions (the answer of ARM's Permissions list: one entry per role the caller
 * holds at the scope, with its `actions` and `notActions`) allow a control-plane action, judged the way Azure RBAC
 * documents it:
 * - an action string matches a pattern case-insensitively;
 * - `*` in a pattern stands for any run of characters, `/` included (`*` is every action, `*\/read` every read,
 *   `Microsoft.Authorization/*` everything in the namespace); every other character matches only itself;
 * - `notActions` subtract from the `actions` of the same entry only: they are not a deny, so another entry (another
 *   role) that grants the action still allows it.
 */

/** One entry of a Permissions list answer, reduced to the control-plane part preflight judges. */
export interface PermissionEntry {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
}

/** Whether `action` matches the action pattern `pattern` (case-insensitive, `*` any characters). */
export function actionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'is').test(action);
}

/** Whether one entry allows `action`: one of its actions matches and none of its notActions does. */
export function entryAllows(entry: PermissionEntry, action: string): boolean {
  return entry.actions.some((p) => actionMatches(p, action)) && !entry.notActions.some((p) => actionMatches(p, action));
}

/** Whether any entry allows `action` (see {@link entryAllows}). */
export function isAllowed(entries: readonly PermissionEntry[], action: string): boolean {
  return entries.some((e) => entryAllows(e, action));
}
