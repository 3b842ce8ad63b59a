// @ts-check
// The conversation log on screen: messages in seq order without duplicates, the latest choices, typing, status, scrolling.
import { buildChoices, buildMessage } from './bubbles.js';
import { activeSession, saveSession } from './session.js';

/** @typedef {import('./frames.js').ChatMessage} ChatMessage */
/**
 * What the log asks of the messages the citizen is still sending (outbox.js answers, wired by main.js).
 * @typedef {object} PendingSource
 * @property {(message: ChatMessage) => HTMLElement | null} adopt takes the pending bubble a stored citizen message is the copy of
 * @property {() => boolean} waiting true while some message is not stored yet (its choices are then hidden)
 */

const AUTHORS = new Set(['citizen', 'bot', 'agent', 'system']);
const TYPING_SHOW_MS = 4000;

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const log = byId('messages');
const typing = byId('typing');
const status = byId('status');

/** seq -> .msg element of each stored message on screen. @type {Map<number, HTMLElement>} */
const rendered = new Map();
/** The stored message each rendered element shows. @type {WeakMap<Element, Partial<ChatMessage>>} */
const messageOf = new WeakMap();
/** choice id -> label, to show a tapped choice when the echo has no text. @type {Map<string, string>} */
const choiceLabels = new Map();
// Highest seq on screen. Starts at 0 on every page load so a resumed conversation shows its history;
// the stored lastSeq records how far the citizen got across reloads.
let seenSeq = 0;
/** seq of the message whose choices are on screen. @type {number | null} */
let choicesSeq = null;
let atBottom = true; // the log is scrolled to its end
let typingTimer = 0;
/** @type {PendingSource} */
let pending = { adopt: () => null, waiting: () => false };

/** @param {PendingSource} source */
export function setPendingSource(source) {
  pending = source;
}

/** The highest seq on screen: the socket and the long-poll resume after it. */
export function lastSeenSeq() {
  return seenSeq;
}

/** True when the stored message `seq` is on screen. @param {number} seq */
export function isShown(seq) {
  return rendered.has(seq);
}

/** @param {string} text */
export function setStatus(text) {
  if (status.textContent !== text) status.textContent = text;
}

/** The text paragraph of a message element. @param {Element} el */
export function textPart(el) {
  return /** @type {HTMLElement} */ (el.querySelector('.msg-text'));
}

// ---------------------------------------------------------------- scrolling

function isNearBottom() {
  return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
}

export function scrollToBottom() {
  log.scrollTop = log.scrollHeight;
  atBottom = true;
}

/** Keeps the latest message in view when the log shrinks (keyboard opening, composer growing). */
export function keepBottomOnResize() {
  log.addEventListener(
    'scroll',
    () => {
      atBottom = isNearBottom();
    },
    { passive: true },
  );
  if (typeof ResizeObserver === 'function') {
    new ResizeObserver(() => {
      if (atBottom) log.scrollTop = log.scrollHeight;
    }).observe(log);
  }
}

// ---------------------------------------------------------------- the transcript

/** Adds a message the citizen is sending at the end of the log (it has no seq yet). @param {HTMLElement} el */
export function appendPending(el) {
  log.append(el);
}

/** Inserts a stored message in seq order, before any message still waiting for its seq. @param {HTMLElement} el @param {number} seq */
function placeBySeq(el, seq) {
  for (const child of /** @type {HTMLCollectionOf<HTMLElement>} */ (log.children)) {
    if (child === el) continue;
    const childSeq = child.dataset.seq;
    if (childSeq === undefined || Number(childSeq) > seq) {
      log.insertBefore(el, child);
      return;
    }
  }
  log.append(el);
}

/** Shows `el` as the stored message `message.seq`. @param {HTMLElement} el @param {Partial<ChatMessage> & { seq: number }} message */
export function placeStored(el, message) {
  el.dataset.seq = String(message.seq);
  messageOf.set(el, message);
  placeBySeq(el, message.seq);
  rendered.set(message.seq, el);
}

/** @param {ChatMessage} message */
function shownText(message) {
  if (typeof message.text === 'string' && message.text !== '') return message.text;
  if (message.choice && choiceLabels.has(message.choice)) return /** @type {string} */ (choiceLabels.get(message.choice));
  return '';
}

/** Renders stored messages from the server: deduplicated by seq, in seq order. @param {ChatMessage[]} messages */
export function renderMessages(messages) {
  if (!Array.isArray(messages) || !messages.length) return;
  const stick = isNearBottom();
  let ownAdded = false;
  const sorted = messages.filter((m) => m && Number.isInteger(m.seq)).sort((a, b) => a.seq - b.seq);
  for (const m of sorted) {
    if (m.seq > seenSeq) seenSeq = m.seq;
    if (m.seq > activeSession().lastSeq) activeSession().lastSeq = m.seq;
    if (m.internal || rendered.has(m.seq)) continue; // internal notes are never for the citizen
    const from = AUTHORS.has(m.from) ? m.from : 'system';
    for (const choice of m.choices || []) choiceLabels.set(choice.id, choice.label);
    let el = from === 'citizen' ? pending.adopt(m) : null;
    if (!el) {
      const original = m.translated && m.original && typeof m.original.text === 'string' ? m.original : undefined;
      el = buildMessage(from, shownText(m), { urgent: m.urgent === true, links: m.links, at: m.at, author: m.author, original });
    }
    placeStored(el, m);
    if (from === 'citizen') ownAdded = true;
    if (from === 'agent') hideTyping();
  }
  saveSession();
  refreshChoices();
  if (stick || ownAdded) scrollToBottom();
}

/** Shows the choices of the latest message only; older ones disappear. */
export function refreshChoices() {
  let latestSeq = -Infinity;
  for (const seq of rendered.keys()) latestSeq = Math.max(latestSeq, seq);
  const waiting = pending.waiting();
  const latest = rendered.get(latestSeq);
  const choices = latest ? messageOf.get(latest)?.choices : undefined;
  const wanted = !waiting && Array.isArray(choices) && choices.length ? latestSeq : null;
  if (wanted === choicesSeq) return;
  for (const group of log.querySelectorAll('.choices')) group.remove();
  choicesSeq = wanted;
  if (wanted !== null && latest && choices) latest.append(buildChoices(choices));
}

/** Empties the log for a new conversation, keeping what the citizen typed and has not seen stored (it goes to the new one). */
export function clearTranscript() {
  rendered.clear();
  seenSeq = 0;
  choicesSeq = null;
  hideTyping();
  for (const child of /** @type {HTMLElement[]} */ (Array.from(log.children))) {
    if (child.dataset.seq !== undefined || child.classList.contains('failed')) child.remove();
  }
}

// ---------------------------------------------------------------- typing indicator

export function showTyping() {
  typing.hidden = false;
  clearTimeout(typingTimer);
  typingTimer = setTimeout(hideTyping, TYPING_SHOW_MS);
}

export function hideTyping() {
  clearTimeout(typingTimer);
  typing.hidden = true;
}
