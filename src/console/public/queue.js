/*
 * Relais console — the queue (urgent first, then oldest) and "my conversations", both pushed by the
 * socket. A new urgent entry beeps and notifies. Lists are updated in place, keyed by id.
 */
import { alertUrgent } from './alerts.js';
import { t } from './strings.js';
import { $, ApiError, api, can, channelLabel, conversationPath, el, formatSince, intentLabel, notice, state } from './lib.js';

const knownUrgent = new Set();
let firstSnapshot = true;
let hooks = { open: () => {} };

/** `open(id)` shows a conversation in the main panel. */
export function setQueueHooks(h) {
  hooks = h;
}

/** A new queue snapshot from the server. */
export function renderQueue(waiting) {
  state.waiting = Array.isArray(waiting) ? waiting.filter((w) => w && typeof w.id === 'string') : [];
  for (const item of state.waiting) {
    if (!item.urgent || knownUrgent.has(item.id)) continue;
    knownUrgent.add(item.id);
    if (!firstSnapshot || document.hidden) alertUrgent(item);
  }
  firstSnapshot = false;
  const list = $('queue-list');
  const existing = new Map();
  for (const node of list.children) existing.set(node.dataset.id, node);
  state.waiting.forEach((item, index) => {
    const node = existing.get(item.id) || buildQueueItem(item.id);
    existing.delete(item.id);
    updateQueueItem(node, item);
    if (list.children[index] !== node) list.insertBefore(node, list.children[index] || null);
  });
  for (const stale of existing.values()) stale.remove();
  $('queue-empty').hidden = state.waiting.length > 0;
  const urgent = state.waiting.filter((w) => w.urgent).length;
  const count = state.waiting.length;
  $('queue-count').textContent = count ? (urgent ? t('queue.countUrgent', { count: urgent, total: count }) : t('queue.count', { count })) : '';
  document.title = `${urgent ? t('app.titleUrgent', { count: urgent }) : count ? t('app.titleCount', { count }) : ''}${t('app.title')}`;
}

/** Refreshes the "waiting for" times without a new snapshot. */
export function tickQueue() {
  for (const node of $('queue-list').children) {
    const item = state.waiting.find((w) => w.id === node.dataset.id);
    if (item) node.querySelector('.qi-wait').textContent = t('queue.waiting', { time: formatSince(item.waitingSince) });
  }
}

function buildQueueItem(id) {
  const node = el('li', 'queue-item');
  node.dataset.id = id;
  const head = el('div', 'qi-head');
  const doubt = el('span', 'badge badge--maybe', t('queue.maybe'));
  doubt.title = t('queue.maybeTitle');
  head.append(el('span', 'badge badge--urgent', t('urgentBadge')), doubt, el('span', 'qi-intent'), el('span', 'qi-wait'));
  const summary = el('button', 'qi-summary');
  summary.type = 'button';
  summary.title = t('queue.preview');
  summary.addEventListener('click', () => hooks.open(id));
  const claim = el('button', 'claim', t('queue.claim'));
  claim.type = 'button';
  claim.addEventListener('click', () => claimConversation(id, claim));
  node.append(head, summary, el('p', 'qi-meta'), claim);
  return node;
}

function updateQueueItem(node, item) {
  node.classList.toggle('urgent', item.urgent === true);
  node.dataset.urgent = String(item.urgent === true);
  node.querySelector('.badge--urgent').hidden = item.urgent !== true;
  node.querySelector('.badge--maybe').hidden = item.urgent === true || item.danger !== 'maybe';
  node.querySelector('.qi-intent').textContent = intentLabel(item.intent);
  node.querySelector('.qi-wait').textContent = t('queue.waiting', { time: formatSince(item.waitingSince) });
  node.querySelector('.qi-summary').textContent = item.summary || t('queue.noText');
  node.querySelector('.qi-meta').textContent = t('queue.meta', { locale: item.locale || '?', channel: channelLabel(item.channel) });
  node.querySelector('.claim').setAttribute('aria-label', t(item.urgent ? 'queue.claimLabelUrgent' : 'queue.claimLabel', { intent: intentLabel(item.intent) }));
}

/** Claims a conversation; a colleague who was faster gets a clear notice (409). */
export async function claimConversation(id, button) {
  if (!can('converse')) return;
  if (button) button.disabled = true;
  try {
    await api('POST', conversationPath(id, '/claim'));
    notice(t('queue.claimed'), 'info');
    hooks.open(id, { focusReply: true });
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) notice(t('queue.tooLate'));
    else if (err instanceof ApiError && err.status === 404) notice(t('queue.gone'));
    else if (!(err instanceof ApiError && err.status === 401)) notice(t('queue.claimFailed'));
  } finally {
    if (button) button.disabled = false;
  }
}

/** Takes the first waiting conversation (urgent first). */
export function claimFirst() {
  const first = state.waiting[0];
  if (first) claimConversation(first.id, $('queue-list').querySelector('.claim'));
  else notice(t('queue.empty'), 'info');
}

/** A new "my conversations" list from the server. */
export function renderMine(conversations) {
  state.mine = Array.isArray(conversations) ? conversations : [];
  const list = $('mine');
  list.textContent = '';
  state.mine.forEach((item, index) => {
    const li = el('li', `mine-item${item.urgent ? ' urgent' : ''}`);
    li.dataset.id = item.id;
    const button = el('button', 'open-conv');
    button.type = 'button';
    const title = el('span', 'mine-intent', (index < 9 ? `${index + 1}. ` : '') + (item.urgent ? t('mine.urgent') : '') + intentLabel(item.intent));
    button.append(title, el('span', 'mine-summary', item.summary || t('queue.noText')));
    if (state.me && item.agent !== state.me.username) button.append(el('span', 'mine-agent', t('mine.agent', { name: item.agent || '?' })));
    if (state.current && state.current.id === item.id) button.setAttribute('aria-current', 'true');
    button.addEventListener('click', () => hooks.open(item.id));
    li.append(button);
    list.append(li);
  });
  $('mine-empty').hidden = state.mine.length > 0;
  $('mine-count').textContent = state.mine.length
    ? `(${state.mine.length}${state.routing.mode === 'auto' && !state.scopeAll ? ` / ${state.routing.capacity}` : ''})`
    : '';
}

/** Marks the open conversation in the lists. */
export function markCurrent() {
  for (const button of $('mine').querySelectorAll('.open-conv')) {
    button.setAttribute('aria-current', String(Boolean(state.current && button.parentElement.dataset.id === state.current.id)));
  }
}

/** Explains the routing mode above the queue. */
export function showRouting() {
  $('routing-note').textContent = state.routing.mode === 'auto' ? t('queue.routingAuto', { capacity: state.routing.capacity }) : t('queue.routingPick');
}
