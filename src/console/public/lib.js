/*
 * Relais console — shared helpers: DOM, storage, formatting, HTTP API.
 * Every text that comes from citizens, the bot or other agents is set with textContent, never as HTML.
 */

import { language, t } from './strings.js';

export const API = '/api/v1/agent';
const TOKEN_KEY = 'relais.agent.token';
const NOTICE_MS = 10000;

/** The console's shared state (one page, one agent). */
export const state = {
  token: null,
  me: null, // {username, role, permissions}
  routing: { mode: 'pick', capacity: 3 },
  waiting: [],
  mine: [],
  current: null, // {id, info, lastSeq, seen:Set}
  view: null, // 'desk' | 'supervisor' | 'content'
  scopeAll: false, // a supervisor listing everyone's conversations
  onExpired: () => {},
};

/** `document.getElementById`, shorter. */
export const $ = (id) => document.getElementById(id);

/** A new element with a class and text (as text, never HTML). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** True when the role may do `permission` (mirrors src/agents/roles.ts). */
export function can(permission) {
  return Boolean(state.me?.permissions.includes(permission));
}

let noticeTimer = 0;
/** Shows a message at the top; kind "info" is green, anything else red. */
export function notice(text, kind) {
  const box = $('notice');
  clearTimeout(noticeTimer);
  box.textContent = text;
  box.dataset.kind = kind || 'error';
  if (text)
    noticeTimer = setTimeout(() => {
      box.textContent = '';
    }, NOTICE_MS);
}

export function saveToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch (_) {
    /* storage disabled: the session lasts as long as the page */
  }
}

export function loadToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch (_) {
    return null;
  }
}

export function isSafeUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url);
}

export function formatTime(at) {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString(dateLocale(), { hour: '2-digit', minute: '2-digit' });
}

/** "moins de 10 s", "45 s", "12 min", "1 h 05". */
export function formatSince(since) {
  const start = new Date(since).getTime();
  if (Number.isNaN(start)) return '';
  return formatSeconds(Math.max(0, Math.round((Date.now() - start) / 1000)));
}

/** Seconds as "45 s", "12 min", "1 h 05"; "—" when unknown. */
export function formatSeconds(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '—';
  if (seconds < 1) return t('time.lessThanSecond');
  if (seconds < 60) return t('time.seconds', { n: Math.round(seconds) });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('time.minutes', { n: minutes });
  return t('time.hours', { h: Math.floor(minutes / 60), m: String(minutes % 60).padStart(2, '0') });
}

/** Dates and times in the console's language. */
export const dateLocale = () => (language() === 'en' ? 'en-GB' : 'fr-FR');

/** A topic's name for agents (the intent id when the console has no name for it). */
export const intentLabel = (intent) => (intent ? t(`intents.${intent}`, { defaultValue: intent }) : t('intents.none'));
/** A channel's name for agents. */
export const channelLabel = (channel) => (channel ? t(`channels.${channel}`, { defaultValue: channel }) : '?');

/** An HTTP answer other than 2xx, with the contract's error code when there is one. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

/** Calls the agent API; a 401 ends the session. */
export async function api(method, path, body, options) {
  const headers = {};
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  // Every change is JSON, body or not: the server refuses a cookie-only change that is not (CSRF).
  const changes = method !== 'GET' && method !== 'HEAD';
  if (changes) headers['Content-Type'] = 'application/json';
  const res = await fetch(API + path, {
    method,
    headers,
    body: body === undefined ? (changes ? '{}' : undefined) : JSON.stringify(body),
    signal: options?.signal,
    cache: 'no-store',
  });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (_) {
    data = null;
  }
  if (!res.ok) {
    const error = data?.error || {};
    if (res.status === 401 && state.token && path !== '/session') state.onExpired();
    throw new ApiError(res.status, error.code, error.message);
  }
  return data;
}

export const conversationPath = (id, suffix) => `/conversations/${encodeURIComponent(id)}${suffix || ''}`;

/** True when keyboard focus is in a place where letters are typed. */
export function typingInField(target) {
  const t = target || document.activeElement;
  return Boolean(t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)));
}
