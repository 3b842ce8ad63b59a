// @ts-check
// The live link: a WebSocket resuming from the last seq seen, reconnect back-off, and switching to the HTTP fallback.
import { BACKOFF_MAX_MS, BACKOFF_MIN_MS, socketUrl } from './api.js';
import { CLIENT_FRAME, SERVER_FRAME } from './frames.js';
import { startPolling, stopPolling } from './polling.js';
import { lastSeenSeq, renderMessages, setStatus, showTyping } from './render.js';
import { activeSession, conversation } from './session.js';
import { t } from './strings.js';

/** @typedef {import('./frames.js').ClientFrame} ClientFrame */
/** @typedef {import('./frames.js').ServerFrame} ServerFrame */
/** @typedef {import('./frames.js').AuthFrame} AuthFrame */
/**
 * What the link tells the rest of the page (wired by main.js).
 * @typedef {object} LinkEvents
 * @property {(seq: number, ref: unknown) => void} acked a message sent over the socket was stored as `seq`
 * @property {(ref: unknown, code: unknown) => void} rejected a message sent over the socket was refused
 * @property {() => void} refused the server no longer knows this conversation: open a new one
 * @property {() => void} flush messages can go now: send what waits
 * @property {() => void} socketLost the socket went away: what it carried without an ack must go again
 * @property {() => void} onlineChanged whether messages can go has changed
 */

const SOCKET_FAILURES_BEFORE_HTTP = 3;
// After auth, wait for the backlog before resending unacknowledged messages (it may already hold them).
const BACKLOG_GRACE_MS = 800;
// The conversation is gone or over (closed after the survey, or left too long with the assistant):
// what the citizen writes goes to a new one.
/** @type {Set<unknown>} */
const SESSION_ERRORS = new Set(['not_found', 'unauthorized', 'closed']);

const ignore = () => {};
/** @type {LinkEvents} */
let events = { acked: ignore, rejected: ignore, refused: ignore, flush: ignore, socketLost: ignore, onlineChanged: ignore };
/** @type {WebSocket | null} */
let socket = null;
let socketReady = false; // authenticated and the backlog seen (or its grace period over)
let everConnected = false;
let failedOpens = 0;
let backoffMs = BACKOFF_MIN_MS;
let reconnectTimer = 0;
let graceTimer = 0;
let httpMode = false;
let notice = ''; // shown once the new connection is live
let noticeTimer = 0;

/** @param {LinkEvents} handlers */
export function setLinkEvents(handlers) {
  events = handlers;
}

/** True when the socket is authenticated and has delivered the backlog: frames can go. */
export function isLive() {
  return socketReady;
}

/** True when messages go over HTTP because no socket could be kept open. */
export function isHttpMode() {
  return httpMode;
}

/** The server no longer knows the conversation (an HTTP answer said so). */
export function conversationRefused() {
  events.refused();
}

/** A one-off notice to show once the next connection is live ('' clears the status line then). @param {string} text */
export function setNotice(text) {
  notice = text;
}

function showNotice() {
  clearTimeout(noticeTimer);
  setStatus(notice);
  if (notice)
    noticeTimer = setTimeout(() => {
      if (socketReady) setStatus('');
    }, 5000);
  notice = '';
}

// ---------------------------------------------------------------- WebSocket

/** Sends a frame if the socket is open; false when it is not. @param {ClientFrame} frame */
export function sendFrame(frame) {
  const ws = socket;
  if (!ws || ws.readyState !== WebSocket.OPEN) return false;
  ws.send(JSON.stringify(frame));
  return true;
}

export function connect() {
  clearTimeout(reconnectTimer);
  if (!conversation.session || socket) return;
  if (typeof WebSocket !== 'function') {
    enableHttpMode();
    return;
  }
  setStatus(everConnected ? t('reconnecting') : t('connecting'));
  /** @type {WebSocket} */
  let ws;
  try {
    ws = new WebSocket(socketUrl());
  } catch (_) {
    onSocketGone();
    return;
  }
  socket = ws;
  ws.addEventListener('open', () => {
    if (ws !== socket) return;
    /** @type {AuthFrame} */
    const auth = { type: CLIENT_FRAME.auth, token: activeSession().token, after: lastSeenSeq() };
    ws.send(JSON.stringify(auth));
    graceTimer = setTimeout(() => onSocketReady(ws), BACKLOG_GRACE_MS);
  });
  ws.addEventListener('message', (event) => {
    if (ws === socket) onFrame(ws, event.data);
  });
  ws.addEventListener('close', () => {
    if (ws !== socket) return;
    socket = null;
    onSocketGone();
  });
}

