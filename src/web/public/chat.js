/*
 * Relais citizen web chat. Plain browser script: no framework, no build step, nothing external.
 *
 * Protocol (see shared/api-contract.md): create or resume a conversation, then follow it over a
 * WebSocket (auth frame first, then message/typing frames); fall back to HTTP posting and
 * long-polling when no socket can be opened. Message text is only ever set with textContent.
 */
(() => {
  'use strict';

  // ---------------------------------------------------------------- settings

  const API_ROOT = '/api/v1/conversations';
  const STORAGE_KEY = 'relais.conversation';
  const MAX_LENGTH = 4000;
  const NEAR_LIMIT = 3800;
  const BACKOFF_MIN_MS = 500;
  const BACKOFF_MAX_MS = 10000;
  const SOCKET_FAILURES_BEFORE_HTTP = 3;
  // A refused session is replaced by a new conversation, but never more often than this.
  const MIN_RESET_INTERVAL_MS = 10000;
  // After auth, wait for the backlog before resending unacknowledged messages (it may already hold them).
  const BACKLOG_GRACE_MS = 800;
  const LONG_POLL_WAIT_MS = 25000;
  const TYPING_SEND_EVERY_MS = 3000;
  const TYPING_SHOW_MS = 4000;
  const RATE_LIMIT_RETRY_MS = 3000;
  // The conversation is gone or over (closed after the survey, or left too long with the assistant):
  // what the citizen writes goes to a new one.
  const SESSION_ERRORS = new Set(['not_found', 'unauthorized', 'closed']);
  const AUTHORS = new Set(['citizen', 'bot', 'agent', 'system']);

  // ---------------------------------------------------------------- UI language

  const STRINGS = {
    fr: {
      pageTitle: 'Relais — Contacter la police ou la gendarmerie',
      brandSub: 'Police nationale · Gendarmerie nationale',
      newChat: 'Nouvelle conversation',
      endChat: 'Terminer la conversation',
      urgencyRegion: "Numéros d'urgence",
      urgencyLead: 'Urgence ?',
      urgencyCall: 'Appelez le',
      urgencyOr: 'ou le',
      samu: 'SAMU',
      fire: 'Pompiers',
      deaf: 'Sourds et malentendants :',
      bySms: 'par SMS',
      call17: 'Appeler le 17, police secours',
      call112: "Appeler le 112, numéro d'urgence européen",
      call15: 'Appeler le 15, SAMU',
      call18: 'Appeler le 18, pompiers',
      sms114: 'Envoyer un SMS au 114, urgences pour personnes sourdes ou malentendantes',
      chatTitle: "Conversation avec l'assistant",
      messagesLabel: 'Messages de la conversation',
      agentTyping: 'Un agent écrit…',
      inputLabel: 'Votre message',
      inputPlaceholder: 'Écrivez votre message…',
      inputHint: 'Entrée pour envoyer, Maj + Entrée pour aller à la ligne.',
      send: 'Envoyer',
      privacy: 'Conversation privée et anonyme',
      you: 'Vous',
      bot: 'Assistant',
      agent: 'Agent',
      system: 'Information',
      urgent: 'Urgence',
      choicesLabel: 'Réponses proposées',
      linksLabel: 'Liens utiles',
      connecting: 'Connexion…',
      reconnecting: 'Reconnexion…',
      degraded: 'Connexion lente : vos messages sont transmis par un autre moyen.',
      unreachable: 'Service momentanément injoignable, nouvel essai en cours… En cas d’urgence, appelez le 17 ou le 112.',
      sending: 'Envoi…',
      waiting: 'En attente de connexion…',
      notSent: 'Message non envoyé.',
      tooLong: 'Message trop long.',
      retry: 'Réessayer',
      confirmEnd: 'Voulez-vous vraiment terminer la conversation ?',
      endFailed: "La conversation n'a pas pu être terminée. Réessayez dans un instant.",
      ended: 'Conversation terminée.',
      restarted: 'Une nouvelle conversation a commencé.',
    },
    en: {
      pageTitle: 'Relais — Contact the police or gendarmerie',
      brandSub: 'French National Police · Gendarmerie',
      newChat: 'New conversation',
      endChat: 'End the conversation',
      urgencyRegion: 'Emergency numbers',
      urgencyLead: 'Emergency?',
      urgencyCall: 'Call',
      urgencyOr: 'or',
      samu: 'Ambulance (SAMU)',
      fire: 'Fire brigade',
      deaf: 'Deaf or hard of hearing:',
      bySms: 'by text message',
      call17: 'Call 17, police emergency',
      call112: 'Call 112, European emergency number',
      call15: 'Call 15, ambulance (SAMU)',
      call18: 'Call 18, fire brigade',
      sms114: 'Text 114, emergency number for deaf or hard of hearing people',
      chatTitle: 'Conversation with the assistant',
      messagesLabel: 'Conversation messages',
      agentTyping: 'An officer is typing…',
      inputLabel: 'Your message',
      inputPlaceholder: 'Write your message…',
      inputHint: 'Enter to send, Shift + Enter for a new line.',
      send: 'Send',
      privacy: 'Private and anonymous conversation',
      you: 'You',
      bot: 'Assistant',
      agent: 'Agent',
      system: 'Information',
      urgent: 'Emergency',
      choicesLabel: 'Suggested answers',
      linksLabel: 'Useful links',
      connecting: 'Connecting…',
      reconnecting: 'Reconnecting…',
      degraded: 'Slow connection: your messages are being sent another way.',
      unreachable: 'Service unreachable for now, retrying… In an emergency, call 17 or 112.',
      sending: 'Sending…',
      waiting: 'Waiting for connection…',
      notSent: 'Message not sent.',
      tooLong: 'Message too long.',
      retry: 'Retry',
      confirmEnd: 'Do you really want to end the conversation?',
      endFailed: 'The conversation could not be ended. Please try again in a moment.',
      ended: 'Conversation ended.',
      restarted: 'A new conversation has started.',
    },
  };

  const locale = pickLocale();

  /** French unless the browser asks for something else (then English); `?lang=` overrides. */
  function pickLocale() {
    let wanted = '';
    try { wanted = new URLSearchParams(location.search).get('lang') || ''; } catch (_) { /* old browser */ }
    const raw = (wanted || navigator.language || 'fr').toLowerCase();
    return raw.startsWith('fr') ? 'fr' : 'en';
  }

  function t(key) {
    return STRINGS[locale][key] ?? STRINGS.fr[key] ?? key;
  }

  function applyI18n() {
    document.documentElement.lang = locale;
    document.title = t('pageTitle');
    if (locale === 'fr') return; // the page is written in French
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
    for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  }

  // ---------------------------------------------------------------- state

  const dom = {
    messages: document.getElementById('messages'),
    composer: document.getElementById('composer'),
    input: document.getElementById('input'),
    send: document.getElementById('send'),
    counter: document.getElementById('counter'),
    status: document.getElementById('status'),
    typing: document.getElementById('typing'),
    endChat: document.getElementById('end-chat'),
    newChat: document.getElementById('new-chat'),
  };

  /** The stored message each rendered element shows. */
  const messageOf = new WeakMap();

  const state = {
    session: null, // {id, token, lastSeq, closed?}
    rendered: new Map(), // seq -> .msg element
    // Highest seq on screen. Starts at 0 on every page load so a resumed conversation shows its history;
    // the stored lastSeq records how far the citizen got across reloads.
    seenSeq: 0,
    choiceLabels: new Map(), // choice id -> label, to show a tapped choice when the echo has no text
    choicesSeq: null, // seq of the message whose choices are on screen
    outbox: [], // {ref, payload, el, text?, choice?, sent: false | 'socket' | 'http'}
    socket: null,
    socketReady: false, // authenticated and the backlog seen (or its grace period over)
    everConnected: false,
    failedOpens: 0,
    backoffMs: BACKOFF_MIN_MS,
    reconnectTimer: 0,
    graceTimer: 0,
    httpMode: false,
    pollAbort: null,
    posting: false,
    postRetryTimer: 0,
    resetting: false,
    lastAutoResetAt: 0,
    refPrefix: Math.random().toString(36).slice(2, 8),
    refCount: 0,
    lastTypingSent: 0,
    typingTimer: 0,
    atBottom: true, // the log is scrolled to its end
    notice: '', // shown once the new connection is live
    noticeTimer: 0,
  };

  // ---------------------------------------------------------------- storage

  function loadSession() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
      if (saved && typeof saved.id === 'string' && typeof saved.token === 'string') {
        return { id: saved.id, token: saved.token, lastSeq: Number(saved.lastSeq) || 0, closed: saved.closed === true };
      }
    } catch (_) { /* storage disabled or corrupt: start afresh */ }
    return null;
  }

  function saveSession() {
    if (!state.session) return;
    try { sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state.session)); } catch (_) { /* private mode */ }
  }

  function clearSession() {
    try { sessionStorage.removeItem(STORAGE_KEY); } catch (_) { /* private mode */ }
  }

  // ---------------------------------------------------------------- small helpers

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Exponential back-off with jitter, 0.5 s doubling up to 10 s. */
  function backoffDelay(attempt) {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt);
    return Math.min(BACKOFF_MAX_MS, Math.round(base * (0.75 + Math.random() * 0.5)));
  }

  function authHeaders(extra) {
    return Object.assign({ Authorization: 'Bearer ' + state.session.token }, extra || {});
  }

  function conversationUrl(suffix) {
    return API_ROOT + '/' + encodeURIComponent(state.session.id) + (suffix || '');
  }

  function socketUrl() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    return scheme + '://' + location.host + conversationUrl('/socket');
  }

  function nextRef() {
    state.refCount += 1;
    return 'r' + state.refPrefix + state.refCount;
  }

  function setStatus(text) {
    if (dom.status.textContent !== text) dom.status.textContent = text;
  }

  /** Shows a one-off notice (or clears the status line) once the connection is live. */
  function showNotice() {
    clearTimeout(state.noticeTimer);
    setStatus(state.notice);
    if (state.notice) state.noticeTimer = setTimeout(() => { if (state.socketReady) setStatus(''); }, 5000);
    state.notice = '';
  }

  function isSafeUrl(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url);
  }

  function formatTime(at) {
    const date = new Date(at);
    if (Number.isNaN(date.getTime())) return '';
    return date.toLocaleTimeString(locale === 'fr' ? 'fr-FR' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
  }

  // ---------------------------------------------------------------- rendering

  function isNearBottom() {
    const log = dom.messages;
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function scrollToBottom() {
    dom.messages.scrollTop = dom.messages.scrollHeight;
    state.atBottom = true;
  }

  /** Keeps the latest message in view when the log shrinks (keyboard opening, composer growing). */
  function keepBottomOnResize() {
    dom.messages.addEventListener('scroll', () => { state.atBottom = isNearBottom(); }, { passive: true });
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => { if (state.atBottom) dom.messages.scrollTop = dom.messages.scrollHeight; }).observe(dom.messages);
    }
  }

  /** Builds the element for one message; every piece of text goes through textContent. */
  function buildMessage(from, text, options) {
    const opts = options || {};
    const el = document.createElement('div');
    el.className = 'msg msg--' + from + (opts.urgent ? ' msg--urgent' : '');
    el.dataset.from = from;
    if (opts.urgent) el.setAttribute('role', 'alert');

    const meta = document.createElement('p');
    meta.className = 'msg-meta' + (from === 'citizen' ? ' visually-hidden' : '');
    const author = document.createElement('span');
    author.className = 'msg-author';
    author.textContent = from === 'citizen' ? t('you') : t(from);
    meta.append(author);
    if (opts.urgent) meta.append(Object.assign(document.createElement('span'), { className: 'msg-badge', textContent: t('urgent') }));
    const time = opts.at ? formatTime(opts.at) : '';
    if (time) {
      const timeEl = document.createElement('time');
      timeEl.dateTime = new Date(opts.at).toISOString();
      timeEl.textContent = time;
      meta.append(timeEl);
    }
    el.append(meta);

    const bubble = document.createElement('div');
    bubble.className = 'msg-bubble';
    const body = document.createElement('p');
    body.className = 'msg-text';
    body.textContent = text;
    bubble.append(body);
    if (Array.isArray(opts.links) && opts.links.length) bubble.append(buildLinks(opts.links));
    el.append(bubble);
    return el;
  }

  function buildLinks(links) {
    const list = document.createElement('ul');
    list.className = 'msg-links';
    list.setAttribute('aria-label', t('linksLabel'));
    for (const link of links) {
      if (!link || typeof link.label !== 'string') continue;
      const item = document.createElement('li');
      if (isSafeUrl(link.url)) {
        const a = document.createElement('a');
        a.href = link.url;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
        a.textContent = link.label;
        item.append(a);
      } else {
        item.textContent = link.label; // not an http(s) link: show the words, never the URL
      }
      list.append(item);
    }
    return list;
  }

  /** Inserts a stored message in seq order, before any message still waiting for its seq. */
  function placeBySeq(el, seq) {
    for (const child of dom.messages.children) {
      if (child === el) continue;
      const childSeq = child.dataset.seq;
      if (childSeq === undefined || Number(childSeq) > seq) {
        dom.messages.insertBefore(el, child);
        return;
      }
    }
    dom.messages.append(el);
  }

  function textOf(message) {
    if (typeof message.text === 'string' && message.text !== '') return message.text;
    if (message.choice && state.choiceLabels.has(message.choice)) return state.choiceLabels.get(message.choice);
    return '';
  }

  /** Renders stored messages from the server: deduplicated by seq, in seq order. */
  function renderMessages(messages) {
    if (!Array.isArray(messages) || !messages.length) return;
    const stick = isNearBottom();
    let ownAdded = false;
    const sorted = messages
      .filter((m) => m && Number.isInteger(m.seq))
      .sort((a, b) => a.seq - b.seq);
    for (const m of sorted) {
      if (m.seq > state.seenSeq) state.seenSeq = m.seq;
      if (m.seq > state.session.lastSeq) state.session.lastSeq = m.seq;
      if (m.internal || state.rendered.has(m.seq)) continue; // internal notes are never for the citizen
      const from = AUTHORS.has(m.from) ? m.from : 'system';
      for (const choice of m.choices || []) state.choiceLabels.set(choice.id, choice.label);
      let el = from === 'citizen' ? adoptPending(m) : null;
      if (!el) el = buildMessage(from, textOf(m), { urgent: m.urgent === true, links: m.links, at: m.at });
      el.dataset.seq = String(m.seq);
      messageOf.set(el, m);
      placeBySeq(el, m.seq);
      state.rendered.set(m.seq, el);
      if (from === 'citizen') ownAdded = true;
      if (from === 'agent') hideTyping();
    }
    saveSession();
    refreshChoices();
    if (stick || ownAdded) scrollToBottom();
  }

  /** Shows the choices of the latest message only; older ones disappear. */
  function refreshChoices() {
    let latestSeq = -Infinity;
    for (const seq of state.rendered.keys()) latestSeq = Math.max(latestSeq, seq);
    const waiting = state.outbox.length > 0;
    const latest = state.rendered.get(latestSeq);
    const choices = latest ? messageOf.get(latest)?.choices : undefined;
    const wanted = !waiting && Array.isArray(choices) && choices.length ? latestSeq : null;
    if (wanted === state.choicesSeq) return;
    for (const group of dom.messages.querySelectorAll('.choices')) group.remove();
    state.choicesSeq = wanted;
    if (wanted !== null) latest.append(buildChoices(choices));
  }

  function buildChoices(choices) {
    const group = document.createElement('div');
    group.className = 'choices';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', t('choicesLabel'));
    for (const choice of choices) {
      if (!choice || typeof choice.id !== 'string') continue;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'choice';
      button.dataset.choiceId = choice.id;
      button.textContent = String(choice.label ?? choice.id);
      group.append(button);
    }
    return group;
  }

  function onChoiceClick(event) {
    const button = event.target.closest('button.choice');
    if (!button || button.disabled) return;
    const fromKeyboard = event.detail === 0;
    for (const other of button.parentElement.querySelectorAll('button.choice')) other.disabled = true;
    queueMessage({ type: 'message', choice: button.dataset.choiceId }, button.textContent);
    // Keyboard users continue in the input; on touch, opening the keyboard would be intrusive.
    if (fromKeyboard) dom.input.focus();
  }

  // ---------------------------------------------------------------- typing indicator

  function showTyping() {
    dom.typing.hidden = false;
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(hideTyping, TYPING_SHOW_MS);
  }

  function hideTyping() {
    clearTimeout(state.typingTimer);
    dom.typing.hidden = true;
  }

  function sendTypingSoon() {
    const now = Date.now();
    if (!state.socketReady || !dom.input.value.trim() || now - state.lastTypingSent < TYPING_SEND_EVERY_MS) return;
    state.lastTypingSent = now;
    sendFrame({ type: 'typing' });
  }

  // ---------------------------------------------------------------- outbox (messages the citizen sends)

  function queueMessage(payload, displayText) {
    payload.ref = nextRef();
    const el = buildMessage('citizen', displayText, {});
    el.classList.add('pending');
    el.dataset.ref = payload.ref;
    const stateLine = document.createElement('p');
    stateLine.className = 'msg-state';
    el.append(stateLine);
    dom.messages.append(el);
    state.outbox.push({ ref: payload.ref, payload, el, text: payload.text, choice: payload.choice, sent: false });
    refreshChoices();
    flushOutbox();
    updatePendingLabels();
    scrollToBottom();
  }

  function updatePendingLabels() {
    const online = state.socketReady || state.httpMode;
    for (const item of state.outbox) {
      const line = item.el.querySelector('.msg-state');
      if (line) line.textContent = online ? t('sending') : t('waiting');
    }
  }

  /** A stored citizen message may be one we are still waiting on: reuse its bubble instead of duplicating it. */
  function adoptPending(message) {
    const index = state.outbox.findIndex((item) => (item.choice !== undefined
      ? item.choice === message.choice
      : typeof message.text === 'string' && item.text.trim() === message.text.trim()));
    if (index < 0) return null;
    const [item] = state.outbox.splice(index, 1);
    finishPending(item.el);
    if (typeof message.text === 'string' && message.text !== '') item.el.querySelector('.msg-text').textContent = message.text;
    return item.el;
  }

  function finishPending(el) {
    el.classList.remove('pending', 'failed');
    delete el.dataset.ref;
    el.querySelector('.msg-state')?.remove();
  }

  function onAck(seq, ref) {
    const index = state.outbox.findIndex((item) => item.ref === ref);
    if (index < 0 || !Number.isInteger(seq)) return;
    const [item] = state.outbox.splice(index, 1);
    if (state.rendered.has(seq)) {
      item.el.remove(); // the stored copy is already on screen
    } else {
      finishPending(item.el);
      item.el.dataset.seq = String(seq);
      messageOf.set(item.el, { seq, from: 'citizen', text: item.text, choice: item.choice });
      placeBySeq(item.el, seq);
      state.rendered.set(seq, item.el);
    }
    refreshChoices();
  }

  function onSendRejected(ref, code) {
    const index = state.outbox.findIndex((item) => item.ref === ref);
    if (index < 0) return;
    const item = state.outbox[index];
    if (code === 'rate_limited') {
      item.sent = false;
      setTimeout(flushOutbox, RATE_LIMIT_RETRY_MS);
      return;
    }
    state.outbox.splice(index, 1);
    markFailed(item, (code === 'too_large' || code === 'too_long') ? t('tooLong') : t('notSent'));
    refreshChoices();
  }

  function markFailed(item, reason) {
    item.el.classList.remove('pending');
    item.el.classList.add('failed');
    const line = item.el.querySelector('.msg-state');
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
      delete item.payload.ref;
      queueMessage(item.payload, item.el.querySelector('.msg-text').textContent);
    });
    line.append(retry);
  }

  function flushOutbox() {
    if (state.socketReady) {
      for (const item of state.outbox) {
        if (item.sent) continue;
        if (!sendFrame(item.payload)) break;
        item.sent = 'socket';
      }
    } else if (state.httpMode) {
      postOutbox();
    }
  }

  // ---------------------------------------------------------------- WebSocket transport

  function sendFrame(frame) {
    const ws = state.socket;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  function connect() {
    clearTimeout(state.reconnectTimer);
    if (!state.session || state.socket) return;
    if (typeof WebSocket !== 'function') {
      enableHttpMode();
      return;
    }
    setStatus(state.everConnected ? t('reconnecting') : t('connecting'));
    let ws;
    try {
      ws = new WebSocket(socketUrl());
    } catch (_) {
      onSocketGone();
      return;
    }
    state.socket = ws;
    ws.addEventListener('open', () => {
      if (ws !== state.socket) return;
      ws.send(JSON.stringify({ type: 'auth', token: state.session.token, after: state.seenSeq }));
      state.graceTimer = setTimeout(() => onSocketReady(ws), BACKLOG_GRACE_MS);
    });
    ws.addEventListener('message', (event) => {
      if (ws === state.socket) onFrame(ws, event.data);
    });
    ws.addEventListener('close', () => {
      if (ws !== state.socket) return;
      state.socket = null;
      onSocketGone();
    });
  }

  function onFrame(ws, data) {
    let frame;
    try { frame = JSON.parse(data); } catch (_) { return; }
    if (!frame || typeof frame !== 'object') return;
    switch (frame.type) {
      case 'messages':
        renderMessages(frame.messages);
        onSocketReady(ws);
        break;
      case 'ack':
        onAck(frame.seq, frame.ref);
        onSocketReady(ws);
        break;
      case 'error':
        onErrorFrame(frame.error || {}, frame.ref);
        break;
      case 'typing':
        if (frame.from === 'agent') showTyping();
        break;
      default:
        break; // unknown frames are ignored so the server can add new ones
    }
  }

  function onErrorFrame(error, ref) {
    if (SESSION_ERRORS.has(error.code)) {
      startNewConversation('refused');
      return;
    }
    if (ref) onSendRejected(ref, error.code);
  }

  /** Authenticated and the backlog received: go live and send what waited. */
  function onSocketReady(ws) {
    if (ws !== state.socket || state.socketReady) return;
    clearTimeout(state.graceTimer);
    state.socketReady = true;
    state.everConnected = true;
    state.failedOpens = 0;
    state.backoffMs = BACKOFF_MIN_MS;
    disableHttpMode();
    showNotice();
    flushOutbox();
    updatePendingLabels();
  }

  function onSocketGone() {
    clearTimeout(state.graceTimer);
    // A socket that never got as far as the backlog counts as a failure, whether or not it opened.
    if (!state.socketReady) state.failedOpens += 1;
    state.socketReady = false;
    // Whatever went out on the dead socket without an ack is sent again (the backlog may show it arrived).
    for (const item of state.outbox) if (item.sent === 'socket') item.sent = false;
    if (!state.session || state.resetting) return;
    if (state.failedOpens >= SOCKET_FAILURES_BEFORE_HTTP) enableHttpMode();
    if (!state.httpMode) setStatus(state.everConnected ? t('reconnecting') : t('connecting'));
    updatePendingLabels();
    scheduleReconnect();
  }

  function scheduleReconnect() {
    clearTimeout(state.reconnectTimer);
    const delay = Math.round(Math.min(BACKOFF_MAX_MS, state.backoffMs * (0.75 + Math.random() * 0.5)));
    state.backoffMs = Math.min(BACKOFF_MAX_MS, state.backoffMs * 2);
    state.reconnectTimer = setTimeout(connect, delay);
  }

  function closeSocket() {
    clearTimeout(state.reconnectTimer);
    clearTimeout(state.graceTimer);
    const ws = state.socket;
    state.socket = null;
    state.socketReady = false;
    if (ws) {
      try { ws.close(); } catch (_) { /* already closing */ }
    }
  }

  /** Back online or back on the tab: do not wait for the back-off timer. */
  function reconnectNow() {
    if (!state.session || state.socket || state.resetting) return;
    state.backoffMs = BACKOFF_MIN_MS;
    connect();
  }

  // ---------------------------------------------------------------- HTTP fallback

  function enableHttpMode() {
    if (state.httpMode) return;
    state.httpMode = true;
    setStatus(t('degraded'));
    pollMessages();
    flushOutbox();
  }

  function disableHttpMode() {
    state.httpMode = false;
    if (state.pollAbort) state.pollAbort.abort();
    state.pollAbort = null;
  }

  async function pollMessages() {
    if (state.pollAbort || !state.session) return;
    const controller = new AbortController();
    state.pollAbort = controller;
    const session = state.session;
    let failures = 0;
    while (!controller.signal.aborted && state.session === session) {
      try {
        const res = await fetch(conversationUrl('/messages?after=' + state.seenSeq + '&wait=' + LONG_POLL_WAIT_MS), {
          headers: authHeaders(), signal: controller.signal, cache: 'no-store',
        });
        if (res.status === 401 || res.status === 404) {
          startNewConversation('refused');
          return;
        }
        if (!res.ok) throw new Error('HTTP ' + res.status);
        const body = await res.json();
        if (controller.signal.aborted || state.session !== session) return;
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

  async function postOutbox() {
    if (state.posting || !state.session) return;
    state.posting = true;
    const session = state.session;
    try {
      for (const item of state.outbox.slice()) {
        if (item.sent || !state.httpMode || state.session !== session) continue;
        item.sent = 'http';
        const body = item.choice !== undefined ? { choice: item.choice } : { text: item.text };
        let res;
        try {
          res = await fetch(conversationUrl('/messages'), {
            method: 'POST', headers: authHeaders({ 'Content-Type': 'application/json' }), body: JSON.stringify(body),
          });
        } catch (_) {
          item.sent = false;
          scheduleHttpRetry();
          return;
        }
        if (res.status === 401 || res.status === 404) {
          startNewConversation('refused');
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
          startNewConversation('refused');
          return;
        } else {
          onSendRejected(item.ref, res.status === 413 ? 'too_large' : 'rejected');
        }
      }
    } finally {
      state.posting = false;
    }
  }

  function scheduleHttpRetry() {
    clearTimeout(state.postRetryTimer);
    state.postRetryTimer = setTimeout(flushOutbox, RATE_LIMIT_RETRY_MS);
  }

  // ---------------------------------------------------------------- conversation lifecycle

  async function createConversation() {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const res = await fetch(API_ROOT, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ locale }),
        });
        if (res.ok) {
          const body = await res.json();
          if (typeof body.id === 'string' && typeof body.token === 'string') return { id: body.id, token: body.token, lastSeq: 0 };
        }
      } catch (_) { /* network down: retry below */ }
      setStatus(t('unreachable'));
      await sleep(backoffDelay(attempt));
    }
  }

  /**
   * Drops the current conversation and opens a fresh one. `reason`: 'first' (nothing stored yet),
   * 'refused' (the server no longer knows our id/token) or 'user' (after the end of a conversation).
   */
  async function startNewConversation(reason) {
    if (state.resetting) return;
    state.resetting = true;
    closeSocket();
    disableHttpMode();
    clearSession();
    state.session = null;
    state.rendered.clear();
    state.seenSeq = 0;
    state.choicesSeq = null;
    state.everConnected = false;
    state.failedOpens = 0;
    state.backoffMs = BACKOFF_MIN_MS;
    hideTyping();
    // Keep what the citizen typed and has not seen stored: it goes to the new conversation.
    for (const child of Array.from(dom.messages.children)) if (child.dataset.seq !== undefined || child.classList.contains('failed')) child.remove();
    for (const item of state.outbox) item.sent = false;
    setStatus(t('connecting'));
    if (reason === 'refused') {
      // Guards against a loop of new conversations if the server keeps refusing them.
      const wait = state.lastAutoResetAt + MIN_RESET_INTERVAL_MS - Date.now();
      state.lastAutoResetAt = Math.max(Date.now(), state.lastAutoResetAt + MIN_RESET_INTERVAL_MS);
      if (wait > 0) await sleep(wait);
    }
    state.session = await createConversation();
    saveSession();
    state.resetting = false;
    applyClosedState();
    state.notice = reason === 'first' ? '' : t('restarted');
    connect();
  }

  function applyClosedState() {
    const closed = Boolean(state.session && state.session.closed);
    dom.endChat.hidden = closed;
    dom.endChat.disabled = false;
    dom.newChat.hidden = !closed;
  }

  async function endConversation() {
    if (!state.session || state.session.closed) return;
    if (!window.confirm(t('confirmEnd'))) return;
    dom.endChat.disabled = true;
    try {
      const res = await fetch(conversationUrl('/close'), { method: 'POST', headers: authHeaders() });
      if (res.status === 401 || res.status === 404) {
        startNewConversation('refused');
        return;
      }
      if (!res.ok) throw new Error('HTTP ' + res.status);
      state.session.closed = true;
      saveSession();
      applyClosedState();
      dom.newChat.focus();
    } catch (_) {
      dom.endChat.disabled = false;
      setStatus(t('endFailed'));
    }
  }

  // ---------------------------------------------------------------- composer

  function updateCounter() {
    const length = dom.input.value.length;
    dom.counter.textContent = length + ' / ' + MAX_LENGTH;
    dom.counter.parentElement.classList.toggle('near-limit', length >= NEAR_LIMIT);
  }

  function autosize() {
    dom.input.style.height = 'auto';
    dom.input.style.height = dom.input.scrollHeight + 2 + 'px';
  }

  function submitComposer(event) {
    event.preventDefault();
    const text = dom.input.value.slice(0, MAX_LENGTH);
    if (!text.trim()) {
      dom.input.focus();
      return;
    }
    queueMessage({ type: 'message', text }, text);
    dom.input.value = '';
    updateCounter();
    autosize();
  }

  function onInputKeydown(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      dom.composer.requestSubmit ? dom.composer.requestSubmit() : submitComposer(event);
    }
  }

  function bindUi() {
    dom.composer.addEventListener('submit', submitComposer);
    dom.input.addEventListener('keydown', onInputKeydown);
    dom.input.addEventListener('input', () => {
      updateCounter();
      autosize();
      sendTypingSoon();
    });
    dom.messages.addEventListener('click', onChoiceClick);
    keepBottomOnResize();
    dom.endChat.addEventListener('click', endConversation);
    dom.newChat.addEventListener('click', () => {
      dom.input.focus(); // the button disappears; keep focus somewhere useful
      startNewConversation('user');
    });
    window.addEventListener('online', reconnectNow);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') reconnectNow();
    });
    updateCounter();
  }

  // ---------------------------------------------------------------- start

  async function start() {
    applyI18n();
    bindUi();
    const saved = loadSession();
    if (saved) {
      state.session = saved;
      applyClosedState();
      connect();
    } else {
      await startNewConversation('first');
    }
  }

  start();
})();
