/*
 * Relais console — the History view: search the kept conversations (agents: those they have held;
 * supervisors: all) by words, state and days, and read one's transcript, read-only. It shows only
 * what the API answers (GET /conversations with a filter, then GET /conversations/{id}/messages):
 * no reply box, no action, nothing followed live.
 */
import { buildMessage } from './conversation.js';
import { $, ApiError, api, channelLabel, conversationPath, dateLocale, el, intentLabel, notice } from './lib.js';
import { t } from './strings.js';

let shown = null; // the id whose transcript is open
let searched = false;

/** Wires the search form and the results list. */
export function bindHistory() {
  $('history-form').addEventListener('submit', (event) => {
    event.preventDefault();
    search();
  });
}

/** The first visit runs the default search (closed conversations, every kept day). */
export function loadHistory() {
  if (!searched) search();
}

/** Forgets what was shown (log out). */
export function clearHistory() {
  searched = false;
  shown = null;
  $('history-list').textContent = '';
  $('history-count').textContent = '';
  showTranscript(null);
}

async function search() {
  searched = true;
  const from = $('history-from').value;
  const to = $('history-to').value;
  if (from && to && from > to) {
    notice(t('history.badRange'));
    return $('history-to').focus();
  }
  const query = new URLSearchParams();
  const q = $('history-q').value.trim();
  if (q) query.set('q', q);
  // The API reads "no filter at all" as the caller's current list: a day range or a state makes it the history.
  query.set('state', $('history-state').value);
  if (!query.get('state')) query.delete('state');
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  if (!query.has('state') && !q && !from && !to) query.set('from', '2000-01-01');
  $('history-submit').disabled = true;
  try {
    const { conversations } = await api('GET', `/conversations?${query}`);
    render(conversations);
  } catch (err) {
    notice(t(err instanceof ApiError && err.code === 'invalid_range' ? 'history.badRange' : 'history.failed'));
  } finally {
    $('history-submit').disabled = false;
  }
}

function render(conversations) {
  const list = $('history-list');
  list.textContent = '';
  $('history-count').textContent = t('history.count', { count: conversations.length });
  for (const c of conversations) {
    const li = el('li', 'history-item');
    li.dataset.id = c.id;
    const button = el('button', 'open-conv');
    button.type = 'button';
    if (c.id === shown) button.setAttribute('aria-current', 'true');
    const meta = [channelLabel(c.channel), modeLabel(c)];
    if (c.outcome) meta.push(outcomeLabel(c.outcome));
    button.append(
      el('span', 'history-date', formatDate(c.createdAt)),
      el('span', 'mine-intent', intentLabel(c.intent)),
      el('span', 'history-meta', meta.join(' · ')),
      el('span', 'mine-summary', c.summary || t('queue.noText')),
    );
    button.addEventListener('click', () => open(c));
    li.append(button);
    list.append(li);
  }
  if (!conversations.length) list.append(el('li', 'empty', t('history.none')));
}

async function open(info) {
  shown = info.id;
  for (const b of document.querySelectorAll('#history-list .open-conv')) {
    b.setAttribute('aria-current', String(b.closest('.history-item')?.dataset.id === info.id));
  }
  try {
    const { messages } = await api('GET', conversationPath(info.id, '/messages'));
    if (shown === info.id) showTranscript(info, messages);
  } catch (_) {
    if (shown === info.id) notice(t('conv.notAccessible'));
  }
}

function showTranscript(info, messages) {
  const log = $('history-messages');
  log.textContent = '';
  $('history-facts').hidden = !info;
  $('history-empty').hidden = Boolean(info);
  $('history-conversation').dataset.id = info ? info.id : '';
  $('history-conv-title').textContent = info ? t('history.transcriptOf', { intent: intentLabel(info.intent) }) : t('history.transcript');
  if (!info) return;
  $('history-fact-intent').textContent = intentLabel(info.intent);
  $('history-fact-channel').textContent = channelLabel(info.channel);
  $('history-fact-state').textContent = modeLabel(info);
  $('history-fact-outcome').textContent = info.outcome ? outcomeLabel(info.outcome) : '—';
  // As in the live panel: only the latest "you are number N" line, not one per step of the queue.
  const places = messages.filter((m) => m.queuePosition);
  const sorted = messages.filter((m) => !m.queuePosition || m === places.at(-1)).sort((a, b) => a.seq - b.seq);
  for (const m of sorted) log.append(buildMessage(m));
}

const modeLabel = (c) => t(`history.modes.${c.mode}`, { defaultValue: c.mode });
const outcomeLabel = (code) => t(`close.${code}`, { defaultValue: code });

function formatDate(at) {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(dateLocale(), { dateStyle: 'short', timeStyle: 'short' });
}
