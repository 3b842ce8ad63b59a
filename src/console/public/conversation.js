/*
 * Relais console — the conversation panel: triage summary (urgency, topic, language, channel), the whole
 * transcript (the bot's part included, internal notes marked) streamed over the socket, the citizen's
 * typing indicator. Message text is set with textContent only.
 */
import { claimConversation, markCurrent } from './queue.js';
import { t } from './strings.js';
import { $, api, can, channelLabel, conversationPath, el, formatSince, formatTime, intentLabel, isSafeUrl, notice, state } from './lib.js';

const AUTHORS = new Set(['citizen', 'bot', 'agent', 'system']);
const TYPING_SHOW_MS = 4000;
let link = null; // the ConsoleSocket
let typingTimer = 0;
let onChange = () => {};
let lastRevoked = null; // the conversation whose panel was last closed because the hub no longer showed it

/** The socket to follow conversations with, and what to call when the panel's state changes. */
export function setConversationLink(socket, changed) {
  link = socket;
  onChange = changed || onChange;
}

/** Shows a conversation: summary, transcript, live updates. */
export function openConversation(id, options) {
  if (!can('converse')) return;
  if (!state.current || state.current.id !== id) {
    closePanel();
    showPanel(id);
    remember(id);
    follow();
  }
  markCurrent();
  refreshInfo().then(() => {
    if (options?.focusReply && !$('reply-input').disabled) $('reply-input').focus();
  });
}

/** The panel of conversation `id`, empty: its transcript and summary arrive after. */
function showPanel(id) {
  state.current = { id, info: null, lastSeq: 0, seen: new Set() };
  $('conv-empty').hidden = true;
  $('conv-facts').hidden = false;
}

/** (Re)subscribes to the open conversation from the last message seen (after a reconnect too). */
export function follow() {
  if (state.current && link) link.send({ type: 'follow', id: state.current.id, after: state.current.lastSeq });
}

/** Empties the panel. */
export function closePanel() {
  if (state.current && link) link.send({ type: 'unfollow', id: state.current.id });
  state.current = null;
  lastRevoked = null;
  remember(null);
  $('conv-messages').textContent = '';
  $('conv-title').textContent = t('conv.title');
  $('conv-facts').hidden = true;
  $('conv-empty').hidden = false;
  $('conv-claim').hidden = true;
  hideTyping();
  markCurrent();
  onChange();
}

/** Re-reads the open conversation's summary (state, holder, urgency). */
export async function refreshInfo() {
  const conv = state.current;
  // Nothing left to ask about; or being handed to a colleague: the hub would answer 404 once it is done.
  if (!conv || conv.erased || conv.leaving) return;
  try {
    const info = await api('GET', conversationPath(conv.id));
    if (state.current !== conv) return;
    conv.info = info;
    renderFacts(info);
  } catch (err) {
    // Erased meanwhile: the panel already says so, and keeps saying it.
    if (state.current === conv && !conv.erased && err.status === 404) revoked(t('conv.notAccessible'));
  }
  onChange();
}

/** True when this agent may write in the open conversation. */
export function canWrite() {
  const info = state.current?.info;
  return Boolean(info && info.mode === 'agent' && (info.agent === state.me.username || can('supervise')));
}

function renderFacts(info) {
  $('conv-title').textContent = t('conv.titleWith', { intent: intentLabel(info.intent) });
  const urgent = $('fact-urgent');
  const maybe = !info.urgent && info.danger === 'maybe';
  urgent.textContent = t(info.urgent ? 'conv.urgentYes' : maybe ? 'conv.urgentMaybe' : 'conv.urgentNo');
  urgent.className = info.urgent ? 'badge badge--urgent' : maybe ? 'badge badge--maybe' : '';
  $('fact-intent').textContent = intentLabel(info.intent);
  $('fact-locale').textContent = info.locale || '?';
  $('fact-channel').textContent = channelLabel(info.channel);
  $('fact-state').textContent = stateText(info);
  $('conv-claim').hidden = info.mode !== 'waiting';
}

