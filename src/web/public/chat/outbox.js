// @ts-check
// Messages the citizen sends: queued while offline, shown pending, then stored (acked) or failed with a retry.
import { authHeaders, conversationUrl } from './api.js';
import { buildMessage } from './bubbles.js';
import { conversationRefused, isHttpMode, isLive, sendFrame } from './connection.js';
import { appendPending, isShown, placeStored, refreshChoices, scrollToBottom, textPart } from './render.js';
import { conversation } from './session.js';
import { t } from './strings.js';

/** @typedef {import('./frames.js').ChatMessage} ChatMessage */
/** @typedef {import('./frames.js').MessageFrame} MessageFrame */
/**
 * A message on its way: `sent` says where it went and is awaiting an ack (false: not sent yet).
 * @typedef {object} OutboxItem
 * @property {string} ref
 * @property {MessageFrame} payload
 * @property {HTMLElement} el its bubble
 * @property {string} [text]
 * @property {string} [choice]
 * @property {false | 'socket' | 'http'} sent
 */

const RATE_LIMIT_RETRY_MS = 3000;

/** @type {OutboxItem[]} */
const outbox = [];
const refPrefix = Math.random().toString(36).slice(2, 8);
let refCount = 0;
let posting = false;
let postRetryTimer = 0;

function nextRef() {
  refCount += 1;
  return `r${refPrefix}${refCount}`;
}

/** A key no other message of the conversation has: a message sent again after a lost ack or an
 * `unavailable` carries the same one, and the hub answers with the copy it already stored. */
function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** True while some message is not stored yet. */
export function hasPending() {
  return outbox.length > 0;
}

/** Shows a message the citizen sends and queues it until it is stored. @param {MessageFrame} payload @param {string} displayText */
export function queueMessage(payload, displayText) {
  payload.ref = nextRef();
  payload.idempotencyKey ??= newIdempotencyKey();
  const el = buildMessage('citizen', displayText, {});
  el.classList.add('pending');
  el.dataset.ref = payload.ref;
  const stateLine = document.createElement('p');
  stateLine.className = 'msg-state';
  el.append(stateLine);
  appendPending(el);
  outbox.push({ ref: payload.ref, payload, el, text: payload.text, choice: payload.choice, sent: false });
  refreshChoices();
  flushOutbox();
  updatePendingLabels();
  scrollToBottom();
}

/** "Sending…" while the link is up, "Waiting for connection…" while it is not. */
export function updatePendingLabels() {
  const online = isLive() || isHttpMode();
  for (const item of outbox) {
    const line = item.el.querySelector('.msg-state');
    if (line) line.textContent = online ? t('sending') : t('waiting');
  }
}

/** A stored citizen message may be one we are still waiting on: reuse its bubble instead of duplicating it. @param {ChatMessage} message */
export function adoptPending(message) {
  const index = outbox.findIndex((item) =>
    item.choice !== undefined
      ? item.choice === message.choice
      : typeof message.text === 'string' && /** @type {string} */ (item.text).trim() === message.text.trim(),
  );
  if (index < 0) return null;
  const [item] = outbox.splice(index, 1);
  finishPending(item.el);
  if (typeof message.text === 'string' && message.text !== '') textPart(item.el).textContent = message.text;
  return item.el;
}

/** @param {HTMLElement} el */
function finishPending(el) {
  el.classList.remove('pending', 'failed');
  delete el.dataset.ref;
  el.querySelector('.msg-state')?.remove();
}

/** The message `ref` was stored as `seq`. @param {number} seq @param {unknown} ref */
export function onAck(seq, ref) {
  const index = outbox.findIndex((item) => item.ref === ref);
  if (index < 0 || !Number.isInteger(seq)) return;
  const [item] = outbox.splice(index, 1);
  if (isShown(seq)) {
    item.el.remove(); // the stored copy is already on screen
  } else {
    finishPending(item.el);
    placeStored(item.el, { seq, from: 'citizen', text: item.text, choice: item.choice });
  }
  refreshChoices();
}

/** The message `ref` was refused with the error `code`. @param {unknown} ref @param {unknown} code */
export function onSendRejected(ref, code) {
  const index = outbox.findIndex((item) => item.ref === ref);
  if (index < 0) return;
  const item = outbox[index];
  // Nothing was stored: too fast, or the hub's Redis restarting or failing over. Sent again on its own.
  if (code === 'rate_limited' || code === 'unavailable') {
    item.sent = false;
    setTimeout(flushOutbox, RATE_LIMIT_RETRY_MS);
    return;
  }
  outbox.splice(index, 1);
  markFailed(item, code === 'too_large' || code === 'too_long' ? t('tooLong') : t('notSent'));
  refreshChoices();
}

/** @param {OutboxItem} item @param {string} reason */
function markFailed(item, reason) {
  item.el.classList.remove('pending');
  item.el.classList.add('failed');
  const line = /** @type {HTMLElement} */ (item.el.querySelector('.msg-state'));
  line.textContent = '';
  const why = document.createElement('span');
  why.textContent = reason;
  line.append(why);
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.className = 'retry';
  retry.textContent = t('retry');
  retry.addEventListener('click', () => {
    item.el.remove();
    // A new ref, the same key: a message refused with `internal` may have been stored, and the hub
    // answers a resend under its key with the stored copy instead of storing it twice.
    delete item.payload.ref;
    queueMessage(item.payload, /** @type {string} */ (textPart(item.el).textContent));
  });
  line.append(retry);
}

/** What went out on a socket that died without an ack goes again. */
export function forgetSocketSends() {
  for (const item of outbox) if (item.sent === 'socket') item.sent = false;
}

/** Everything still waiting goes to the new conversation. */
export function forgetAllSends() {
  for (const item of outbox) item.sent = false;
}

/** Sends what waits: over the socket when it is live, else over HTTP in fallback mode. */
export function flushOutbox() {
  if (isLive()) {
    for (const item of outbox) {
      if (item.sent) continue;
      if (!sendFrame(item.payload)) break;
      item.sent = 'socket';
    }
  } else if (isHttpMode()) {
    postOutbox();
  }
}

async function postOutbox() {
  if (posting || !conversation.session) return;
  posting = true;
  const session = conversation.session;
  try {
    for (const item of outbox.slice()) {
      if (item.sent || !isHttpMode() || conversation.session !== session) continue;
      item.sent = 'http';
      const body = item.choice !== undefined ? { choice: item.choice } : { text: item.text };
      let res;
      try {
        res = await fetch(conversationUrl('/messages'), {
          method: 'POST',
          headers: authHeaders({ 'Content-Type': 'application/json', 'Idempotency-Key': /** @type {string} */ (item.payload.idempotencyKey) }),
          body: JSON.stringify(body),
        });
      } catch (_) {
        item.sent = false;
        scheduleHttpRetry();
        return;
      }
      if (res.status === 401 || res.status === 404) {
        conversationRefused();
        return;
      }
      if (res.ok) {
        const stored = await res.json().catch(() => ({}));
        onAck(stored.seq, item.ref);
      } else if (res.status === 429 || res.status >= 500) {
        item.sent = false;
        scheduleHttpRetry();
        return;
      } else if (res.status === 409) {
        item.sent = false;
        conversationRefused();
        return;
      } else {
        onSendRejected(item.ref, res.status === 413 ? 'too_large' : 'rejected');
      }
    }
  } finally {
    posting = false;
  }
}

function scheduleHttpRetry() {
  clearTimeout(postRetryTimer);
  postRetryTimer = setTimeout(flushOutbox, RATE_LIMIT_RETRY_MS);
}
