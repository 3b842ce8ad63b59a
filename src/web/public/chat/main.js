// @ts-check
// Relais citizen web chat, wiring: UI events, the composer, starting, ending and replacing the conversation.
/*
 * Plain browser modules: no framework, no build step, nothing external. Protocol (docs/api-extensions.md):
 * create or resume a conversation, then follow it over a WebSocket (auth frame first, then message/typing
 * frames, see frames.js); fall back to HTTP posting and long-polling when no socket can be opened.
 * Message text is only ever set with textContent.
 */
import { authHeaders, conversationUrl, createConversation, sleep } from './api.js';
import { connect, isLive, reconnectNow, resetLink, sendFrame, setLinkEvents, setNotice } from './connection.js';
import { CLIENT_FRAME } from './frames.js';
import {
  adoptPending,
  flushOutbox,
  forgetAllSends,
  forgetSocketSends,
  hasPending,
  onAck,
  onSendRejected,
  queueMessage,
  updatePendingLabels,
} from './outbox.js';
import { bindContact } from './contact.js';
import { bindQuickExit, isLeaving } from './quick-exit.js';
import { clearTranscript, keepBottomOnResize, setPendingSource, setStatus } from './render.js';
import { bindResume } from './resume.js';
import { showService } from './service.js';
import { activeSession, clearSession, conversation, loadSession, saveSession } from './session.js';
import { loadSettings } from './settings.js';
import { bindEasyRead, noteChoice, showEasyRead } from './easy-read.js';
import { bindLanguage, fillLanguages } from './language.js';
import { applyI18n, startStrings, t } from './strings.js';

const MAX_LENGTH = 4000;
const NEAR_LIMIT = 3800;
// A refused session is replaced by a new conversation, but never more often than this.
const MIN_RESET_INTERVAL_MS = 10000;
const TYPING_SEND_EVERY_MS = 3000;

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const dom = {
  messages: byId('messages'),
  composer: /** @type {HTMLFormElement} */ (byId('composer')),
  input: /** @type {HTMLTextAreaElement} */ (byId('input')),
  counter: byId('counter'),
  endChat: /** @type {HTMLButtonElement} */ (byId('end-chat')),
  newChat: /** @type {HTMLButtonElement} */ (byId('new-chat')),
  quickExit: /** @type {HTMLButtonElement} */ (byId('quick-exit')),
  contactOpen: /** @type {HTMLButtonElement} */ (byId('contact-open')),
  language: /** @type {HTMLSelectElement} */ (byId('language')),
  easyRead: /** @type {HTMLButtonElement} */ (byId('easy-read')),
};

let lastAutoResetAt = 0;
let lastTypingSent = 0;

// ---------------------------------------------------------------- conversation lifecycle

/**
 * Drops the current conversation and opens a fresh one. `reason`: 'first' (nothing stored yet),
 * 'refused' (the server no longer knows our id/token) or 'user' (after the end of a conversation).
 * @param {'first' | 'refused' | 'user'} reason
 */
async function startNewConversation(reason) {
  if (conversation.resetting || isLeaving()) return; // leaving: nothing new may be opened or saved
  conversation.resetting = true;
  resetLink();
  clearSession();
  conversation.session = null;
  clearTranscript();
  forgetAllSends();
  setStatus(t('connecting'));
  if (reason === 'refused') {
    // Guards against a loop of new conversations if the server keeps refusing them.
    const wait = lastAutoResetAt + MIN_RESET_INTERVAL_MS - Date.now();
    lastAutoResetAt = Math.max(Date.now(), lastAutoResetAt + MIN_RESET_INTERVAL_MS);
    if (wait > 0) await sleep(wait);
  }
  const created = await createConversation();
  if (isLeaving()) {
    // Opened while the citizen was leaving: it holds only the welcome, erase it all the same.
    fetch(`/api/v1/conversations/${encodeURIComponent(created.id)}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${created.token}` },
      keepalive: true,
    }).catch(() => {});
    return;
  }
  conversation.session = created;
  saveSession();
  conversation.resetting = false;
  applyClosedState();
  setNotice(reason === 'first' ? '' : t('restarted'));
  connect();
}

/**
 * Follows a conversation resumed with its follow-up code instead of the current one (its whole
 * transcript is read again; its earlier device lost its token).
 * @param {import('./session.js').Session} session
 */
function adoptConversation(session) {
  if (conversation.resetting) return;
  resetLink();
  clearTranscript();
  forgetAllSends();
  conversation.session = session;
  saveSession();
  applyClosedState();
  setNotice(t('resumed'));
  connect();
  dom.input.focus();
}