function stateText(info) {
  if (info.mode === 'waiting') return t('conv.waitingSince', { time: formatSince(info.waitingSince) });
  if (info.mode === 'bot') return t('conv.withBot');
  if (info.mode !== 'agent') return t('conv.closed');
  const time = info.claimedAt ? formatSince(info.claimedAt) : '';
  if (info.agent === state.me.username) return t(time ? 'conv.withYouSince' : 'conv.withYou', { time });
  return t(time ? 'conv.withAgentSince' : 'conv.withAgent', { name: info.agent, time });
}

/** Messages pushed by the socket for a followed conversation. */
export function onMessages(frame) {
  const conv = state.current;
  if (!conv || frame.id !== conv.id || !Array.isArray(frame.messages)) return;
  const log = $('conv-messages');
  const stick = conv.seen.size === 0 || log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  let modeMayHaveChanged = false;
  for (const m of frame.messages.filter((x) => x && Number.isInteger(x.seq)).sort((a, b) => a.seq - b.seq)) {
    conv.lastSeq = Math.max(conv.lastSeq, m.seq);
    if (conv.seen.has(m.seq)) continue;
    conv.seen.add(m.seq);
    if (m.from === 'citizen') hideTyping();
    if (m.from === 'system' || m.urgent) modeMayHaveChanged = true;
    const next = Array.from(log.children).find((child) => Number(child.dataset.seq) > m.seq);
    // Queue-position updates: agents see only the latest, not one line per step of the queue.
    if (m.queuePosition) {
      const later = log.querySelector(`.msg[data-queue-position]`);
      if (later && Number(later.dataset.seq) > m.seq) continue;
      for (const old of log.querySelectorAll('.msg[data-queue-position]')) old.remove();
    }
    log.insertBefore(buildMessage(m), next?.isConnected ? next : null);
  }
  if (stick) log.scrollTop = log.scrollHeight;
  // System lines mark hand-overs and closes: the summary above may have changed.
  if (modeMayHaveChanged && conv.seen.size > frame.messages.length) refreshInfo();
}

/** The citizen is typing (ephemeral). */
export function onTyping(frame) {
  if (!state.current || frame.id !== state.current.id || frame.from !== 'citizen') return;
  $('citizen-typing').hidden = false;
  clearTimeout(typingTimer);
  typingTimer = setTimeout(hideTyping, TYPING_SHOW_MS);
}

function hideTyping() {
  clearTimeout(typingTimer);
  $('citizen-typing').hidden = true;
}

/** The server stopped streaming a conversation we may no longer read. */
export function onRevoked(frame) {
  if (!state.current || frame.id !== state.current.id) return;
  if (state.current.leaving)
    closePanel(); // our own transfer: its notice says where it went
  else revoked(t('conv.revoked'));
}

/** The citizen left and erased a conversation (quick exit): the panel keeps only that fact, no word of it. */
export function onErased(frame) {
  // A reading that found it gone (404) may have closed its panel a moment before this frame came:
  // shown again, not followed (nothing is left to follow), to say why.
  if (!state.current && frame.id === lastRevoked) {
    showPanel(frame.id);
    markCurrent();
  }
  const conv = state.current;
  const shown = Boolean(conv && frame.id === conv.id);
  if (shown) {
    link?.send({ type: 'unfollow', id: conv.id });
    conv.erased = true;
    conv.info = { ...(conv.info || {}), mode: 'erased' };
    const log = $('conv-messages');
    log.textContent = '';
    log.append(el('p', 'msg-erased', t('conv.erased')));
    $('conv-title').textContent = t('conv.titleErased');
    $('fact-state').textContent = t('conv.erasedState');
    $('conv-claim').hidden = true;
    hideTyping();
    onChange();
  }
  if (shown || frame.held) notice(t(shown ? 'conv.erased' : 'conv.erasedHeld'), 'info');
}

