/*
 * Relais console — the "Rendez-vous" dialog: the agent looks up stations near a postcode, a commune or
 * "lat,lon" (GET /api/v1/stations), picks one, a date and a time, and confirms; the citizen gets the
 * confirmation and its calendar file (POST /api/v1/agent/conversations/{id}/appointment).
 */
import { canWrite } from './conversation.js';
import { $, ApiError, api, conversationPath, notice, state } from './lib.js';
import { t } from './strings.js';

/** Opens the dialog on the conversation shown (the agent must hold it). */
export function openAppointment() {
  if (!canWrite()) return;
  $('appointment-station').textContent = '';
  $('appointment-station').disabled = true;
  $('appointment-error').textContent = '';
  $('appointment-note').value = '';
  $('appointment-dialog').showModal();
  $('appointment-near').focus();
}

/** Looks stations up near what the agent typed and fills the picker, nearest first. */
async function findStations() {
  const near = $('appointment-near').value.trim();
  const select = $('appointment-station');
  select.textContent = '';
  select.disabled = true;
  $('appointment-error').textContent = '';
  if (!near) return;
  try {
    const res = await fetch(`/api/v1/stations?near=${encodeURIComponent(near)}&limit=5`, { cache: 'no-store' });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(body?.error?.message || `HTTP ${res.status}`);
    for (const s of body.stations) select.append(new Option(`${s.name} — ${s.postcode} ${s.commune}`, s.id));
    select.disabled = false;
    select.focus();
  } catch (err) {
    $('appointment-error').textContent = t('appointment.notFound', { reason: err.message });
  }
}

async function onSubmit(event) {
  event.preventDefault();
  const conv = state.current;
  if (!conv) return $('appointment-dialog').close();
  const stationId = $('appointment-station').value;
  const local = $('appointment-at').value;
  if (!stationId || !local) {
    $('appointment-error').textContent = t('appointment.missing');
    return;
  }
  // The input gives this computer's local time: sent as an instant, the hub shows it in the service's zone.
  const at = new Date(local).toISOString();
  const note = $('appointment-note').value.trim();
  $('appointment-submit').disabled = true;
  try {
    await api('POST', conversationPath(conv.id, '/appointment'), note ? { stationId, at, note } : { stationId, at });
    $('appointment-dialog').close();
    notice(t('appointment.done'), 'info');
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) $('appointment-error').textContent = t('appointment.refused', { reason: err.message });
    else if (err instanceof ApiError && (err.status === 404 || err.status === 409)) notice(t('appointment.notMine'));
    else notice(t('appointment.failed'));
  } finally {
    $('appointment-submit').disabled = false;
  }
}

/** Wires the dialog and its button. */
export function bindAppointment() {
  $('conv-appointment').addEventListener('click', openAppointment);
  $('appointment-find').addEventListener('click', findStations);
  $('appointment-near').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      findStations();
    }
  });
  $('appointment-form').addEventListener('submit', onSubmit);
}
