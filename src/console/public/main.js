/*
 * Relais agent console. Plain browser modules: no framework, no build step, nothing external.
 * Log in, then one WebSocket brings the queue, "my conversations", the open conversation and the
 * supervisor figures live; actions (claim, reply, transfer, forward, close) go through the HTTP API.
 */
import { showAlertState, unlockAlerts, beep } from './alerts.js';
import { bindComposer, loadCanned, setComposerLink, syncComposer } from './composer.js';
import { loadContent } from './content.js';
import { loadCannedEditor } from './canned-editor.js';
import {
  claimCurrent,
  closePanel,
  follow,
  onMessages,
  onErased,
  onRevoked,
  onTyping,
  openConversation,
  refreshInfo,
  rememberedConversation,
  setConversationLink,
} from './conversation.js';
import { bindDailyCsv } from './daily-csv.js';
import { bindDialogs } from './dialogs.js';
import { bindForward } from './forward.js';
import { bindHistory, clearHistory, loadHistory } from './history-view.js';
import { $, ApiError, api, can, loadToken, notice, saveToken, state } from './lib.js';
import { markCurrent, renderMine, renderQueue, setQueueHooks, showRouting, tickQueue } from './queue.js';
import { bindShortcuts } from './shortcuts.js';
import { ConsoleSocket } from './socket.js';
import { t, translatePage } from './strings.js';
import { loadAudit, renderStats } from './supervisor.js';

let socket = null;
let ticker = 0;
let scopeRead = 0;

async function onLoginSubmit(event) {
  event.preventDefault();
  unlockAlerts(); // a click or Enter: the moment the browser lets us prepare sound and ask for notifications
  const username = $('username').value.trim();
  const password = $('password').value;
  if (!username || !password) {
    notice(t('login.missing'));
    return (username ? $('password') : $('username')).focus();
  }
  $('login').disabled = true;
  try {
    const data = await api('POST', '/session', { username, password });
    $('password').value = '';
    notice('');
    startSession(data.token);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) notice(t('login.wrong'));
    else if (err instanceof ApiError && err.status === 429) notice(t('login.tooMany'));
    else notice(t('login.unreachable'));
    $('password').focus();
  } finally {
    $('login').disabled = false;
  }
}

function startSession(token) {
  state.token = token;
  saveToken(token);
  socket = new ConsoleSocket(
    token,
    {
      queue: (f) => renderQueue(f.waiting),
      mine: (f) => {
        if (state.scopeAll) refreshAll();
        else renderMine(f.conversations);
        if (state.current) refreshInfo();
      },
      assigned: (f) => {
        beep(false);
        notice(t(f.by === 'transfer' ? 'conv.transferredToYou' : 'conv.assigned'), 'info');
        if (!state.current || (state.current.info && state.current.info.mode !== 'agent')) openConversation(f.id, { focusReply: true });
      },
      messages: onMessages,
      typing: onTyping,
      revoked: onRevoked,
      erased: onErased,
      presence: (f) => showPresence(f.status),
      stats: (f) => {
        renderStats(f.stats);
        if (state.scopeAll && Date.now() - scopeRead > 2000) refreshAll(); // colleagues' conversations move too
      },
      error: (f) => {
        if (f.error && f.error.code !== 'unauthorized') notice(t('login.serverError', { message: f.error.message || f.error.code }));
      },
    },
    {
      onOpen: onReady,
      onDown: () => showLink(t('header.reconnecting')),
      onUnauthorized: expireSession,
    },
  );
  setConversationLink(socket, syncComposer);
  setComposerLink(socket);
  socket.start();
}

function onReady(frame) {
  state.me = frame.me;
  state.routing = frame.routing;
  showLink('');
  $('whoami').textContent = t('header.whoami', {
    name: frame.me.display || frame.me.username,
    role: t(`roles.${frame.me.role}`, { defaultValue: frame.me.role }),
  });
  $('whoami').title = $('whoami').textContent; // shortened when the header is full
  $('login-panel').hidden = true;
  $('logout').hidden = false;
  $('help-open').hidden = false;
  $('alerts').hidden = !can('queue');
  $('presence-box').hidden = !can('converse');
  $('scope-box').hidden = !can('supervise');
  $('tabs').hidden = false;
  document.querySelector('.tab[data-tab="desk"]').hidden = !can('converse');
  document.querySelector('.tab[data-tab="history"]').hidden = !can('converse');
  document.querySelector('.tab[data-tab="supervisor"]').hidden = !can('supervise');
  document.querySelector('.tab[data-tab="content"]').hidden = !can('content');
  showPresence(frame.status);
  showRouting();
  showAlertState();
  showTab(state.view || (location.hash === '#supervisor' && can('supervise') ? 'supervisor' : can('converse') ? 'desk' : 'content'));
  if (can('canned')) loadCanned();
  const reopen = !state.current && rememberedConversation();
  if (reopen && can('converse'))
    openConversation(reopen); // after a page reload
  else follow(); // after a reconnect: resume the open conversation from its last message
  clearInterval(ticker);
  ticker = setInterval(tickQueue, 5000);
}

