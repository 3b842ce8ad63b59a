// @ts-check
// The HTTP fallback's receiving half: long-polls the transcript while no socket can be kept open (sending: outbox.js).
import { authHeaders, backoffDelay, conversationUrl, sleep } from './api.js';
import { lastSeenSeq, renderMessages, setStatus } from './render.js';
import { conversation } from './session.js';
import { t } from './strings.js';

const LONG_POLL_WAIT_MS = 25000;

/** @type {AbortController | null} */
let pollAbort = null;

/**
 * Long-polls the transcript until `stopPolling()` or a new conversation (once started, a second call does nothing).
 * @param {() => void} onRefused the server no longer knows the conversation
 */
export async function startPolling(onRefused) {
  if (pollAbort || !conversation.session) return;
  const controller = new AbortController();
  pollAbort = controller;
  const session = conversation.session;
  let failures = 0;
  while (!controller.signal.aborted && conversation.session === session) {
    try {
      const res = await fetch(conversationUrl(`/messages?after=${lastSeenSeq()}&wait=${LONG_POLL_WAIT_MS}`), {
        headers: authHeaders(),
        signal: controller.signal,
        cache: 'no-store',
      });
      if (res.status === 401 || res.status === 404) {
        onRefused();
        return;
      }
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = await res.json();
      if (controller.signal.aborted || conversation.session !== session) return;
      renderMessages(body.messages);
      failures = 0;
      setStatus(t('degraded'));
    } catch (_) {
      if (controller.signal.aborted) return;
      failures += 1;
      setStatus(t('unreachable'));
      await sleep(backoffDelay(failures));
    }
  }
}

export function stopPolling() {
  if (pollAbort) pollAbort.abort();
  pollAbort = null;
}
