/*
 * Relais agent console (minimal). Plain browser script: no framework, no build step, nothing external.
 *
 * Log in, watch the queue (polled), claim a conversation, follow it (long-polling), reply, close.
 * Sections below are meant to be grown one at a time (a WebSocket feed, a supervisor view...).
 * All text that comes from citizens, the bot or other agents is set with textContent only.
 */
(() => {
  'use strict';

  // ---------------------------------------------------------------- settings

  const API = '/api/v1/agent';
  const TOKEN_KEY = 'relais.agent.token';
  const USER_KEY = 'relais.agent.user';
  const MINE_KEY = 'relais.agent.mine';
  const CURRENT_KEY = 'relais.agent.current';
  const QUEUE_POLL_MS = 2000;
  const LONG_POLL_WAIT_MS = 25000;
  const NOTICE_MS = 10000;

  const AUTHOR_LABELS = { citizen: 'Citoyen', bot: 'Assistant', agent: 'Agent', system: 'Système' };

  const dom = {
    notice: document.getElementById('notice'),
    whoami: document.getElementById('whoami'),
    logout: document.getElementById('logout'),
    loginPanel: document.getElementById('login-panel'),
    loginForm: document.getElementById('login-form'),
    username: document.getElementById('username'),
    password: document.getElementById('password'),
    login: document.getElementById('login'),
    workspace: document.getElementById('workspace'),
    queueList: document.getElementById('queue-list'),
    queueEmpty: document.getElementById('queue-empty'),
    queueCount: document.getElementById('queue-count'),
    mine: document.getElementById('mine'),
    mineEmpty: document.getElementById('mine-empty'),
    convTitle: document.getElementById('conv-title'),
    convMeta: document.getElementById('conv-meta'),
    convEmpty: document.getElementById('conv-empty'),
    convMessages: document.getElementById('conv-messages'),
    closeConv: document.getElementById('close-conv'),
    replyForm: document.getElementById('reply-form'),
    replyInput: document.getElementById('reply-input'),
    replySend: document.getElementById('reply-send'),
  };

  /** The latest queue entry each list element shows. */
  const queueItemOf = new WeakMap();

  const state = {
    token: null,
    queueTimer: 0,
    queueRunning: false,
    // Conversations claimed from this tab (kept in sessionStorage): id -> the queue entry as claimed.
    // A server-side list (GET /api/v1/agent/conversations) can feed this map once the hub offers it.
    mine: new Map(),
    current: null, // {id, after, seen: Set<seq>, abort: AbortController}
    noticeTimer: 0,
  };

  // ---------------------------------------------------------------- storage

  function store(key, value) {
    try {
      if (value === null || value === undefined) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, typeof value === 'string' ? value : JSON.stringify(value));
    } catch (_) { /* storage disabled: the console still works for this page */ }
  }

  function load(key, parse) {
    try {
      const raw = sessionStorage.getItem(key);
      if (raw === null) return null;
      return parse ? JSON.parse(raw) : raw;
    } catch (_) {
      return null;
    }
  }

  // ---------------------------------------------------------------- helpers

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function showNotice(text, kind) {
    clearTimeout(state.noticeTimer);
    dom.notice.textContent = text;
    dom.notice.dataset.kind = kind || 'error';
    if (text) state.noticeTimer = setTimeout(() => { dom.notice.textContent = ''; }, NOTICE_MS);
  }

  function isSafeUrl(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url);
  }

  function formatTime(at) {
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });
  }

  /** "moins de 10 s", "45 s", "12 min", "1 h 05". */
  function formatWaiting(since) {
    const start = new Date(since).getTime();
    if (Number.isNaN(start)) return '';
    const seconds = Math.max(0, Math.round((Date.now() - start) / 1000));
    if (seconds < 10) return 'moins de 10 s';
    if (seconds < 60) return seconds + ' s';
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return minutes + ' min';
    return Math.floor(minutes / 60) + ' h ' + String(minutes % 60).padStart(2, '0');
  }

  // ---------------------------------------------------------------- API

  /** An HTTP answer other than 2xx, with the contract's error code when there is one. */
  class ApiError extends Error {
    constructor(status, code, message) {
      super(message || 'HTTP ' + status);
      this.status = status;
      this.code = code;
    }
  }

  async function api(method, path, body, options) {
    const headers = {};
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(API + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options && options.signal,
      cache: 'no-store',
    });
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (_) { data = null; }
    if (!res.ok) {
      const error = (data && data.error) || {};
      if (res.status === 401 && state.token) expireSession();
      throw new ApiError(res.status, error.code, error.message);
    }
    return data;
  }

  const conversationPath = (id, suffix) => '/conversations/' + encodeURIComponent(id) + suffix;

  // ---------------------------------------------------------------- session

  async function onLoginSubmit(event) {
    event.preventDefault();
    const username = dom.username.value.trim();
    const password = dom.password.value;
    if (!username || !password) {
      showNotice('Saisissez votre identifiant et votre mot de passe.');
      (username ? dom.password : dom.username).focus();
      return;
    }
    dom.login.disabled = true;
    try {
      const data = await api('POST', '/session', { username, password });
      if (!data || typeof data.token !== 'string') throw new ApiError(500, 'bad_response');
      dom.password.value = '';
      showNotice('');
      startSession(data.token, username);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) showNotice('Identifiant ou mot de passe incorrect.');
      else if (err instanceof ApiError && err.status === 429) showNotice('Trop de tentatives. Réessayez dans un instant.');
      else showNotice('Connexion impossible : le serveur ne répond pas.');
      dom.password.focus();
    } finally {
      dom.login.disabled = false;
    }
  }

  function startSession(token, username) {
    state.token = token;
    store(TOKEN_KEY, token);
    if (username) store(USER_KEY, username);
    dom.whoami.textContent = load(USER_KEY) || '';
    dom.loginPanel.hidden = true;
    dom.workspace.hidden = false;
    dom.logout.hidden = false;
    restoreMine();
    startQueuePolling();
    const current = load(CURRENT_KEY);
    if (current && state.mine.has(current)) openConversation(current);
  }

  function endSession() {
    state.token = null;
    store(TOKEN_KEY, null);
    store(CURRENT_KEY, null);
    stopQueuePolling();
    closePanel();
    dom.workspace.hidden = true;
    dom.logout.hidden = true;
    dom.whoami.textContent = '';
    dom.loginPanel.hidden = false;
    dom.username.focus();
  }

  function expireSession() {
    endSession();
    showNotice('Session expirée : reconnectez-vous.');
  }

  // ---------------------------------------------------------------- queue

  function startQueuePolling() {
    if (state.queueRunning) return;
    state.queueRunning = true;
    pollQueue();
  }

  function stopQueuePolling() {
    state.queueRunning = false;
    clearTimeout(state.queueTimer);
  }

  async function pollQueue() {
    if (!state.queueRunning) return;
    try {
      const data = await api('GET', '/queue');
      renderQueue(Array.isArray(data && data.waiting) ? data.waiting : []);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      dom.queueCount.textContent = '(indisponible)';
    }
    if (state.queueRunning) state.queueTimer = setTimeout(pollQueue, QUEUE_POLL_MS);
  }

  /** Updates the list in place, keyed by id, so a focused claim button survives each poll. */
  function renderQueue(items) {
    const existing = new Map();
    for (const node of dom.queueList.children) existing.set(node.dataset.id, node);
    const wanted = items.filter((item) => item && typeof item.id === 'string');
    wanted.forEach((item, index) => {
      let node = existing.get(item.id);
      if (!node) node = buildQueueItem(item);
      existing.delete(item.id);
      updateQueueItem(node, item);
      if (dom.queueList.children[index] !== node) dom.queueList.insertBefore(node, dom.queueList.children[index] || null);
    });
    for (const stale of existing.values()) stale.remove();
    dom.queueEmpty.hidden = wanted.length > 0;
    dom.queueCount.textContent = wanted.length ? '(' + wanted.length + ')' : '';
  }

  function buildQueueItem(item) {
    const node = el('li', 'queue-item');
    node.dataset.id = item.id;
    const head = el('div', 'qi-head');
    head.append(el('span', 'badge badge--urgent', 'URGENT'), el('span', 'qi-intent'), el('span', 'qi-wait'));
    const summary = el('p', 'qi-summary');
    const meta = el('p', 'qi-meta');
    const claim = el('button', 'claim', 'Prendre');
    claim.type = 'button';
    claim.addEventListener('click', () => claimConversation(queueItemOf.get(node) || item, claim));
    node.append(head, summary, meta, claim);
    return node;
  }

  function updateQueueItem(node, item) {
    queueItemOf.set(node, item);
    const urgent = item.urgent === true;
    node.classList.toggle('urgent', urgent);
    node.querySelector('.badge--urgent').hidden = !urgent;
    const intent = item.intent || 'non classé';
    node.querySelector('.qi-intent').textContent = intent;
    const waiting = formatWaiting(item.waitingSince);
    node.querySelector('.qi-wait').textContent = waiting ? 'attente : ' + waiting : '';
    node.querySelector('.qi-summary').textContent = item.summary || '(pas de résumé)';
    node.querySelector('.qi-meta').textContent = 'Langue : ' + (item.locale || '?') + ' · Canal : ' + (item.channel || '?');
    node.querySelector('.claim').setAttribute('aria-label', 'Prendre la conversation' + (urgent ? ' urgente' : '') + ' : ' + intent);
  }

  async function claimConversation(item, button) {
    button.disabled = true;
    try {
      await api('POST', conversationPath(item.id, '/claim'));
      rememberMine(item);
      button.closest('.queue-item')?.remove();
      showNotice('Conversation prise en charge.', 'info');
      openConversation(item.id);
      pollQueueNow();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) showNotice('Déjà pris par un autre agent.');
      else if (err instanceof ApiError && err.status === 404) showNotice("Cette conversation n'est plus disponible.");
      else if (!(err instanceof ApiError && err.status === 401)) showNotice('La prise en charge a échoué. Réessayez.');
      button.disabled = false;
      pollQueueNow();
    }
  }

  function pollQueueNow() {
    if (!state.queueRunning) return;
    clearTimeout(state.queueTimer);
    state.queueTimer = setTimeout(pollQueue, 0);
  }

  // ---------------------------------------------------------------- my conversations

  function restoreMine() {
    state.mine.clear();
    const saved = load(MINE_KEY, true);
    if (Array.isArray(saved)) for (const item of saved) if (item && typeof item.id === 'string') state.mine.set(item.id, item);
    renderMine();
  }

  function saveMine() {
    store(MINE_KEY, Array.from(state.mine.values()));
  }

  function rememberMine(item) {
    state.mine.set(item.id, item);
    saveMine();
    renderMine();
  }

  function forgetMine(id) {
    state.mine.delete(id);
    saveMine();
    renderMine();
  }

  function renderMine() {
    dom.mine.textContent = '';
    for (const item of state.mine.values()) {
      const li = el('li', 'mine-item' + (item.urgent ? ' urgent' : ''));
      li.dataset.id = item.id;
      const button = el('button', 'open-conv');
      button.type = 'button';
      button.append(el('span', 'mine-intent', (item.urgent ? 'URGENT · ' : '') + (item.intent || 'conversation')));
      button.append(el('span', 'mine-summary', item.summary || item.id));
      if (state.current && state.current.id === item.id) button.setAttribute('aria-current', 'true');
      button.addEventListener('click', () => openConversation(item.id));
      li.append(button);
      dom.mine.append(li);
    }
    dom.mineEmpty.hidden = state.mine.size > 0;
  }

  // ---------------------------------------------------------------- conversation panel

  function openConversation(id) {
    if (state.current && state.current.id === id) return;
    closePanel();
    const conv = { id, after: 0, seen: new Set(), abort: new AbortController(), closing: false };
    state.current = conv;
    store(CURRENT_KEY, id);
    const item = state.mine.get(id) || { id };
    dom.convTitle.textContent = 'Conversation' + (item.intent ? ' — ' + item.intent : '');
    dom.convMeta.textContent = [item.urgent ? 'URGENT' : '', item.locale && 'langue ' + item.locale, item.channel && 'canal ' + item.channel]
      .filter(Boolean).join(' · ');
    dom.convEmpty.hidden = true;
    setReplyEnabled(true);
    renderMine();
    followConversation(conv);
  }

  function closePanel() {
    if (state.current) state.current.abort.abort();
    state.current = null;
    dom.convMessages.textContent = '';
    dom.convTitle.textContent = 'Conversation';
    dom.convMeta.textContent = '';
    dom.convEmpty.hidden = false;
    setReplyEnabled(false);
  }

  function setReplyEnabled(enabled) {
    dom.replyInput.disabled = !enabled;
    dom.replySend.disabled = !enabled;
    dom.closeConv.disabled = !enabled;
  }

  async function followConversation(conv) {
    let failures = 0;
    while (state.current === conv) {
      try {
        const data = await api('GET', conversationPath(conv.id, '/messages?after=' + conv.after + '&wait=' + LONG_POLL_WAIT_MS),
          undefined, { signal: conv.abort.signal });
        if (state.current !== conv) return;
        renderConversationMessages(conv, Array.isArray(data && data.messages) ? data.messages : []);
        failures = 0;
      } catch (err) {
        if (conv.abort.signal.aborted || state.current !== conv) return;
        if (err instanceof ApiError && err.status === 401) return;
        if (err instanceof ApiError && err.status === 404) {
          if (conv.closing) return; // we are closing it ourselves
          showNotice("Cette conversation n'est plus accessible (clôturée ou reprise par un autre agent).");
          forgetMine(conv.id);
          closePanel();
          return;
        }
        failures += 1;
        await sleep(Math.min(10000, 500 * 2 ** failures));
      }
    }
  }

  function renderConversationMessages(conv, messages) {
    const log = dom.convMessages;
    const stick = conv.seen.size === 0 || log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    const sorted = messages.filter((m) => m && Number.isInteger(m.seq)).sort((a, b) => a.seq - b.seq);
    for (const m of sorted) {
      if (m.seq > conv.after) conv.after = m.seq;
      if (conv.seen.has(m.seq)) continue;
      conv.seen.add(m.seq);
      const node = buildConversationMessage(m);
      const next = Array.from(log.children).find((child) => Number(child.dataset.seq) > m.seq);
      log.insertBefore(node, next || null);
    }
    if (stick) log.scrollTop = log.scrollHeight;
  }

  function buildConversationMessage(m) {
    const from = AUTHOR_LABELS[m.from] ? m.from : 'system';
    const node = el('div', 'msg msg--' + from + (m.internal ? ' msg--internal' : '') + (m.urgent ? ' msg--urgent' : ''));
    node.dataset.seq = String(m.seq);
    node.dataset.from = from;
    if (m.internal) node.dataset.internal = 'true';

    const meta = el('p', 'msg-meta');
    meta.append(el('span', 'msg-author', AUTHOR_LABELS[from]));
    if (m.internal) meta.append(el('span', 'badge badge--internal', 'Note interne'));
    if (m.urgent) meta.append(el('span', 'badge badge--urgent', 'URGENT'));
    const time = formatTime(m.at);
    if (time) meta.append(el('time', 'msg-time', time));
    node.append(meta);

    const bubble = el('div', 'msg-bubble');
    bubble.append(el('p', 'msg-text', m.text || (m.choice ? '[choix : ' + m.choice + ']' : '')));
    if (Array.isArray(m.choices) && m.choices.length) {
      const labels = m.choices.map((c) => (c && c.label) || (c && c.id) || '').filter(Boolean);
      bubble.append(el('p', 'msg-choices', 'Choix proposés : ' + labels.join(' · ')));
    }
    if (Array.isArray(m.links) && m.links.length) bubble.append(buildLinks(m.links));
    node.append(bubble);
    return node;
  }

  function buildLinks(links) {
    const list = el('ul', 'msg-links');
    for (const link of links) {
      if (!link) continue;
      const li = el('li');
      if (isSafeUrl(link.url)) {
        const a = el('a', '', link.label || link.url);
        a.href = link.url;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
        li.append(a);
      } else {
        li.textContent = link.label || '';
      }
      list.append(li);
    }
    return list;
  }

  async function onReplySubmit(event) {
    event.preventDefault();
    const conv = state.current;
    const text = dom.replyInput.value;
    if (!conv || !text.trim()) return;
    dom.replySend.disabled = true;
    try {
      await api('POST', conversationPath(conv.id, '/messages'), { text });
      if (state.current === conv) dom.replyInput.value = '';
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) showNotice("Réponse non envoyée : la conversation n'est plus à vous.");
      else if (err instanceof ApiError && err.status === 413) showNotice('Réponse trop longue.');
      else if (!(err instanceof ApiError && err.status === 401)) showNotice('Réponse non envoyée. Réessayez.');
    } finally {
      if (state.current === conv) dom.replySend.disabled = false;
      dom.replyInput.focus();
    }
  }

  function onReplyKeydown(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      dom.replyForm.requestSubmit();
    }
  }

  async function onCloseClick() {
    const conv = state.current;
    if (!conv) return;
    dom.closeConv.disabled = true;
    conv.closing = true;
    try {
      await api('POST', conversationPath(conv.id, '/close'), { outcome: 'resolved' });
      forgetMine(conv.id);
      if (state.current === conv) closePanel();
      store(CURRENT_KEY, null);
      showNotice('Conversation clôturée. Le citoyen reçoit le questionnaire de satisfaction.', 'info');
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        forgetMine(conv.id);
        closePanel();
        showNotice("Cette conversation n'est plus accessible.");
      } else if (!(err instanceof ApiError && err.status === 401)) {
        showNotice('La clôture a échoué. Réessayez.');
        conv.closing = false;
        dom.closeConv.disabled = false;
      }
    }
  }

  // ---------------------------------------------------------------- start

  function bindUi() {
    dom.loginForm.addEventListener('submit', onLoginSubmit);
    dom.logout.addEventListener('click', () => {
      store(MINE_KEY, null);
      store(USER_KEY, null);
      endSession();
      showNotice('Vous êtes déconnecté.', 'info');
    });
    dom.replyForm.addEventListener('submit', onReplySubmit);
    dom.replyInput.addEventListener('keydown', onReplyKeydown);
    dom.closeConv.addEventListener('click', onCloseClick);
  }

  bindUi();
  const savedToken = load(TOKEN_KEY);
  if (savedToken) startSession(savedToken);
  else dom.username.focus();
})();
