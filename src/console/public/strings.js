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
      canned: {
        other: 'Autres',
        noneInLanguage: 'Aucune réponse type en « {{lang}} ».',
        missing: 'À compléter avant d’envoyer : {{names}}',
      },
      cannedEditor: {
        title: 'Modifier les réponses types',
        hint: 'Chaque réponse est proposée aux agents dans les conversations de ses langues. Variables : {{vars}}.',
        pick: 'Réponse',
        new: '+ Nouvelle réponse',
        id: 'Identifiant (lettres minuscules, chiffres, tirets)',
        category: 'Catégorie',
        text: 'Texte ({{lang}})',
        save: 'Enregistrer',
        delete: 'Supprimer',
        saving: 'Enregistrement…',
        saved: 'Enregistré : version {{version}} en service.',
        deleted: 'Supprimée : version {{version}} en service.',
        refused: 'Modification refusée, rien n’a changé. À corriger :',
        failed: 'Échec de l’enregistrement : {{message}}',
        offline: 'le serveur ne répond pas',
        conflict: 'Un collègue a modifié les réponses types entre-temps : elles sont rechargées, refaites votre modification.',
      },
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
      canned: {
        other: 'Other',
        noneInLanguage: 'No canned answer in "{{lang}}".',
        missing: 'To complete before sending: {{names}}',
      },
      cannedEditor: {
        title: 'Edit the canned answers',
        hint: 'Each answer is offered to agents in conversations in its languages. Variables: {{vars}}.',
        pick: 'Answer',
        new: '+ New answer',
        id: 'Id (lower-case letters, digits, dashes)',
        category: 'Category',
        text: 'Text ({{lang}})',
        save: 'Save',
        delete: 'Delete',
        saving: 'Saving…',
        saved: 'Saved: version {{version}} in force.',
        deleted: 'Deleted: version {{version}} in force.',
        refused: 'Change refused, nothing changed. To fix:',
        failed: 'Not saved: {{message}}',
        offline: 'the server does not answer',
        conflict: 'A colleague changed the canned answers meanwhile: they are reloaded, redo your change.',
      },
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
