// @ts-check
// "I have a follow-up code": the form that takes a conversation handed to officers from another
// device (POST /api/v1/conversations/resume) and hands the session to the page.
import { t } from './strings.js';

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * Binds the button and the form. `adopt` follows the resumed conversation instead of the current one.
 * @param {(session: import('./session.js').Session) => void} adopt
 */
export function bindResume(adopt) {
  const open = /** @type {HTMLButtonElement} */ (byId('resume-chat'));
  const form = /** @type {HTMLFormElement} */ (byId('resume-form'));
  const input = /** @type {HTMLInputElement} */ (byId('resume-code'));
  const error = byId('resume-error');
  const submit = /** @type {HTMLButtonElement} */ (byId('resume-submit'));
  const close = () => {
    form.hidden = true;
    open.setAttribute('aria-expanded', 'false');
    open.focus();
  };
  open.addEventListener('click', () => {
    form.hidden = !form.hidden;
    open.setAttribute('aria-expanded', String(!form.hidden));
    error.textContent = '';
    if (!form.hidden) input.focus();
  });
  byId('resume-cancel').addEventListener('click', close);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = input.value.trim();
    if (!code) return input.focus();
    submit.disabled = true;
    error.textContent = '';
    try {
      const res = await fetch('/api/v1/conversations/resume', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      if (res.ok) {
        const body = await res.json();
        input.value = '';
        form.hidden = true;
        open.setAttribute('aria-expanded', 'false');
        adopt({ id: body.id, token: body.token, lastSeq: 0 });
        return;
      }
      error.textContent = t(res.status === 429 ? 'resumeTooMany' : res.status === 404 || res.status === 400 ? 'resumeUnknown' : 'resumeFailed');
    } catch (_) {
      error.textContent = t('resumeFailed');
    } finally {
      submit.disabled = false;
    }
    input.focus();
  });
}
