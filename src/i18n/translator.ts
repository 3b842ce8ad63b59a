/** Machine translation through a LibreTranslate-compatible server (TRANSLATE_URL), so an agent
 * writing French and a citizen writing another language understand each other. Best effort:
 * a slow or failing server never holds up or loses a message, it only leaves it untranslated. */

/** Translates text between two languages; undefined when it cannot (off, down, same language). */
export interface Translator {
  translate(text: string, source: string, target: string): Promise<string | undefined>;
}

/** No translation server configured. */
export const NO_TRANSLATION: Translator = { translate: async () => undefined };

/** A client for `POST {url}/translate {q, source, target, format}` → `{translatedText}`. */
export function createTranslator(url: string | undefined, options: { timeoutMs?: number; apiKey?: string } = {}): Translator {
  if (!url) return NO_TRANSLATION;
  const endpoint = `${url.replace(/\/+$/, '')}/translate`;
  return {
    async translate(text, source, target) {
      if (!text.trim() || source === target) return undefined;
      try {
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ q: text, source, target, format: 'text', ...(options.apiKey ? { api_key: options.apiKey } : {}) }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
        });
        if (!res.ok) return undefined;
        const body = (await res.json()) as { translatedText?: unknown };
        return typeof body.translatedText === 'string' && body.translatedText.trim() ? body.translatedText : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Both directions of a translated conversation, in one place: agents write in `agentLocale`. */
export class ConversationTranslation {
  constructor(
    private readonly translator: Translator,
    private readonly agentLocale = 'fr',
  ) {}

  /** An agent's words in the citizen's language, keeping what the agent wrote. */
  async forCitizen(citizenLocale: string, text: string): Promise<{ text: string; original?: { text: string; locale: string } }> {
    const translated = await this.translator.translate(text, this.agentLocale, citizenLocale);
    return translated ? { text: translated, original: { text, locale: this.agentLocale } } : { text };
  }

  /** A citizen's words in the agents' language, as the text of an internal note; undefined when not needed. */
  async forAgents(citizenLocale: string, text: string): Promise<string | undefined> {
    if (!text || citizenLocale === this.agentLocale) return undefined;
    const translated = await this.translator.translate(text, citizenLocale, this.agentLocale);
    return translated ? `[${citizenLocale} → ${this.agentLocale}] ${translated}` : undefined;
  }
}
