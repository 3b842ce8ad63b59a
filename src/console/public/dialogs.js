/*
 * Relais console — the transfer dialog (to a colleague or back to the queue, with an internal note)
 * and the close dialog (an outcome code; the citizen then gets the satisfaction question).
 */
import { bindAppointment } from './appointment.js';
import { canWrite, closePanel } from './conversation.js';
import { $, ApiError, api, conversationPath, notice, state } from './lib.js';

const STATUS = { available: 'disponible', away: 'absent', offline: 'hors ligne' };

/** Opens the transfer dialog with the colleagues' presence and load. */
export async function openTransfer() {
  if (!canWrite()) return;
  const select = $('transfer-to');
  select.textContent = '';
  select.append(new Option("La file d'attente (premier agent libre)", ''));
  try {
    const { agents } = await api('GET', '/agents');
    for (const a of agents) {
      if (a.username === state.current.info.agent) continue;
      select.append(new Option(`${a.username} — ${STATUS[a.status] || a.status}, ${a.load} conv.`, a.username));
    }
  } catch (_) {
    /* the queue stays possible */
  }
  $('transfer-note').value = '';
  $('transfer-dialog').showModal();
  select.focus();
}

async function onTransfer(event) {
  event.preventDefault();
  const conv = state.current;
  if (!conv) return $('transfer-dialog').close();
  const to = $('transfer-to').value;
  const note = $('transfer-note').value.trim();
  $('transfer-submit').disabled = true;
  try {
    await api('POST', conversationPath(conv.id, '/transfer'), to ? { to, note } : { note });
    $('transfer-dialog').close();
    notice(to ? `Conversation transférée à ${to}.` : "Conversation remise dans la file d'attente.", 'info');
    if (!canKeep(to)) closePanel();
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) notice(`Transfert impossible : ${err.message || 'destinataire inconnu'}.`);
    else if (err instanceof ApiError && (err.status === 404 || err.status === 409)) notice('Transfert impossible : la conversation a changé de mains.');
    else notice('Le transfert a échoué. Réessayez.');
  } finally {
    $('transfer-submit').disabled = false;
  }
}

// A supervisor may keep watching a conversation they handed on; an agent loses access.
function canKeep(to) {
  return state.me.permissions.includes('supervise') || to === state.me.username;
}

/** Opens the close dialog. */
export function openClose() {
  if (!canWrite()) return;
  $('close-form').querySelector('input[value="resolved"]').checked = true;
  $('close-dialog').showModal();
  $('close-form').querySelector('input[name="outcome"]:checked').focus();
}

async function onClose(event) {
  event.preventDefault();
  const conv = state.current;
  if (!conv) return $('close-dialog').close();
  const outcome = $('close-form').querySelector('input[name="outcome"]:checked').value;
  $('close-submit').disabled = true;
  try {
    await api('POST', conversationPath(conv.id, '/close'), { outcome });
    $('close-dialog').close();
    notice('Conversation clôturée. Le citoyen reçoit la question de satisfaction.', 'info');
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) notice("Cette conversation n'est plus à vous.");
    else notice('La clôture a échoué. Réessayez.');
  } finally {
    $('close-submit').disabled = false;
  }
}

function onCloseKeydown(event) {
  const n = Number(event.key);
  if (!Number.isInteger(n) || n < 1 || event.target.tagName === 'TEXTAREA') return;
  const radios = $('close-form').querySelectorAll('input[name="outcome"]');
  if (radios[n - 1]) {
    radios[n - 1].checked = true;
    radios[n - 1].focus();
  }
}

/** Wires both dialogs. */
export function bindDialogs() {
  $('transfer-form').addEventListener('submit', onTransfer);
  $('close-form').addEventListener('submit', onClose);
  $('close-dialog').addEventListener('keydown', onCloseKeydown);
  for (const button of document.querySelectorAll('dialog [data-cancel]')) button.addEventListener('click', () => button.closest('dialog').close());
  $('conv-transfer').addEventListener('click', openTransfer);
  $('conv-close').addEventListener('click', openClose);
  bindAppointment();
}
