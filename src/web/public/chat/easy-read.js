// @ts-check
// The « Texte facile à lire » toggle, offered while the page is in French: easy-to-read French (FALC)
// for the bot's welcome, answers and main phrases. Pressing it tells the hub (POST
// /api/v1/conversations/{id}/easy-read), whose bot says its menu again in the new reading. The
// welcome's own « Texte facile à lire » / « Texte habituel » choices do the same through the
// conversation (as on the messaging apps): the toggle follows them.
import { authHeaders, conversationUrl } from './api.js';
import { conversation } from './session.js';
import { locale } from './strings.js';

/** Holds the id of the conversation easy-to-read is on for (a new conversation starts without it). */
const STORAGE_KEY = 'relais.easyRead';
/** The flow engine's synthetic choices (src/flows/engine.ts). */
const CHOICE_ON = 'read.easy';
const CHOICE_OFF = 'read.usual';

/** @type {HTMLButtonElement | null} */
let toggle = null;

/** True when easy-to-read is on for the followed conversation. */
function isOn() {
  try {
    return Boolean(conversation.session) && sessionStorage.getItem(STORAGE_KEY) === conversation.session?.id;
  } catch (_) {
    return false;
  }
}

/** @param {boolean} on */
function remember(on) {
  try {
    if (on && conversation.session) sessionStorage.setItem(STORAGE_KEY, conversation.session.id);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch (_) {
    /* private mode: the hub keeps the choice all the same */
  }
}

/** Shows the toggle in French only, pressed when easy-to-read is on for this conversation. */
export function showEasyRead() {
  if (!toggle) return;
  toggle.hidden = locale !== 'fr';
  toggle.setAttribute('aria-pressed', String(isOn()));
}

/** A choice the citizen tapped in the conversation: the welcome's reading choices move the toggle. @param {string | undefined} choiceId */
export function noteChoice(choiceId) {
  if (choiceId !== CHOICE_ON && choiceId !== CHOICE_OFF) return;
  remember(choiceId === CHOICE_ON);
  showEasyRead();
}

/** Binds the toggle. @param {HTMLButtonElement} button */
export function bindEasyRead(button) {
  toggle = button;
  button.addEventListener('click', async () => {
    if (!conversation.session || conversation.session.closed) return;
    const on = !isOn();
    button.disabled = true;
    try {
      const res = await fetch(conversationUrl('/easy-read'), {
        method: 'POST',
        headers: authHeaders({ 'Content-Type': 'application/json' }),
        body: JSON.stringify({ easyRead: on }),
      });
      if (res.ok) remember(on);
    } catch (_) {
      /* offline: nothing changed; the citizen may press again */
    } finally {
      button.disabled = false;
      showEasyRead();
    }
  });
  showEasyRead();
}
