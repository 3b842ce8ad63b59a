// @ts-check
// The widget's own words in French and English, and the choice of language for this page.

const FR = {
  pageTitle: 'Relais — Contacter la police ou la gendarmerie',
  brandSub: 'Police nationale · Gendarmerie nationale',
  newChat: 'Nouvelle conversation',
  endChat: 'Terminer la conversation',
  helpLink: 'Aide / questions fréquentes',
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
  serviceRegion: 'Disponibilité des agents et annonces',
  agentsOnline: 'Agents en ligne : une demande transmise est lue maintenant.',
  agentsAway: 'Agents absents. Retour prévu :',
  agentsAwayLater: 'Agents absents pour le moment.',
  afterHoursHint: "L'assistant répond quand même, et votre demande sera lue à leur retour.",
  resumeOpen: "J'ai un code de suivi",
  resumeLabel: 'Code de suivi reçu dans une conversation précédente',
  resumeSubmit: 'Reprendre',
  resumeCancel: 'Annuler',
  resumeUnknown: 'Code inconnu. Vérifiez-le et réessayez.',
  resumeTooMany: 'Trop d’essais : réessayez dans une minute.',
  resumeFailed: 'Reprise impossible pour le moment. Réessayez dans un instant.',
  resumed: 'Conversation reprise.',
  quickExit: 'Quitter et effacer',
  quickExitHint: 'Efface cette conversation et quitte la page aussitôt. Raccourci : appuyez deux fois sur Échap.',
  contactOffer: 'Vous ne pouvez pas attendre ?',
  contactOpen: 'Écrire un message',
  contactTitle: 'Écrire un message',
  contactIntro:
    "Un policier ou un gendarme lira votre message et vous répondra dès que possible. Ce n'est pas un numéro d'urgence : en cas de danger, appelez le 17 ou le 112.",
  contactTextLabel: 'Votre message',
  contactEmailLabel: 'Votre adresse e-mail (facultatif)',
  contactEmailHint: 'Seulement pour vous envoyer la réponse ; elle est effacée avec la conversation.',
  contactCancel: 'Annuler',
  contactSend: 'Envoyer',
  contactSending: 'Envoi…',
  contactDoneTitle: 'Message transmis',
  contactDone: 'Votre message a été transmis. Un policier ou un gendarme vous répondra dès que possible.',
  contactDoneEmail: 'La réponse vous sera aussi envoyée par e-mail.',
  contactUrgent: 'Votre message décrit peut-être un danger. Si vous êtes en danger maintenant, appelez le 17 ou le 112.',
  contactCodeLabel: 'Votre code de suivi (notez-le, il ne sera plus affiché) :',
  contactClose: 'Fermer',
  contactEmpty: 'Écrivez votre message.',
  contactBadEmail: "Cette adresse e-mail n'est pas valide.",
  contactTooLong: 'Message trop long (4000 caractères au plus).',
  contactFailed: "Le message n'a pas pu être envoyé. Réessayez dans un instant. En cas d'urgence, appelez le 17 ou le 112.",
};

/** @typedef {keyof typeof FR} StringKey */

