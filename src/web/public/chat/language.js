// @ts-check
// The "Langue / Language" control: the seven languages in their own names. Choosing one switches the
// page's words at once and tells the hub (POST /api/v1/conversations/{id}/locale), whose bot then
// answers in it and confirms, offering the buttons on screen again in the new language.
import { authHeaders, conversationUrl } from './api.js';
import { conversation } from './session.js';
import { applyI18n, languages, loadStrings, locale, rememberChoice } from './strings.js';

/** Fills the control with the languages the hub offers and shows it. @param {HTMLSelectElement} select */
export function fillLanguages(select) {
  const offered = languages();
  if (!offered.length) return;
  select.replaceChildren(
    ...offered.map((language) => {
      const option = document.createElement('option');
      option.value = language.code;
      option.lang = language.code;
      option.dir = language.dir;
      option.textContent = language.name;
      return option;
    }),
  );
  select.value = locale;
  /** @type {HTMLElement} */ (select.closest('.language-picker')).hidden = false;
}

/**
 * Binds the control; `switched` redraws what the page wrote itself (banners, statuses).
 * @param {HTMLSelectElement} select
 * @param {() => void} switched
 */
export function bindLanguage(select, switched) {
  select.addEventListener('change', async () => {
    const code = select.value;
    if (code === locale) return;
    select.disabled = true;
    try {
      if (!(await loadStrings(code))) {
        select.value = locale; // the hub did not answer: nothing changed
        return;
      }
      rememberChoice(code);
      applyI18n();
      switched();
      await tellHub(code);
    } finally {
      select.disabled = false;
    }
  });
}

/** The bot answers in `code` from now on (a conversation being opened takes it from the page). @param {string} code */
async function tellHub(code) {
  if (!conversation.session || conversation.session.closed) return;
  try {
    await fetch(conversationUrl('/locale'), {
      method: 'POST',
      headers: authHeaders({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ locale: code }),
    });
  } catch (_) {
    /* offline: the page is switched; the bot follows the language the citizen writes in */
  }
}
