/*
 * Relais console — its own words for agents, in French and English, through i18next (served by the
 * hub at /console/vendor/i18next.js). The language: `?lang=`, else the browser's (French unless it
 * asks for English). Citizens' words never come here: they are content (flows/, knowledge/).
 * The page's static words are marked in index.html: `data-i18n="key"` (text) and
 * `data-i18n-attr="attribute:key;..."` (aria-label, title, placeholder), filled by translatePage().
 */
import i18next from '/console/vendor/i18next.js';
import en from './strings-en.js';
import fr from './strings-fr.js';

const RESOURCES = { fr: { translation: fr }, en: { translation: en } };

function pickLanguage() {
  let wanted = '';
  try {
    wanted = new URLSearchParams(location.search).get('lang') || '';
  } catch (_) {
    /* old browser */
  }
  const raw = (wanted || navigator.language || 'fr').toLowerCase();
  return raw.startsWith('en') ? 'en' : 'fr';
}

const instance = i18next.createInstance();
// Synchronous: the resources are here, so the first render already has its words.
instance.init({ lng: pickLanguage(), fallbackLng: 'fr', resources: RESOURCES, initAsync: false, interpolation: { escapeValue: false } });
document.documentElement.lang = instance.language;

/** The console's words for `key` (i18next options: interpolation values). */
export function t(key, options) {
  return instance.t(key, options);
}

/** The console's language ("fr" or "en"), for dates and numbers too. */
export function language() {
  return instance.language === 'en' ? 'en' : 'fr';
}

/** Fills the marked static words of `root` (the whole page by default) in the console's language. */
export function translatePage(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.getAttribute('data-i18n') || '');
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of (node.getAttribute('data-i18n-attr') || '').split(';')) {
      const [attribute, key] = pair.split(':');
      if (attribute && key) node.setAttribute(attribute.trim(), t(key.trim()));
    }
  }
  document.title = t('app.title');
}
