/** A citizen who writes a language the content is not written in (the seven of SUPPORTED_LOCALES)
 * but the translation server knows: the conversation keeps running in the source language (French,
 * TRANSLATE_SOURCE) and `translateTo` names the citizen's language. What leaves for the citizen is
 * machine-translated and marked as such (`translated: true`, `original`, and a marker line in the
 * text for every channel); when the server cannot, the source text goes with a one-line notice.
 * What the citizen writes is translated for agents and for the triage. */
import { franc } from 'franc-min';
import type { NewMessage } from '../conversations/index.js';
import type { Conversation } from '../conversations/types.js';
import { SUPPORTED_LOCALES } from '../core/triage.js';
import type { Phrases } from '../i18n/phrases.js';
import type { SafeTranslation } from '../i18n/safe-translation.js';
import type { Translator } from '../i18n/translator.js';

/** Below this `/detect` confidence (0-100) a message does not change the conversation's language. */
const MIN_CONFIDENCE = 50;

/** franc's ISO 639-3 codes of the seven languages the content is written in. */
const COMPLETE_BY_FRANC = new Set(['fra', 'eng', 'spa', 'arb', 'deu', 'por', 'ita']);

const COMPLETE: readonly string[] = SUPPORTED_LOCALES;

/** What citizen translation needs. */
export interface CitizenTranslationOptions {
  translator: Translator;
  safe: SafeTranslation;
  /** The language translations for citizens start from (TRANSLATE_SOURCE, default fr). */
  source: string;
  /** The language agents read and write. */
  agentLocale: string;
  phrases: () => Phrases;
  /** False without TRANSLATE_URL: everything here is then a no-op. */
  enabled: boolean;
}

/** A citizen message read for agents and the triage. */
export interface CitizenReading {
  /** The conversation's machine-translated language after this message (undefined: one of the seven). */
  translateTo?: string;
  /** The message in the agents' language, when it was written in another. */
  translation?: { text: string; locale: string; from: string };
}

/** Both directions of machine translation with a citizen. */
export class CitizenTranslation {
  constructor(private readonly o: CitizenTranslationOptions) {}

  /** Whether a translation server is configured (TRANSLATE_URL). */
  get enabled(): boolean {
    return this.o.enabled;
  }

  /** The language the bot works in for a machine-translated conversation. */
  get source(): string {
    return this.o.source;
  }

  /** The machine-translated language for a new conversation's locale hint ("tr", "uk-UA"), if any. */
  async targetFor(hint: unknown): Promise<string | undefined> {
    if (!this.o.enabled || typeof hint !== 'string') return undefined;
    const code = hint.toLowerCase().split(/[-_]/)[0]!;
    if (!/^[a-z]{2,3}$/.test(code) || COMPLETE.includes(code)) return undefined;
    const known = await this.o.translator.languages();
    // The server's list unknown (down): try anyway, the fallback notice covers a failure.
    return !known || known.has(code) ? code : undefined;
  }

  /** Reads a citizen text: its language (through the server's `/detect` when the local detector
   * cannot tell it is one of the seven) and its translation for agents. `locale` is what the local
   * triage read (one of the seven). */
  async read(conv: Conversation, text: string, locale: string): Promise<CitizenReading> {
    const current = conv.translateTo;
    if (!this.o.enabled) return { translateTo: current };
    const translateTo = await this.languageOf(text, current);
    const from = translateTo ?? locale;
    if (from === this.o.agentLocale) return { translateTo };
    const translated = await this.o.safe.translate(text, from, this.o.agentLocale);
    return { translateTo, ...(translated ? { translation: { text: translated, locale: this.o.agentLocale, from } } : {}) };
  }

  private async languageOf(text: string, current: string | undefined): Promise<string | undefined> {
    const guess = franc(text, { minLength: 10 });
    if (guess === 'und') return current; // short or unsure: the conversation keeps its language
    if (COMPLETE_BY_FRANC.has(guess) && !current) return undefined; // the local triage knows these
    const found = await this.o.translator.detect(text);
    if (!found || found.confidence < MIN_CONFIDENCE) return current;
    const code = found.language.toLowerCase();
    if (COMPLETE.includes(code)) return undefined;
    const known = await this.o.translator.languages();
    return !known || known.has(code) ? code : current;
  }

  /** The messages of one write as the citizen gets them: the bot's and system's words in the
   * conversation's machine-translated language, an agent's in the citizen's language. */
  async forCitizen(conv: Conversation, messages: NewMessage[]): Promise<NewMessage[]> {
    if (!this.o.enabled) return messages;
    const out = await Promise.all(messages.map((m) => this.one(conv, m)));
    // One notice per write is enough: on the first message that could not be translated.
    const first = out.findIndex((r) => r.failed);
    return out.map((r, i) => (i === first ? { ...r.message, text: `${r.message.text}\n\n${this.notice(conv.locale)}` } : r.message));
  }

  private async one(conv: Conversation, m: NewMessage): Promise<{ message: NewMessage; failed?: boolean }> {
    if (m.internal || m.from === 'citizen' || m.original || !m.text) return { message: m };
    const agent = m.from === 'agent';
    const target = agent ? (conv.translateTo ?? conv.locale) : conv.translateTo;
    const source = agent ? this.o.agentLocale : conv.locale;
    if (!target || target === source) return { message: m };
    const cache = !agent; // an agent's words stay with their conversation
    const [text, marker, choices, links] = await Promise.all([
      this.o.safe.translate(m.text, source, target, { cache }),
      this.marker(source, target),
      m.choices && Promise.all(m.choices.map(async (c) => ({ ...c, label: await this.label(c.label, source, target) }))),
      m.links && Promise.all(m.links.map(async (l) => ({ ...l, label: await this.label(l.label, source, target) }))),
    ]);
    if (text === undefined) return { message: m, failed: true };
    return {
      message: {
        ...m,
        text: `${text}\n\n${marker}`,
        ...(choices ? { choices } : {}),
        ...(links ? { links } : {}),
        translated: true,
        original: { text: m.text, locale: source },
      },
    };
  }

  /** A button's or link's label: translated, or left as it is. */
  private async label(label: string, source: string, target: string): Promise<string> {
    return (await this.o.safe.translate(label, source, target, { cache: true })) ?? label;
  }

  /** A phrase a channel adds to messages itself (WhatsApp's list button) in the language the citizen
   * reads: machine-translated in a translated conversation, else the source's (as the text beside it). */
  async channelPhrase(conv: Conversation, key: string): Promise<string> {
    const written = this.o.phrases().t(key, conv.locale);
    if (!this.o.enabled || !conv.translateTo || conv.translateTo === conv.locale) return written;
    return (await this.o.safe.translate(written, conv.locale, conv.translateTo, { cache: true })) ?? written;
  }

  /** "🌐 Machine translation" in the target language (written for the seven, else translated, else English). */
  private async marker(source: string, target: string): Promise<string> {
    const phrases = this.o.phrases();
    if (COMPLETE.includes(target)) return `🌐 ${phrases.t('machine_translated', target)}`;
    const translated = await this.o.safe.translate(phrases.t('machine_translated', source), source, target, { cache: true });
    return `🌐 ${translated ?? phrases.t('machine_translated', 'en')}`;
  }

  /** The one-line notice of a failed translation: in the source language, and in English beside it. */
  private notice(source: string): string {
    const phrases = this.o.phrases();
    const lines = [phrases.t('translation_unavailable', source)];
    if (source !== 'en') lines.push(phrases.t('translation_unavailable', 'en'));
    return `⚠️ ${lines.join(' / ')}`;
  }
}
