/*
 * Relais console — its own words for agents, in French and English, through i18next (served by the
 * hub at /console/vendor/i18next.js). The language: `?lang=`, else the browser's (French unless it
 * asks for English). Citizens' words never come here: they are content (flows/, knowledge/).
 */
import i18next from '/console/vendor/i18next.js';

const RESOURCES = {
  fr: {
    translation: {
      author: { citizen: 'Citoyen', bot: 'Assistant', agent: 'Agent', system: 'Système' },
      internalNote: 'Note interne',
      urgentBadge: 'URGENT',
      attachment: '[pièce jointe : {{type}}, non conservée]',
      tappedChoice: '[choix : {{id}}]',
      offeredChoices: 'Choix proposés : {{labels}}',
    },
  },
  en: {
    translation: {
      author: { citizen: 'Citizen', bot: 'Assistant', agent: 'Officer', system: 'System' },
      internalNote: 'Internal note',
      urgentBadge: 'URGENT',
      attachment: '[attachment: {{type}}, not kept]',
      tappedChoice: '[choice: {{id}}]',
      offeredChoices: 'Choices offered: {{labels}}',
    },
  },
};

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