/** Shows one of the views: desk (conversations), history, supervisor, content. */
function showTab(name) {
  state.view = name;
  for (const tab of document.querySelectorAll('.tab')) tab.setAttribute('aria-current', tab.dataset.tab === name ? 'page' : 'false');
  $('workspace').hidden = name !== 'desk';
  $('history-view').hidden = name !== 'history';
  $('supervisor-view').hidden = name !== 'supervisor';
  $('content-view').hidden = name !== 'content';
  if (name === 'supervisor') {
    loadAudit();
    history.replaceState(null, '', '#supervisor');
  } else history.replaceState(null, '', location.pathname);
  if (name === 'content') loadContent();
  if (name === 'history') loadHistory();
  $('canned-editor').hidden = !can('edit_canned');
  if (name === 'content' && can('edit_canned')) loadCannedEditor($('canned-editor'));
}

/** A supervisor's view of every conversation in progress (to watch or transfer any of them). */
async function refreshAll() {
  scopeRead = Date.now();
  try {
    const { conversations } = await api('GET', '/conversations?scope=all');
    if (state.scopeAll) renderMine(conversations);
  } catch (_) {
    /* the next change tries again */
  }
}

async function setScope(all) {
  state.scopeAll = all;
  $('mine-heading').textContent = t(all ? 'mine.titleAll' : 'mine.title');
  if (all) return refreshAll();
  try {
    renderMine((await api('GET', '/conversations')).conversations);
  } catch (_) {
    /* idem */
  }
}

function showPresence(status) {
  if (!status) return;
  $('presence').value = status;
  $('presence-dot').className = `dot dot--${status}`;
}

function togglePresence() {
  const next = $('presence').value === 'available' ? 'away' : 'available';
  setPresence(next);
}

function setPresence(status) {
  showPresence(status);
  if (!socket?.send({ type: 'presence', status })) notice(t('presence.notSent'));
}

function showLink(text) {
  $('link-state').hidden = !text;
  $('link-state').textContent = text;
}

function endSession() {
  if (socket) socket.stop();
  socket = null;
  clearInterval(ticker);
  closePanel();
  state.token = null;
  state.me = null;
  state.view = null;
  state.scopeAll = false;
  $('scope-all').checked = false;
  clearHistory();
  saveToken(null);
  for (const id of ['workspace', 'history-view', 'supervisor-view', 'content-view', 'tabs', 'logout', 'help-open', 'alerts', 'presence-box'])
    $(id).hidden = true;
  $('whoami').textContent = '';
  $('login-panel').hidden = false;
  $('username').focus();
}

function expireSession() {
  endSession();
  notice(t('login.expired'));
}

function bindUi() {
  state.onExpired = expireSession;
  $('login-form').addEventListener('submit', onLoginSubmit);
  $('logout').addEventListener('click', async () => {
    await api('DELETE', '/session').catch(() => {});
    endSession();
    notice(t('login.loggedOut'), 'info');
  });
  $('alerts').addEventListener('click', unlockAlerts);
  $('presence').addEventListener('change', () => setPresence($('presence').value));
  $('conv-claim').addEventListener('click', claimCurrent);
  $('audit-refresh').addEventListener('click', loadAudit);
  $('scope-all').addEventListener('change', () => setScope($('scope-all').checked));
  for (const tab of document.querySelectorAll('.tab')) tab.addEventListener('click', () => showTab(tab.dataset.tab));
  setQueueHooks({
    open: (id, options) => {
      showTab('desk');
      openConversation(id, options);
      markCurrent();
    },
  });
  bindComposer();
  bindDialogs();
  bindForward();
  bindHistory();
  bindDailyCsv();
  bindShortcuts({ open: (id, options) => openConversation(id, options), showTab, togglePresence });
  // The first click anywhere also unlocks the beep (browsers keep audio off until a gesture).
  document.addEventListener('pointerdown', () => unlockAlerts(false), { once: true });
}

translatePage();
bindUi();
const saved = loadToken();
if (saved) startSession(saved);
else $('username').focus();
