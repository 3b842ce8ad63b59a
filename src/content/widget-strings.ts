/** The web chat's own words (flows/widget.yaml): buttons, banners, errors, the privacy notice. The
 * page fetches them for its language (GET /api/v1/widget-strings); every key the page asks for must be
 * there, in each of the seven complete languages. */
import type { LocalizedText } from './types.js';
import { isMapping, readLocalizedText } from './validate.js';
import type { YamlFile } from './yaml-file.js';

/** The widget's strings file. */
export const WIDGET_FILE = 'flows/widget.yaml';

/** Every key the page's JavaScript and HTML ask for (test/web/widget-strings.test.ts checks the page uses no other). */
export const WIDGET_STRING_KEYS = [
  'languageLabel',
  'easyRead',
  'pageTitle',
  'brandSub',
  'newChat',
  'endChat',
  'helpLink',
  'urgencyRegion',
  'urgencyLead',
  'urgencyCall',
  'urgencyOr',
  'samu',
  'fire',
  'deaf',
  'bySms',
  'call17',
  'call112',
  'call15',
  'call18',
  'sms114',
  'chatTitle',
  'messagesLabel',
  'agentTyping',
  'inputLabel',
  'inputPlaceholder',
  'inputHint',
  'send',
  'privacy',
  'you',
  'bot',
  'agent',
  'system',
  'urgent',
  'choicesLabel',
  'linksLabel',
  'showOriginal',
  'hideOriginal',
  'connecting',
  'reconnecting',
  'degraded',
  'unreachable',
  'sending',
  'waiting',
  'notSent',
  'tooLong',
  'retry',
  'confirmEnd',
  'endFailed',
  'ended',
  'restarted',
  'serviceRegion',
  'agentsOnline',
  'agentsAway',
  'agentsAwayLater',
  'afterHoursHint',
  'resumeOpen',
  'resumeLabel',
  'resumeSubmit',
  'resumeCancel',
  'resumeUnknown',
  'resumeTooMany',
  'resumeFailed',
  'resumed',
  'quickExit',
  'footerLabel',
  'footerLegal',
  'footerPrivacy',
  'footerAccessibility',
  'quickExitHint',
  'contactOffer',
  'contactOpen',
  'contactTitle',
  'contactIntro',
  'contactTextLabel',
  'contactEmailLabel',
  'contactEmailHint',
  'contactCancel',
  'contactSend',
  'contactSending',
  'contactDoneTitle',
  'contactDone',
  'contactDoneEmail',
  'contactUrgent',
  'contactCodeLabel',
  'contactClose',
  'contactEmpty',
  'contactBadEmail',
  'contactTooLong',
  'contactFailed',
] as const;

/** A key of the widget's strings. */
export type WidgetStringKey = (typeof WIDGET_STRING_KEYS)[number];

/** Reads flows/widget.yaml: each key in every one of `locales`; a key the page needs and the file lacks is a problem. */
export function readWidgetStrings(file: YamlFile, value: Record<string, unknown>, locales: readonly string[]): Record<string, LocalizedText> {
  const strings: Record<string, LocalizedText> = {};
  const known = new Set<string>(WIDGET_STRING_KEYS);
  for (const [key, raw] of Object.entries(value)) {
    if (!known.has(key)) {
      file.problem([key], `"${key}" is not a string the web chat uses (a misspelt key?)`);
      continue;
    }
    if (!isMapping(raw)) {
      file.problem([key], `"${key}" must give the text per language (fr: ..., en: ..., es: ...)`);
      continue;
    }
    const text = readLocalizedText(file, [key], raw, locales);
    if (text) strings[key] = text;
  }
  for (const key of WIDGET_STRING_KEYS) {
    if (!(key in value)) file.problem([], `the web chat's string "${key}" is missing`);
  }
  return strings;
}
