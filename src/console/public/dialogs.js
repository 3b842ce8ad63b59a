/*
 * Relais console — the transfer dialog (to a colleague or back to the queue, with an internal note)
 * and the close dialog (an outcome code; the citizen then gets the satisfaction question).
 */
import { bindAppointment } from './appointment.js';
import { canWrite, closePanel } from './conversation.js';
import { $, ApiError, api, conversationPath, el, notice, state } from './lib.js';
import { t } from './strings.js';

/** Colleagues listed in the transfer dialog, by username (their presence, for the warning). */
let colleagues = new Map();

/** Opens the transfer dialog with the colleagues' presence and load. */
export async function openTransfer() {
  if (!canWrite()) return;
  const select = $('transfer-to');
  select.textContent = '';
  select.append(new Option(t('transfer.queue'), ''));
  colleagues = new Map();
  try {
    const { agents } = await api('GET', '/agents');
    const others = agents.filter((a) => a.username !== state.current.info.agent);
    // Available colleagues first; those away or offline apart, marked, with a warning when chosen.
    const absent = el('optgroup');
    absent.label = t('transfer.absentGroup');
    for (const a of others) {
      colleagues.set(a.username, a);
      const name = a.display || a.username;
      const status = t(`transfer.status.${a.status}`, { defaultValue: a.status });
      const option = new Option(t(a.status === 'available' ? 'transfer.option' : 'transfer.optionAbsent', { name, status, load: a.load }), a.username);
      option.dataset.status = a.status;
      if (a.status === 'available') select.append(option);
      else absent.append(option);
    }
    if (absent.children.length) select.append(absent);
  } catch (_) {
    /* the queue stays possible */
  }
  showTransferWarning();
  $('transfer-note').value = '';
  $('transfer-dialog').showModal();
  select.focus();
}

/** Warns when the chosen colleague is away or offline (the conversation would wait for them). */
function showTransferWarning() {
  const chosen = colleagues.get($('transfer-to').value);
  const absent = Boolean(chosen && chosen.status !== 'available');
  $('transfer-warning').textContent = absent
    ? t('transfer.absentWarning', { name: chosen.display || chosen.username, status: t(`transfer.status.${chosen.status}`, { defaultValue: chosen.status }) })
    : '';
  $('transfer-warning').hidden = !absent;
}

async function onTransfer(event) {
  event.preventDefault();
  const conv = state.current;
  if (!conv) return $('transfer-dialog').close();
  const to = $('transfer-to').value;
  const note = $('transfer-note').value.trim();
  $('transfer-submit').disabled = true;
  // Handing it on: from now the hub may answer 404 about it, so the panel stops asking (refreshInfo).
  const leaving = !canKeep(to);
  conv.leaving = leaving;
  try {
    await api('POST', conversationPath(conv.id, '/transfer'), to ? { to, note } : { note });
    $('transfer-dialog').close();
    const who = colleagues.get(to);
    notice(to ? t('transfer.done', { name: who?.display || to }) : t('transfer.requeued'), 'info');
    if (leaving && state.current === conv) closePanel();
  } catch (err) {
    conv.leaving = false;
    if (err instanceof ApiError && err.status === 400) notice(t('transfer.refused', { reason: err.message || t('transfer.unknownTarget') }));
    else if (err instanceof ApiError && (err.status === 404 || err.status === 409)) notice(t('transfer.moved'));
    else notice(t('transfer.failed'));
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
    notice(t('close.done'), 'info');
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) notice(t('close.notMine'));
    else notice(t('close.failed'));
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
  $('transfer-to').addEventListener('change', showTransferWarning);
  $('close-form').addEventListener('submit', onClose);
  $('close-dialog').addEventListener('keydown', onCloseKeydown);
  for (const button of document.querySelectorAll('dialog [data-cancel]')) button.addEventListener('click', () => button.closest('dialog').close());
  $('conv-transfer').addEventListener('click', openTransfer);
  $('conv-close').addEventListener('click', openClose);
  bindAppointment();
}