function revoked(text) {
  const id = state.current?.id;
  closePanel();
  lastRevoked = id;
  notice(text);
}

/** One transcript message as the console shows it (text only, never HTML); the History view reuses it. */
export function buildMessage(m) {
  const from = AUTHORS.has(m.from) ? m.from : 'system';
  const node = el('div', `msg msg--${from}${m.internal ? ' msg--internal' : ''}${m.urgent ? ' msg--urgent' : ''}`);
  node.dataset.seq = String(m.seq);
  node.dataset.from = from;
  if (m.internal) node.dataset.internal = 'true';
  if (m.queuePosition) node.dataset.queuePosition = 'true';
  const meta = el('p', 'msg-meta');
  // Each agent's display name, so that after a transfer everyone can tell who wrote what.
  const author = from === 'agent' && typeof m.author === 'string' && m.author ? m.author : t(`author.${from}`);
  meta.append(el('span', 'msg-author', author));
  if (m.internal) meta.append(el('span', 'badge badge--internal', t('internalNote')));
  if (m.urgent) meta.append(el('span', 'badge badge--urgent', t('urgentBadge')));
  const time = formatTime(m.at);
  if (time) meta.append(el('time', 'msg-time', time));
  const bubble = el('div', 'msg-bubble');
  const text = el('p', 'msg-text', m.text || (m.media ? t('attachment', { type: m.media }) : m.choice ? t('tappedChoice', { id: m.choice }) : ''));
  // Each message finds its own direction: Arabic reads right to left, a French note beside it left to right,
  // and numbers (17, 112, a follow-up code) stay readable inside either.
  text.dir = 'auto';
  bubble.append(text);
  // A citizen's words in another language: their French translation beside the original.
  if (m.translation && typeof m.translation.text === 'string') {
    const line = el('p', 'msg-translation', t('conv.translation', { from: m.translation.from, to: m.translation.locale, text: m.translation.text }));
    line.dir = 'auto';
    bubble.append(line);
  }
  // What the citizen read was machine-translated from these words.
  if (m.translated && m.original && typeof m.original.text === 'string') {
    const line = el('p', 'msg-translation', t('conv.sentTranslated', { locale: m.original.locale, text: m.original.text }));
    line.dir = 'auto';
    bubble.append(line);
  }
  if (Array.isArray(m.choices) && m.choices.length) {
    const labels = m.choices.map((c) => (c && (c.label || c.id)) || '').filter(Boolean);
    const choices = el('p', 'msg-choices', t('offeredChoices', { labels: labels.join(' · ') }));
    choices.dir = 'auto';
    bubble.append(choices);
  }
  if (Array.isArray(m.links) && m.links.length) {
    const list = el('ul', 'msg-links');
    for (const l of m.links) {
      if (!l) continue;
      const li = el('li');
      li.dir = 'auto';
      if (isSafeUrl(l.url)) {
        const a = el('a', '', l.label || l.url);
        a.href = l.url;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
        li.append(a);
      } else li.textContent = l.label || '';
      list.append(li);
    }
    bubble.append(list);
  }
  node.append(meta, bubble);
  return node;
}

const CURRENT_KEY = 'relais.agent.current';

// The open conversation survives a page reload (same tab only: sessionStorage).
function remember(id) {
  try {
    if (id) sessionStorage.setItem(CURRENT_KEY, id);
    else sessionStorage.removeItem(CURRENT_KEY);
  } catch (_) {
    /* storage disabled */
  }
}

/** The conversation open before a reload, if any. */
export function rememberedConversation() {
  try {
    return sessionStorage.getItem(CURRENT_KEY);
  } catch (_) {
    return null;
  }
}

/** Claims the previewed conversation. */
export function claimCurrent() {
  if (state.current) claimConversation(state.current.id, $('conv-claim'));
}