function applyClosedState() {
  const closed = Boolean(conversation.session?.closed);
  dom.endChat.hidden = closed;
  dom.endChat.disabled = false;
  dom.newChat.hidden = !closed;
  showEasyRead(); // easy-to-read belongs to a conversation: a new one starts without it
}

async function endConversation() {
  if (!conversation.session || conversation.session.closed) return;
  if (!window.confirm(t('confirmEnd'))) return;
  dom.endChat.disabled = true;
  try {
    const res = await fetch(conversationUrl('/close'), { method: 'POST', headers: authHeaders() });
    if (res.status === 401 || res.status === 404) {
      startNewConversation('refused');
      return;
    }
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    activeSession().closed = true;
    saveSession();
    applyClosedState();
    dom.newChat.focus();
  } catch (_) {
    dom.endChat.disabled = false;
    setStatus(t('endFailed'));
  }
}

// ---------------------------------------------------------------- composer, choices, typing

function updateCounter() {
  const length = dom.input.value.length;
  dom.counter.textContent = `${length} / ${MAX_LENGTH}`;
  /** @type {HTMLElement} */ (dom.counter.parentElement).classList.toggle('near-limit', length >= NEAR_LIMIT);
}

function autosize() {
  dom.input.style.height = 'auto';
  dom.input.style.height = `${dom.input.scrollHeight + 2}px`;
}

/** @param {Event} event */
function submitComposer(event) {
  event.preventDefault();
  const text = dom.input.value.slice(0, MAX_LENGTH);
  if (!text.trim()) {
    dom.input.focus();
    return;
  }
  queueMessage({ type: CLIENT_FRAME.message, text }, text);
  dom.input.value = '';
  updateCounter();
  autosize();
}

/** @param {KeyboardEvent} event */
function onInputKeydown(event) {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    if (typeof dom.composer.requestSubmit === 'function') dom.composer.requestSubmit();
    else submitComposer(event);
  }
}

/** @param {MouseEvent} event */
function onChoiceClick(event) {
  const button = /** @type {HTMLButtonElement | null} */ (/** @type {Element} */ (event.target).closest('button.choice'));
  if (!button || button.disabled) return;
  const fromKeyboard = event.detail === 0;
  const group = /** @type {HTMLElement} */ (button.parentElement);
  for (const other of /** @type {NodeListOf<HTMLButtonElement>} */ (group.querySelectorAll('button.choice'))) other.disabled = true;
  queueMessage({ type: CLIENT_FRAME.message, choice: button.dataset.choiceId }, /** @type {string} */ (button.textContent));
  noteChoice(button.dataset.choiceId);
  // Keyboard users continue in the input; on touch, opening the keyboard would be intrusive.
  if (fromKeyboard) dom.input.focus();
}

function sendTypingSoon() {
  const now = Date.now();
  if (!isLive() || !dom.input.value.trim() || now - lastTypingSent < TYPING_SEND_EVERY_MS) return;
  lastTypingSent = now;
  sendFrame({ type: CLIENT_FRAME.typing });
}

// ---------------------------------------------------------------- start

function bindUi() {
  dom.composer.addEventListener('submit', submitComposer);
  dom.input.addEventListener('keydown', onInputKeydown);
  dom.input.addEventListener('input', () => {
    updateCounter();
    autosize();
    sendTypingSoon();
  });
  dom.messages.addEventListener('click', onChoiceClick);
  keepBottomOnResize();
  bindQuickExit(dom.quickExit);
  bindContact(dom.contactOpen);
  bindLanguage(dom.language, () => {
    showService(); // its sentences are the page's own
    setNotice('');
    showEasyRead(); // offered in French only
  });
  bindEasyRead(dom.easyRead);
  dom.endChat.addEventListener('click', endConversation);
  dom.newChat.addEventListener('click', () => {
    dom.input.focus(); // the button disappears; keep focus somewhere useful
    startNewConversation('user');
  });
  window.addEventListener('online', reconnectNow);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') reconnectNow();
  });
  updateCounter();
}

async function start() {
  setPendingSource({ adopt: adoptPending, waiting: hasPending });
  setLinkEvents({
    acked: onAck,
    rejected: onSendRejected,
    refused: () => startNewConversation('refused'),
    flush: flushOutbox,
    socketLost: forgetSocketSends,
    onlineChanged: updatePendingLabels,
  });
  // The page is French until the hub's words for its language arrive (at once, from the cache, mostly).
  await startStrings(() => {
    applyI18n();
    fillLanguages(dom.language);
    showEasyRead();
  });
  applyI18n();
  bindUi();
  bindResume(adoptConversation);
  showService();
  void loadSettings();
  const saved = loadSession();
  if (saved) {
    conversation.session = saved;
    applyClosedState();
    connect();
  } else {
    await startNewConversation('first');
  }
}

start();