/** @param {WebSocket} ws @param {string} data */
function onFrame(ws, data) {
  let parsed;
  try {
    parsed = JSON.parse(data);
  } catch (_) {
    return;
  }
  if (!parsed || typeof parsed !== 'object') return;
  const frame = /** @type {ServerFrame} */ (parsed);
  switch (frame.type) {
    case SERVER_FRAME.messages:
      renderMessages(frame.messages);
      onSocketReady(ws);
      break;
    case SERVER_FRAME.ack:
      events.acked(frame.seq, frame.ref);
      onSocketReady(ws);
      break;
    case SERVER_FRAME.error:
      onErrorFrame(frame.error || {}, frame.ref);
      break;
    case SERVER_FRAME.typing:
      if (frame.from === 'agent') showTyping();
      break;
    default:
      break; // unknown frames are ignored so the server can add new ones
  }
}

/** @param {{ code?: unknown }} error @param {unknown} ref */
function onErrorFrame(error, ref) {
  if (SESSION_ERRORS.has(error.code)) {
    events.refused();
    return;
  }
  if (ref) events.rejected(ref, error.code);
}

/** Authenticated and the backlog received: go live and send what waited. @param {WebSocket} ws */
function onSocketReady(ws) {
  if (ws !== socket || socketReady) return;
  clearTimeout(graceTimer);
  socketReady = true;
  everConnected = true;
  failedOpens = 0;
  backoffMs = BACKOFF_MIN_MS;
  disableHttpMode();
  showNotice();
  events.flush();
  events.onlineChanged();
}

function onSocketGone() {
  clearTimeout(graceTimer);
  // A socket that never got as far as the backlog counts as a failure, whether or not it opened.
  if (!socketReady) failedOpens += 1;
  socketReady = false;
  // Whatever went out on the dead socket without an ack is sent again (the backlog may show it arrived).
  events.socketLost();
  if (!conversation.session || conversation.resetting) return;
  if (failedOpens >= SOCKET_FAILURES_BEFORE_HTTP) enableHttpMode();
  if (!httpMode) setStatus(everConnected ? t('reconnecting') : t('connecting'));
  events.onlineChanged();
  scheduleReconnect();
}

function scheduleReconnect() {
  clearTimeout(reconnectTimer);
  const delay = Math.round(Math.min(BACKOFF_MAX_MS, backoffMs * (0.75 + Math.random() * 0.5)));
  backoffMs = Math.min(BACKOFF_MAX_MS, backoffMs * 2);
  reconnectTimer = setTimeout(connect, delay);
}

function closeSocket() {
  clearTimeout(reconnectTimer);
  clearTimeout(graceTimer);
  const ws = socket;
  socket = null;
  socketReady = false;
  if (ws) {
    try {
      ws.close();
    } catch (_) {
      /* already closing */
    }
  }
}

/** Back online or back on the tab: do not wait for the back-off timer. */
export function reconnectNow() {
  if (!conversation.session || socket || conversation.resetting) return;
  backoffMs = BACKOFF_MIN_MS;
  connect();
}

/** Drops the link for a new conversation: socket closed, HTTP fallback off, back-off and failures forgotten. */
export function resetLink() {
  closeSocket();
  disableHttpMode();
  everConnected = false;
  failedOpens = 0;
  backoffMs = BACKOFF_MIN_MS;
}

// ---------------------------------------------------------------- HTTP fallback

function enableHttpMode() {
  if (httpMode) return;
  httpMode = true;
  setStatus(t('degraded'));
  startPolling(() => events.refused());
  events.flush();
}

function disableHttpMode() {
  httpMode = false;
  stopPolling();
}
