/** What the hand-off says to citizens. Editors may reword any of these in flows/phrases.yaml
 * (same keys); until they do, these defaults speak. */
import type { Phrases } from '../i18n/phrases.js';
import { baseLocale } from '../i18n/phrases.js';

const DEFAULTS: Record<string, Record<string, string>> = {
  queue_wait: {
    fr: 'Attente estimée : environ {{minutes}} min.',
    en: 'Estimated wait: about {{minutes}} min.',
  },
  queue_moved: {
    fr: 'Vous êtes maintenant en position {{position}} dans la file d\'attente. Attente estimée : environ {{minutes}} min.',
    en: 'You are now number {{position}} in the queue. Estimated wait: about {{minutes}} min.',
  },
  agent_transferred: {
    fr: 'Votre conversation est confiée à un autre agent, qui a tout l\'historique sous les yeux.',
    en: 'Your conversation is being handed to another officer, who can see everything said so far.',
  },
  agent_requeued: {
    fr: 'Votre demande est remise en file d\'attente : un autre agent va vous répondre ici. En cas d\'urgence, appelez le 17 ou le 112.',
    en: 'Your request is back in the queue: another officer will answer you here. In an emergency, call 17 or 112.',
  },
  citizen_idle_closed: {
    fr: 'Sans nouvelles de votre part, nous clôturons cette conversation. Vous pouvez nous réécrire à tout moment ; en cas d\'urgence, appelez le 17 ou le 112.',
    en: 'As we have not heard from you, we are closing this conversation. You can write to us again at any time; in an emergency, call 17 or 112.',
  },
};

/** A phrase from the content when an editor wrote it, else the default above; `{{name}}` filled in. */
export function handoffPhrase(phrases: Phrases, key: keyof typeof DEFAULTS | string, locale: string, vars: Record<string, string | number> = {}): string {
  const fromContent = phrases.t(key, locale, vars);
  if (fromContent && fromContent !== key) return fromContent; // i18next answers the key itself when it has none
  const table = DEFAULTS[key] ?? {};
  const text = table[baseLocale(locale)] ?? table.en ?? table.fr ?? key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? ''));
}
