/*
 * Relais console — keyboard shortcuts for the frequent actions (the list is in the page: press "?").
 * Single letters act only when focus is not in a text field; Escape and Ctrl+K work everywhere.
 */
import { openCanned, setReplyMode } from './composer.js';
import { claimFirst } from './queue.js';
import { openClose, openTransfer } from './dialogs.js';
import { $, can, state, typingInField } from './lib.js';

/** What the shortcuts call in the rest of the console. */
let actions = { open: () => {}, showTab: () => {}, togglePresence: () => {} };

/** Installs the shortcuts; `a` gives the console's own actions. */
export function bindShortcuts(a) {
  actions = a;
  $('help-open').addEventListener('click', toggleHelp);
  document.addEventListener('keydown', onKeydown);
}

function toggleHelp() {
  const help = $('help-dialog');
  if (help.open) help.close();
  else help.showModal();
}

function anyDialogOpen() {
  return Boolean(document.querySelector('dialog[open]'));
}

function onKeydown(event) {
  if (!state.me || ($('workspace').hidden && $('supervisor-view').hidden && $('content-view').hidden)) return;
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
    event.preventDefault();
    return openCanned();
  }
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === '?' && !typingInField(event.target)) {
    event.preventDefault();
    return toggleHelp();
  }
  if (typingInField(event.target) || anyDialogOpen()) return;
  const key = event.key;
  const handled = run(key);
  if (handled) event.preventDefault();
}

function run(key) {
  if (key === 'c') {
    actions.showTab('desk');
    return true;
  }
  if (key === 's' && can('supervise')) {
    actions.showTab('supervisor');
    return true;
  }
  if (!can('converse')) return false;
  if (key === 'a') {
    actions.togglePresence();
    return true;
  }
  if (key === 'p') {
    claimFirst();
    return true;
  }
  if (key === 'j' || key === 'k') {
    move(key === 'j' ? 1 : -1);
    return true;
  }
  if (/^[1-9]$/.test(key)) {
    const item = state.mine[Number(key) - 1];
    if (item) actions.open(item.id, { focusReply: true });
    return Boolean(item);
  }
  if (key === 'r') {
    setReplyMode('reply');
    return true;
  }
  if (key === 'n') {
    setReplyMode('note');
    return true;
  }
  if (key === '/') {
    openCanned();
    return true;
  }
  if (key === 't') {
    openTransfer();
    return true;
  }
  if (key === 'x') {
    openClose();
    return true;
  }
  return false;
}

/** Moves the focus through the queue's claim buttons and "my conversations". */
function move(step) {
  const stops = [...document.querySelectorAll('#queue-list .queue-item, #mine .open-conv')];
  if (!stops.length) return;
  const current = stops.findIndex((n) => n === document.activeElement || n.contains(document.activeElement));
  const next = stops[(current + step + stops.length) % stops.length];
  (next.querySelector('.claim') || next).focus();
}
