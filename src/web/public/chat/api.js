// @ts-check
// The citizen HTTP API as the page calls it: addresses, the bearer token, opening a conversation, retry delays.
import { setStatus } from './render.js';
import { activeSession } from './session.js';
import { locale, t } from './strings.js';

const API_ROOT = '/api/v1/conversations';
export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 10000;

/** @param {number} ms @returns {Promise<void>} */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Exponential back-off with jitter, 0.5 s doubling up to 10 s. @param {number} attempt */
export function backoffDelay(attempt) {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt);
  return Math.min(BACKOFF_MAX_MS, Math.round(base * (0.75 + Math.random() * 0.5)));
}

/** The followed conversation's bearer token, with other headers. @param {Record<string, string>} [extra] */
export function authHeaders(extra) {
  return Object.assign({ Authorization: `Bearer ${activeSession().token}` }, extra || {});
}

/** @param {string} [suffix] */
export function conversationUrl(suffix) {
  return `${API_ROOT}/${encodeURIComponent(activeSession().id)}${suffix || ''}`;
}

export function socketUrl() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${conversationUrl('/socket')}`;
}

/** Opens a new conversation, trying again (with back-off) until the server answers. @returns {Promise<import('./session.js').Session>} */
export async function createConversation() {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const res = await fetch(API_ROOT, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        // The web chat is its own channel ("web"): agents and figures tell it from the API.
        body: JSON.stringify({ channel: 'web', locale }),
      });
      if (res.ok) {
        const body = await res.json();
        if (typeof body.id === 'string' && typeof body.token === 'string') return { id: body.id, token: body.token, lastSeq: 0 };
      }
    } catch (_) {
      /* network down: retry below */
    }
    setStatus(t('unreachable'));
    await sleep(backoffDelay(attempt));
  }
}
