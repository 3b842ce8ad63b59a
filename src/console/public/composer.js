/*
 * Relais console — writing: the reply box (answer or internal note), the agent's typing indicator sent
 * to the citizen, and the searchable canned answers (Enter inserts the text and its links).
 */
import { canWrite } from './conversation.js';
import { $, ApiError, api, conversationPath, el, notice, state } from './lib.js';
import { t } from './strings.js';

const TYPING_EVERY_MS = 2000;
let link = null;
let lastTyping = 0;
let canned = [];
let filtered = [];
let selected = 0;

/** The socket used for typing frames. */
export function setComposerLink(socket) {
  link = socket;
}

/** Enables or disables writing to match the open conversation. */
export function syncComposer() {
  const writable = canWrite();
  $('reply-input').disabled = !writable;
  $('reply-send').disabled = !writable;
  $('canned-open').disabled = !writable;
  $('conv-transfer').disabled = !writable;
  $('conv-appointment').disabled = !writable;
  $('conv-forward').disabled = !writable;
  $('conv-close').disabled = !writable;
  if (!writable) closeCanned();
}

/** "reply" or "note". */
export function replyMode() {
  return document.querySelector('input[name="reply-mode"]:checked').value;
}

/** Switches between answering the citizen and writing an internal note, and focuses the box. */
export function setReplyMode(mode) {
  document.querySelector(`input[name="reply-mode"][value="${mode}"]`).checked = true;
  $('reply-form').dataset.mode = mode;
  $('reply-input').placeholder = t(mode === 'note' ? 'composer.placeholderNote' : 'composer.placeholderReply');
  if (!$('reply-input').disabled) $('reply-input').focus();
}

async function onSubmit(event) {
  event.preventDefault();
  const conv = state.current;
  const input = $('reply-input');
  const text = input.value.trim();
  if (!conv || !text || !canWrite()) return;
  const internal = replyMode() === 'note';
  $('reply-send').disabled = true;
  try {
    await api('POST', conversationPath(conv.id, '/messages'), internal ? { text, internal: true } : { text });
    if (state.current === conv) input.value = '';
    if (internal) setReplyMode('reply'); // a note is a one-off; the next line goes to the citizen again
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) notice(t('composer.notMine'));
    else if (err instanceof ApiError && err.status === 413) notice(t('composer.tooLong'));
    else if (!(err instanceof ApiError && err.status === 401)) notice(t('composer.failed'));
  } finally {
    $('reply-send').disabled = !canWrite();
    input.focus();
  }
}

function onKeydown(event) {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    $('reply-form').requestSubmit();
  } else if (event.key === 'Escape') {
    event.target.blur();
  } else if (event.key === '/' && !event.target.value) {
    event.preventDefault();
    openCanned();
  }
}

function onInput() {
  const now = Date.now();
  if (!state.current || replyMode() === 'note' || !$('reply-input').value.trim() || now - lastTyping < TYPING_EVERY_MS) return;
  lastTyping = now;
  if (link) link.send({ type: 'typing', id: state.current.id });
}

// ---------------------------------------------------------------- canned answers

/** Loads the canned answers once per session. */
export async function loadCanned() {
  try {
    const data = await api('GET', '/canned');
    canned = Array.isArray(data?.canned) ? data.canned : [];
  } catch (_) {
    canned = [];
  }
}

const pick = (text, locale) => (text && (text[locale] || text.en || text.fr)) || '';

/** The canned answer as inserted: its text in the conversation's language, then its links. */
function render(entry, locale) {
  const links = (entry.links || []).map((l) => `${pick(l.label, locale)} : ${l.url}`);
  return [pick(entry.text, locale), ...links].join('\n');
}

/** Opens the search over canned answers. */
export function openCanned() {
  if (!canWrite()) return;
  $('canned').hidden = false;
  $('canned-search').value = '';
  filter();
  $('canned-search').focus();
}

function closeCanned(refocus) {
  if ($('canned').hidden) return;
  $('canned').hidden = true;
  if (refocus) $('reply-input').focus();
}

