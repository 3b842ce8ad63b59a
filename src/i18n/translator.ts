/** Machine translation through a LibreTranslate-compatible server (TRANSLATE_URL), so an agent
 * writing French and a citizen writing another language understand each other, and a citizen
 * writing a language the content is not written in reads the bot in theirs. Best effort: a slow
 * or failing server never holds up or loses a message, it only leaves it untranslated. */
import { type Clock, systemClock } from '../core/clock.js';

/** What the server's `/detect` answers for a text (confidence 0-100). */
export interface Detection {
  language: string;
  confidence: number;
}

/** Translates text between two languages; undefined when it cannot (off, down, slow, same language). */
export interface Translator {
  translate(text: string, source: string, target: string): Promise<string | undefined>;
  /** The text's language as the server reads it; undefined when it cannot tell. */
  detect(text: string): Promise<Detection | undefined>;
  /** The languages the server translates; undefined when the list cannot be had (off or down). */
  languages(): Promise<ReadonlySet<string> | undefined>;
}

/** No translation server configured. */
export const NO_TRANSLATION: Translator = { translate: async () => undefined, detect: async () => undefined, languages: async () => undefined };

/** How the client talks to the server. */
export interface TranslatorOptions {
  /** One request's limit, on the clock (default 3 s). */
  timeoutMs?: number;
  apiKey?: string;
  /** After a timeout or a refused connection, the server is left alone this long (default 30 s):
   * a dead server then costs nothing instead of a timeout per message. */
  pauseMs?: number;
  /** How long the `/languages` list is kept (default 1 h). */
  languagesTtlMs?: number;
  clock?: Clock;
}

/** A client for the LibreTranslate API: `POST /translate {q, source, target, format}` → `{translatedText}`,
 * `POST /detect {q}` → `[{language, confidence}]`, `GET /languages` → `[{code, name, targets}]`. */
export function createTranslator(url: string | undefined, options: TranslatorOptions = {}): Translator {
  if (!url) return NO_TRANSLATION;
  const base = url.replace(/\/+$/, '');
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 3000;
  const pauseMs = options.pauseMs ?? 30_000;
  let pausedUntil = 0;
  let languages: { codes: ReadonlySet<string>; until: number } | undefined;

  /** One call, bounded by the clock; undefined on any failure. */
  async function call(path: string, body?: Record<string, unknown>): Promise<unknown> {
    if (clock.now() < pausedUntil) return undefined;
    const abort = new AbortController();
    const timer = clock.setTimeout(() => abort.abort(), timeoutMs);
    try {
      const res = await fetch(`${base}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify({ ...body, ...(options.apiKey ? { api_key: options.apiKey } : {}) }) : undefined,
        signal: abort.signal,
      });
      if (!res.ok) return undefined;
      return await res.json();
    } catch {
      // Slow or unreachable (not a bad answer): give it a rest.
      pausedUntil = clock.now() + pauseMs;
      return undefined;
    } finally {
      clock.clearTimeout(timer);
    }
  }

  return {
    async translate(text, source, target) {
      if (!text.trim() || source === target) return undefined;
      const body = (await call('/translate', { q: text, source, target, format: 'text' })) as { translatedText?: unknown } | undefined;
      return typeof body?.translatedText === 'string' && body.translatedText.trim() ? body.translatedText : undefined;
    },
    async detect(text) {
      if (!text.trim()) return undefined;
      const body = await call('/detect', { q: text });
      const best = Array.isArray(body) ? (body[0] as Partial<Detection> | undefined) : undefined;
      return typeof best?.language === 'string' && typeof best.confidence === 'number' ? { language: best.language, confidence: best.confidence } : undefined;
    },
    async languages() {
      if (languages && clock.now() < languages.until) return languages.codes;
      const body = await call('/languages');
      if (!Array.isArray(body)) return languages?.codes; // a stale list beats none
      const codes = new Set(body.map((l: { code?: unknown }) => l?.code).filter((c): c is string => typeof c === 'string'));
      languages = { codes, until: clock.now() + (options.languagesTtlMs ?? 3_600_000) };
      return codes;
    },
  };
}

/** The citizen's words in the agents' language, for agents only. */
export class ConversationTranslation {
  constructor(
    private readonly translator: Translator,
    readonly agentLocale = 'fr',
  ) {}

  /** True when a server is configured. */
  get enabled(): boolean {
    return this.translator !== NO_TRANSLATION;
  }

  /** A citizen's words in the agents' language; undefined when not needed or not possible. */
  async toAgents(citizenLocale: string, text: string): Promise<string | undefined> {
    if (!text || citizenLocale === this.agentLocale) return undefined;
    return this.translator.translate(text, citizenLocale, this.agentLocale);
  }

  /** A citizen's words in the agents' language, as the text of an internal note; undefined when not needed. */
  async forAgents(citizenLocale: string, text: string): Promise<string | undefined> {
    const translated = await this.toAgents(citizenLocale, text);
    return translated ? noteText(citizenLocale, this.agentLocale, translated) : undefined;
  }
}

/** The internal note that carries a citizen message's translation: "[tr → fr] …". */
export function noteText(from: string, to: string, translated: string): string {
  return `[${from} → ${to}] ${translated}`;
}
