// @ts-check
// Builds the elements of one message: its bubble, links and choice buttons (every piece of text through textContent).
import { locale, t } from './strings.js';
import { conversation } from './session.js';

/** @typedef {import('./frames.js').ChatMessage} ChatMessage */
/** @typedef {NonNullable<ChatMessage['choices']>} Choices */
/** @typedef {NonNullable<ChatMessage['links']>} Links */

/** @param {unknown} url */
function isSafeUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url);
}

/** @param {string} at */
function formatTime(at) {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '';
  // Latin digits in Arabic too, the same as the emergency numbers in the texts.
  return date.toLocaleTimeString(locale === 'ar' ? 'ar-u-nu-latn' : locale, { hour: '2-digit', minute: '2-digit' });
}

/**
 * Builds the element for one message; every piece of text goes through textContent.
 * @param {ChatMessage['from']} from
 * @param {string} text
 * @param {{ urgent?: boolean, links?: Links, at?: string, author?: string, original?: ChatMessage['original'] }} [options]
 */
export function buildMessage(from, text, options) {
  const opts = options || {};
  const el = document.createElement('div');
  el.className = `msg msg--${from}${opts.urgent ? ' msg--urgent' : ''}`;
  el.dataset.from = from;
  if (opts.urgent) el.setAttribute('role', 'alert');

  const meta = document.createElement('p');
  meta.className = `msg-meta${from === 'citizen' ? ' visually-hidden' : ''}`;
  const author = document.createElement('span');
  author.className = 'msg-author';
  // An agent's display name ("Gendarme Julie") when the hub gives one, so a transfer shows who writes.
  author.textContent = from === 'citizen' ? t('you') : from === 'agent' && opts.author ? opts.author : t(from);
  meta.append(author);
  if (opts.urgent) meta.append(Object.assign(document.createElement('span'), { className: 'msg-badge', textContent: t('urgent') }));
  const time = opts.at ? formatTime(opts.at) : '';
  if (time) {
    const timeEl = document.createElement('time');
    timeEl.dateTime = new Date(/** @type {string} */ (opts.at)).toISOString();
    timeEl.textContent = time;
    meta.append(timeEl);
  }
  el.append(meta);

  const bubble = document.createElement('div');
  bubble.className = 'msg-bubble';
  const body = document.createElement('p');
  body.className = 'msg-text';
  body.dir = 'auto'; // a French message in an Arabic page (or the reverse) keeps its own direction
  body.textContent = text;
  bubble.append(body);
  if (Array.isArray(opts.links) && opts.links.length) bubble.append(buildLinks(opts.links));
  if (opts.original) bubble.append(...buildOriginal(opts.original));
  el.append(bubble);
  return el;
}

let originals = 0;

/** The original of a machine-translated message, on demand: a button that shows and hides it.
 * @param {NonNullable<ChatMessage['original']>} original */
function buildOriginal(original) {
  const text = document.createElement('p');
  text.className = 'msg-original';
  text.id = `original-${++originals}`;
  text.lang = original.locale;
  text.dir = 'auto';
  text.hidden = true;
  text.textContent = original.text;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'msg-original-toggle';
  button.setAttribute('aria-controls', text.id);
  button.setAttribute('aria-expanded', 'false');
  // The key in force rides on data-i18n, so a change of language relabels the button too.
  const show = (/** @type {boolean} */ shown) => {
    text.hidden = !shown;
    button.setAttribute('aria-expanded', String(shown));
    button.dataset.i18n = shown ? 'hideOriginal' : 'showOriginal';
    button.textContent = t(button.dataset.i18n);
  };
  show(false);
  button.addEventListener('click', () => show(text.hidden));
  return [button, text];
}

/** The hub's own calendar file of the followed conversation (an appointment's .ics), as a download
 * link carrying the citizen's token; null for any other URL. @param {unknown} url */
function calendarUrl(url) {
  const session = conversation.session;
  if (typeof url !== 'string' || !session || url !== `/api/v1/conversations/${session.id}/appointment.ics`) return null;
  return `${url}?token=${encodeURIComponent(session.token)}`;
}

/** @param {Links} links */
function buildLinks(links) {
  const list = document.createElement('ul');
  list.className = 'msg-links';
  list.setAttribute('aria-label', t('linksLabel'));
  for (const link of links) {
    if (!link || typeof link.label !== 'string') continue;
    const item = document.createElement('li');
    const calendar = calendarUrl(link.url);
    if (calendar) {
      const a = document.createElement('a');
      a.href = calendar;
      a.download = 'rendez-vous.ics';
      a.textContent = link.label;
      item.append(a);
    } else if (isSafeUrl(link.url)) {
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

/** The buttons of a message's choices. @param {Choices} choices */
export function buildChoices(choices) {
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