function filter() {
  const locale = state.current?.info?.locale || 'fr';
  const words = $('canned-search')
    .value.toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/\s+/)
    .filter(Boolean);
  // Only the answers written in the conversation's language, grouped by category (none last).
  const lang = locale.split('-')[0];
  filtered = canned
    .filter((c) => !c.languages || c.languages.includes(lang))
    .filter((c) => {
      const hay = `${c.id} ${c.category || ''} ${render(c, locale)}`
        .toLowerCase()
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '');
      return words.every((w) => hay.includes(w));
    })
    .sort((a, b) => (a.category ? (b.category ? a.category.localeCompare(b.category, 'fr') : -1) : b.category ? 1 : 0));
  selected = 0;
  const list = $('canned-list');
  list.textContent = '';
  filtered.forEach((entry, i) => {
    if (i === 0 || entry.category !== filtered[i - 1].category) {
      // A category is the editors' word (content, written once for every agent); only "Other" is the console's.
      const group = el('li', entry.category ? 'canned-group canned-category' : 'canned-group', entry.category || t('canned.other'));
      group.setAttribute('role', 'presentation');
      list.append(group);
    }
    const li = el('li', 'canned-item');
    li.setAttribute('role', 'option');
    li.id = `canned-${i}`;
    li.append(el('span', 'canned-id', entry.id), el('span', 'canned-text', render(entry, locale)));
    li.addEventListener('mousedown', (e) => {
      e.preventDefault();
      insert(i);
    });
    list.append(li);
  });
  if (!filtered.length)
    list.append(el('li', 'empty', canned.some((c) => !c.languages || c.languages.includes(lang)) ? t('canned.none') : t('canned.noneInLanguage', { lang })));
  highlight();
}

function highlight() {
  const items = $('canned-list').querySelectorAll('.canned-item');
  items.forEach((li, i) => {
    li.setAttribute('aria-selected', String(i === selected));
  });
  if (items[selected]) {
    items[selected].scrollIntoView({ block: 'nearest' });
    $('canned-search').setAttribute('aria-activedescendant', items[selected].id);
  }
}

async function insert(index) {
  const entry = filtered[index];
  if (!entry) return;
  const locale = state.current?.info?.locale || 'fr';
  const input = $('reply-input');
  closeCanned(true);
  // The hub fills the variables ({{agent}}, {{station}}, {{code}}); the local text if it cannot answer.
  let text = render(entry, locale);
  try {
    const filled = await api('POST', conversationPath(state.current.id, `/canned/${encodeURIComponent(entry.id)}`));
    text = [filled.text, ...filled.links.map((l) => `${l.label} : ${l.url}`)].join('\n');
    if (filled.missing.length) notice(t('canned.missing', { names: filled.missing.map((n) => `{{${n}}}`).join(', ') }), 'info');
  } catch (_) {
    /* keep the local text */
  }
  const before = input.value.slice(0, input.selectionStart);
  const after = input.value.slice(input.selectionEnd);
  input.value = before + (before && !before.endsWith('\n') ? '\n' : '') + text + after;
}

function onCannedKeydown(event) {
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    if (!filtered.length) return;
    selected = (selected + (event.key === 'ArrowDown' ? 1 : -1) + filtered.length) % filtered.length;
    highlight();
  } else if (event.key === 'Enter') {
    event.preventDefault();
    insert(selected);
  } else if (event.key === 'Escape') {
    event.preventDefault();
    closeCanned(true);
  }
}

/** Wires the reply box and the canned picker. */
export function bindComposer() {
  $('reply-form').addEventListener('submit', onSubmit);
  $('reply-input').addEventListener('keydown', onKeydown);
  $('reply-input').addEventListener('input', onInput);
  for (const radio of document.querySelectorAll('input[name="reply-mode"]')) radio.addEventListener('change', () => setReplyMode(radio.value));
  $('canned-open').addEventListener('click', openCanned);
  $('canned-search').addEventListener('input', filter);
  $('canned-search').addEventListener('keydown', onCannedKeydown);
  $('canned-search').addEventListener('blur', () => setTimeout(() => closeCanned(false), 150));
}