/** @type {Record<StringKey, string>} */
const EN = {
  pageTitle: 'Relais — Contact the police or gendarmerie',
  brandSub: 'French National Police · Gendarmerie',
  newChat: 'New conversation',
  endChat: 'End the conversation',
  helpLink: 'Help / FAQ',
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
  serviceRegion: 'Officers availability and announcements',
  agentsOnline: 'Officers online: a request passed on is read now.',
  agentsAway: 'Officers away. Back:',
  agentsAwayLater: 'Officers away for now.',
  afterHoursHint: 'The assistant still answers, and your request will be read when they are back.',
  resumeOpen: 'I have a follow-up code',
  resumeLabel: 'Follow-up code from an earlier conversation',
  resumeSubmit: 'Resume',
  resumeCancel: 'Cancel',
  resumeUnknown: 'Unknown code. Check it and try again.',
  resumeTooMany: 'Too many attempts: try again in a minute.',
  resumeFailed: 'The conversation cannot be resumed right now. Try again in a moment.',
  resumed: 'Conversation resumed.',
  quickExit: 'Leave and erase',
  quickExitHint: 'Erases this conversation and leaves the page at once. Shortcut: press Escape twice.',
  contactOffer: 'Cannot wait?',
  contactOpen: 'Write a message',
  contactTitle: 'Write a message',
  contactIntro:
    'A police officer or gendarme will read your message and answer as soon as possible. This is not an emergency line: if you are in danger, call 17 or 112.',
  contactTextLabel: 'Your message',
  contactEmailLabel: 'Your e-mail address (optional)',
  contactEmailHint: 'Only to send you the answer; it is erased with the conversation.',
  contactCancel: 'Cancel',
  contactSend: 'Send',
  contactSending: 'Sending…',
  contactDoneTitle: 'Message sent',
  contactDone: 'Your message has been passed on. A police officer or gendarme will answer as soon as possible.',
  contactDoneEmail: 'The answer will also be sent to you by e-mail.',
  contactUrgent: 'Your message may describe a danger. If you are in danger now, call 17 or 112.',
  contactCodeLabel: 'Your follow-up code (write it down, it will not be shown again):',
  contactClose: 'Close',
  contactEmpty: 'Please write your message.',
  contactBadEmail: 'This e-mail address is not valid.',
  contactTooLong: 'Message too long (4000 characters at most).',
  contactFailed: 'The message could not be sent. Please try again in a moment. In an emergency, call 17 or 112.',
};

const STRINGS = { fr: FR, en: EN };

/** French unless the browser asks for something else (then English); `?lang=` overrides. */
function pickLocale() {
  let wanted = '';
  try {
    wanted = new URLSearchParams(location.search).get('lang') || '';
  } catch (_) {
    /* old browser */
  }
  const raw = (wanted || navigator.language || 'fr').toLowerCase();
  return raw.startsWith('fr') ? 'fr' : 'en';
}

/** The page's language. */
export const locale = pickLocale();

/** The language to ask the help centre for: `?lang=` or the browser's (the help centre falls back itself). */
function helpLanguage() {
  let wanted = '';
  try {
    wanted = new URLSearchParams(location.search).get('lang') || '';
  } catch (_) {
    /* old browser */
  }
  const raw = (wanted || navigator.language || locale).toLowerCase().split('-')[0];
  return /^[a-z]{2,3}$/.test(raw) ? raw : locale;
}

/**
 * The words for `key` in the page's language (French when English lacks them, the key itself as a last resort).
 * @param {StringKey} key
 */
export function t(key) {
  return STRINGS[locale][key] ?? STRINGS.fr[key] ?? key;
}

/** Translates the page's fixed texts (marked with data-i18n attributes) when it is not shown in French. */
export function applyI18n() {
  document.documentElement.lang = locale;
  document.title = t('pageTitle');
  // The help centre in the page's language (it offers more languages than the widget: the browser's may be one).
  const help = document.getElementById('help-link');
  if (help) help.setAttribute('href', `/aide?lang=${encodeURIComponent(helpLanguage())}`);
  if (locale === 'fr') return; // the page is written in French
  /** Elements carrying a `data-*` attribute, whose value is a string key. @param {string} selector */
  const marked = (selector) => /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll(selector));
  /** @param {string | undefined} key */
  const text = (key) => t(/** @type {StringKey} */ (key));
  for (const el of marked('[data-i18n]')) el.textContent = text(el.dataset.i18n);
  for (const el of marked('[data-i18n-aria-label]')) el.setAttribute('aria-label', text(el.dataset.i18nAriaLabel));
  for (const el of marked('[data-i18n-placeholder]')) el.setAttribute('placeholder', text(el.dataset.i18nPlaceholder));
}
