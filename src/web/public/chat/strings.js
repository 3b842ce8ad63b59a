// @ts-check
// The widget's own words, in the page's language: fetched from the hub (flows/widget.yaml, served by
// GET /api/v1/widget-strings, cached by the browser), applied to the marked elements, and switched at
// once when the citizen picks another language. The page itself is written in French.

/** The seven complete languages (the hub's SUPPORTED_LOCALES). */
const SUPPORTED = ['fr', 'en', 'es', 'ar', 'de', 'pt', 'it'];
const CHOICE_KEY = 'relais.locale';
const RETRY_MS = 5000;

/**
 * The words a page needs before the hub has answered once (the hub is unreachable): French, like the page.
 * Every other key is asked for only once a conversation is open, hence after the hub gave its strings.
 * @type {Record<string, string>}
 */
const OFFLINE = {
  connecting: 'Connexion…',
  reconnecting: 'Reconnexion…',
  unreachable: 'Service momentanément injoignable, nouvel essai en cours… En cas d’urgence, appelez le 17 ou le 112.',
  waiting: 'En attente de connexion…',
  sending: 'Envoi…',
  notSent: 'Message non envoyé.',
  retry: 'Réessayer',
};

/** @typedef {{ code: string, name: string, dir: 'ltr' | 'rtl' }} Language */

/** The words in force, by key. @type {Record<string, string>} */
let strings = {};
/** The languages offered, each in its own name (from the hub). @type {Language[]} */
let offered = [];
let retryTimer = 0;

/** The base language of a tag when it is one of the seven. @param {string | null | undefined} tag */
function supported(tag) {
  const base = String(tag || '')
    .toLowerCase()
    .split(/[-_]/)[0];
  return SUPPORTED.includes(base) ? base : '';
}

/** `?lang=`, else the language chosen earlier in this tab, else the browser's first supported one, else English. */
function pickLocale() {
  let wanted = '';
  try {
    wanted = supported(new URLSearchParams(location.search).get('lang')) || supported(sessionStorage.getItem(CHOICE_KEY));
  } catch (_) {
    /* old browser or storage disabled */
  }
  if (wanted) return wanted;
  for (const tag of navigator.languages || [navigator.language]) {
    const base = supported(tag);
    if (base) return base;
  }
  return 'en'; // a browser in none of the seven: English is read by more visitors than French
}

/** The page's language (a live binding: it changes when the citizen picks another one). */
export let locale = pickLocale();

/** The language to ask the help centre for: `?lang=` or the browser's (the help centre falls back itself). */
function helpLanguage() {
  let wanted = '';
  try {
    wanted = new URLSearchParams(location.search).get('lang') || '';
  } catch (_) {
    /* old browser */
  }
  const raw = (wanted || locale).toLowerCase().split('-')[0];
  return /^[a-z]{2,3}$/.test(raw) ? raw : locale;
}

/**
 * The words for `key` in the page's language.
 * @param {string} key
 */
export function t(key) {
  return strings[key] ?? OFFLINE[key] ?? key;
}

/** The languages the "Langue / Language" control offers (empty until the hub answered). */
export function languages() {
  return offered;
}

/**
 * Fetches the words of `wanted` from the hub and makes it the page's language; false when the hub did not answer.
 * @param {string} wanted
 */
export async function loadStrings(wanted) {
  try {
    const res = await fetch(`/api/v1/widget-strings?locale=${encodeURIComponent(wanted)}`);
    if (!res.ok) return false;
    const body = await res.json();
    if (!body || typeof body.strings !== 'object') return false;
    strings = body.strings;
    offered = Array.isArray(body.languages) ? body.languages : [];
    locale = supported(body.locale) || wanted;
    return true;
  } catch (_) {
    return false;
  }
}

/** Remembers the citizen's choice for this tab (the quick exit empties it with the rest). @param {string} code */
export function rememberChoice(code) {
  try {
    sessionStorage.setItem(CHOICE_KEY, code);
  } catch (_) {
    /* private mode */
  }
}

/**
 * Loads the page's words; while the hub does not answer, the page stays in French and asks again
 * now and then, calling `loaded` once it has them.
 * @param {() => void} loaded
 */
export async function startStrings(loaded) {
  clearTimeout(retryTimer);
  if (await loadStrings(locale)) return loaded();
  retryTimer = window.setTimeout(() => void startStrings(loaded), RETRY_MS);
}

/** Shows the page in the current language: its direction, title and every marked text. */
export function applyI18n() {
  const root = document.documentElement;
  const dir = offered.find((l) => l.code === locale)?.dir ?? (locale === 'ar' ? 'rtl' : 'ltr');
  root.lang = locale;
  root.dir = dir;
  if (strings.pageTitle) document.title = strings.pageTitle;
  // The help centre in the page's language (it offers more languages than the widget: the browser's may be one).
  const help = document.getElementById('help-link');
  if (help) help.setAttribute('href', `/aide?lang=${encodeURIComponent(helpLanguage())}`);
  // The legal pages likewise (the hub shows a language they are not written in in English, then French).
  for (const link of /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll('a.legal-link'))) {
    link.setAttribute('href', `${link.pathname}?lang=${encodeURIComponent(helpLanguage())}`);
  }
  if (!Object.keys(strings).length) return; // the hub has not answered: the page's French stays
  /** Elements carrying a `data-*` attribute, whose value is a string key. @param {string} selector */
  const marked = (selector) => /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll(selector));
  for (const el of marked('[data-i18n]')) el.textContent = t(el.dataset.i18n || '');
  for (const el of marked('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel || ''));
  for (const el of marked('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder || ''));
}
