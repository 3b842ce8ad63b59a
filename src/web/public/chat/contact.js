// @ts-check
// The contact form, for a citizen who cannot wait in the chat: a written request queued for agents
// (POST /api/v1/contact), with an e-mail for the answer when the hub can send one. The answer
// shows the follow-up code once; nothing of the request is kept in the page's storage.
import { settings } from './settings.js';
import { locale, t } from './strings.js';

const MAX_LENGTH = 4000;
// A light check only (the hub checks for real): something@something.something, no spaces.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** Wires the "Écrire un message" button to its dialog. @param {HTMLButtonElement} opener */
export function bindContact(opener) {
  const dialog = /** @type {HTMLDialogElement} */ (byId('contact-dialog'));
  const form = /** @type {HTMLFormElement} */ (byId('contact-form'));
  const text = /** @type {HTMLTextAreaElement} */ (byId('contact-text'));
  const email = /** @type {HTMLInputElement} */ (byId('contact-email'));
  const error = byId('contact-error');
  const send = /** @type {HTMLButtonElement} */ (byId('contact-send'));
  const done = byId('contact-done');

  /** Shows a problem, tied to the field it is about. @param {string} message @param {HTMLElement} [field] */
  function fail(message, field) {
    error.textContent = message;
    for (const input of [text, email]) input.removeAttribute('aria-invalid');
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
  }

  function open() {
    form.hidden = false;
    done.hidden = true;
    byId('contact-email-row').hidden = !settings.email;
    fail('');
    dialog.showModal();
    text.focus();
  }

  /** @param {SubmitEvent} event */
  async function submit(event) {
    event.preventDefault();
    const body = { text: text.value.trim(), locale, ...(settings.email && email.value.trim() ? { email: email.value.trim() } : {}) };
    if (!body.text) return fail(t('contactEmpty'), text);
    if (body.text.length > MAX_LENGTH) return fail(t('contactTooLong'), text);
    if (body.email && !EMAIL_SHAPE.test(body.email)) return fail(t('contactBadEmail'), email);
    fail('');
    send.disabled = true;
    send.textContent = t('contactSending');
    try {
      const res = await fetch('/api/v1/contact', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const answer = await res.json().catch(() => ({}));
      if (res.status === 201 && typeof answer.code === 'string') return showDone(answer.code, answer.urgent === true, Boolean(body.email));
      const code = answer?.error?.code;
      if (code === 'invalid_email') return fail(t('contactBadEmail'), email);
      if (code === 'too_long') return fail(t('contactTooLong'), text);
      fail(t('contactFailed'));
    } catch (_) {
      fail(t('contactFailed'));
    } finally {
      send.disabled = false;
      send.textContent = t('contactSend');
    }
  }

  /** @param {string} code @param {boolean} urgent @param {boolean} byMail */
  function showDone(code, urgent, byMail) {
    form.reset();
    form.hidden = true;
    byId('contact-code').textContent = code;
    byId('contact-urgent').hidden = !urgent;
    byId('contact-done-email').hidden = !byMail;
    done.hidden = false;
    byId('contact-done-title').focus();
  }

  opener.addEventListener('click', open);
  form.addEventListener('submit', submit);
  byId('contact-cancel').addEventListener('click', () => dialog.close());
  byId('contact-close').addEventListener('click', () => dialog.close());
  // Back to where the citizen was: the chat is still there.
  dialog.addEventListener('close', () => opener.focus());
}
