/** What each role may do: one table, read by the agent API and the console socket alike. */
import type { Role } from './accounts.js';

/** An action class the API and the console check before acting. */
export type Permission =
  | 'queue' // see the waiting list (it carries the citizens' summaries)
  | 'converse' // claim, read, reply, note, close, transfer one's own conversations
  | 'supervise' // the supervisor figures, the audit log, anyone's conversation
  | 'canned' // the canned answers
  | 'edit_canned' // change the canned answers (knowledge/canned.yaml) from the console
  | 'content'; // the read-only content preview

const GRANTS: Record<Role, readonly Permission[]> = {
  agent: ['queue', 'converse', 'canned'],
  supervisor: ['queue', 'converse', 'supervise', 'canned', 'edit_canned', 'content'],
  // Editors shape what the bot and the agents say; they never see a citizen's words.
  editor: ['canned', 'edit_canned', 'content'],
};

/** True when `role` grants `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role]?.includes(permission) ?? false;
}

/** Every permission of a role, for the console to show or hide its tabs. */
export function permissionsOf(role: Role): Permission[] {
  return [...(GRANTS[role] ?? [])];
}
