// @ts-check
// The conversation this page follows (id, token, last seq seen), kept in sessionStorage across reloads.

const STORAGE_KEY = 'relais.conversation';

/** @typedef {{ id: string, token: string, lastSeq: number, closed?: boolean }} Session */

/** The conversation followed; `session` is null while a new one is being opened (`resetting`). */
export const conversation = {
  /** @type {Session | null} */
  session: null,
  resetting: false,
};

/** The followed session, for code that only runs while there is one (it throws, as it always did, if not). */
export function activeSession() {
  return /** @type {Session} */ (conversation.session);
}

/** The session stored by an earlier visit in this tab, or null. @returns {Session | null} */
export function loadSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
    if (saved && typeof saved.id === 'string' && typeof saved.token === 'string') {
      return { id: saved.id, token: saved.token, lastSeq: Number(saved.lastSeq) || 0, closed: saved.closed === true };
    }
  } catch (_) {
    /* storage disabled or corrupt: start afresh */
  }
  return null;
}

export function saveSession() {
  if (!conversation.session) return;
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(conversation.session));
  } catch (_) {
    /* private mode */
  }
}

export function clearSession() {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch (_) {
    /* private mode */
  }
}
