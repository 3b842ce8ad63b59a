/*
 * Relais console — "Transmettre": the case summary e-mailed to the competent unit, chosen from the
 * stations directory (searched by postcode or commune) or given by its address. The hub adds the
 * topic, the date and the reference; never the conversation nor the citizen's contact.
 */
import { canWrite } from './conversation.js';
import { $, ApiError, api, conversationPath, notice, state } from './lib.js';
import { t } from './strings.js';

/** What each refusal means for the agent (strings: forward.errors). */
const ERRORS = new Set([
  'station_without_email',
  'unknown_station',
  'invalid_unit',
  'invalid_email',
  'invalid_summary',
  'too_long',
  'mail_unavailable',
  'mail_failed',
]);

/** Opens the forward dialog on the held conversation. */
export function openForward() {
  if (!canWrite()) return;
  const summary = $('forward-summary');
  // A draft survives a cancel on the same conversation; a new conversation starts from the template.
  if (summary.dataset.conversation !== state.current.id) {
    summary.value = t('forward.template'); // what the agent fills in: the facts a unit needs, nothing about who the person is
    summary.dataset.conversation = state.current.id;
    $('forward-email').value = '';
  }
  $('forward-error').textContent = '';
  $('forward-dialog').showModal();
  (mode() === 'email' ? $('forward-email') : $('forward-near')).focus();
}

function mode() {
  return $('forward-form').querySelector('input[name="forward-mode"]:checked').value;
}

function showMode() {
  const email = mode() === 'email';
  $('forward-station-box').hidden = email;
  $('forward-email-box').hidden = !email;
}

async function findStations() {
  const near = $('forward-near').value.trim();
  const select = $('forward-station');
  select.textContent = '';
  if (!near) return $('forward-near').focus();
  try {
    const res = await fetch(`/api/v1/stations?near=${encodeURIComponent(near)}&limit=8`, { cache: 'no-store' });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      select.append(new Option(t(res.status === 404 ? 'forward.noStation' : 'forward.badPlace'), ''));
      return;
    }
    for (const s of data.stations) {
      const distance = s.distanceKm >= 1 ? ` — ${Math.round(s.distanceKm)} km` : '';
      select.append(new Option(`${s.name} (${s.postcode} ${s.commune})${distance}`, s.id));
    }
    select.focus();
  } catch (_) {
    select.append(new Option(t('forward.directoryDown'), ''));
  }
}

// Shown in the dialog: the page's notice sits behind the modal's backdrop.
function refuse(text) {
  $('forward-error').textContent = text;
}

async function onSubmit(event) {
  event.preventDefault();
  const conv = state.current;
  if (!conv) return $('forward-dialog').close();
  const summary = $('forward-summary').value.trim();
  const target = mode() === 'email' ? { email: $('forward-email').value.trim() } : { stationId: $('forward-station').value };
  if (!target.email && !target.stationId) return refuse(t('forward.errors.invalid_unit'));
  const label = target.email || $('forward-station').selectedOptions[0]?.textContent;
  $('forward-submit').disabled = true;
  refuse('');
  try {
    await api('POST', conversationPath(conv.id, '/forward'), { ...target, summary });
    $('forward-dialog').close();
    $('forward-summary').dataset.conversation = '';
    notice(t('forward.done', { label }), 'info');
  } catch (err) {
    if (err instanceof ApiError && ERRORS.has(err.code)) refuse(t(`forward.errors.${err.code}`));
    else if (err instanceof ApiError && (err.status === 404 || err.status === 409)) refuse(t('forward.notMine'));
    else refuse(t('forward.failed'));
  } finally {
    $('forward-submit').disabled = false;
  }
}

/** Wires the dialog and the "Transmettre…" button. */
export function bindForward() {
  $('conv-forward').addEventListener('click', openForward);
  $('forward-form').addEventListener('submit', onSubmit);
  $('forward-find').addEventListener('click', findStations);
  $('forward-near').addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault(); // Enter searches; it must not send the form
    findStations();
  });
  for (const radio of $('forward-form').querySelectorAll('input[name="forward-mode"]')) radio.addEventListener('change', showMode);
}
