// @ts-check
// "Quitter et effacer": the citizen must hide this page now. The conversation is erased on the hub
// (DELETE, sent with keepalive so it survives the navigation), the page's own storage is emptied,
// and the page replaces itself in the history with a neutral one (Back does not return here).
// Shortcut: Escape twice within a second (not while a dialog is open: Escape closes it).
import { resetLink } from './connection.js';
import { clearTranscript } from './render.js';
import { settings } from './settings.js';
import { conversation } from './session.js';

const ERASE_WAIT_MS = 1500;
const DOUBLE_ESCAPE_MS = 1000;
/** Every key the widget writes starts with this. */
const STORAGE_PREFIX = 'relais.';

let leaving = false;
let lastEscape = 0;

/** True once the citizen asked to leave: nothing may open or save a conversation any more. */
export function isLeaving() {
  return leaving;
}

/** Erases the conversation, empties the widget's storage and leaves for the neutral page. */
export async function quickExit() {
  if (leaving) return;
  leaving = true;
  const session = conversation.session;
  conversation.session = null;
  resetLink();
  clearTranscript();
  forgetStorage();
  if (session) {
    const erase = fetch(`/api/v1/conversations/${encodeURIComponent(session.id)}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${session.token}` },
      keepalive: true,
    }).catch(() => undefined);
    // Wait a moment for the erase to land, but never keep the citizen here for long.
    await Promise.race([erase, new Promise((resolve) => setTimeout(resolve, ERASE_WAIT_MS))]);
  }
  leavePage(settings.quickExitUrl);
}

/** Replaces the page the citizen sees: in a site's bubble (widget.js), the whole page, not only the frame. @param {string} url */
function leavePage(url) {
  try {
    if (window.top && window.top !== window) return void window.top.location.replace(url);
  } catch (_) {
    /* the browser refused to move the embedding page: at least this frame goes */
  }
  location.replace(url);
}

/** Removes every key the widget keeps, in this tab's and in the browser's storage. */
function forgetStorage() {
  for (const store of [safeStorage('sessionStorage'), safeStorage('localStorage')]) {
    if (!store) continue;
    const ours = [];
    for (let i = 0; i < store.length; i += 1) {
      const key = store.key(i);
      if (key?.startsWith(STORAGE_PREFIX)) ours.push(key);
    }
    for (const key of ours) store.removeItem(key);
  }
}

/** @param {'sessionStorage' | 'localStorage'} name @returns {Storage | null} */
function safeStorage(name) {
  try {
    return window[name];
  } catch (_) {
    return null; // storage disabled
  }
}

/** @param {KeyboardEvent} event */
function onKeydown(event) {
  if (event.key !== 'Escape' || event.repeat) return;
  if (document.querySelector('dialog[open]')) {
    lastEscape = 0;
    return;
  }
  const now = Date.now();
  if (now - lastEscape <= DOUBLE_ESCAPE_MS) quickExit();
  else lastEscape = now;
}

/** Wires the button and the shortcut. @param {HTMLButtonElement} button */
export function bindQuickExit(button) {
  button.addEventListener('click', quickExit);
  document.addEventListener('keydown', onKeydown);
}
