/** One text through machine translation without harm: what must not change is protected
 * (src/i18n/protect.ts) and checked after, and translations of the hub's own words are cached in
 * Redis (a key per hash of source language, target language and protected text, with a TTL), so
 * the welcome is translated once per language, not once per citizen. */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { emergencyNumbersKept, protect, restore } from './protect.js';
import type { Translator } from './translator.js';

/** What a safe translation needs. */
export interface SafeTranslationOptions {
  translator: Translator;
  redis: Redis;
  prefix: string;
  /** How long a cached translation is kept (TRANSLATE_CACHE_HOURS). */
  cacheTtlSeconds: number;
}

/** Translates with protected numbers, links and codes, and an optional cache. */
export class SafeTranslation {
  constructor(private readonly o: SafeTranslationOptions) {}

  /** `text` in `target`; undefined when the server cannot, or its answer altered what must not
   * change (the caller then sends the source text). `cache` only for the hub's own words: a
   * citizen's or an agent's words are never kept outside their conversation. */
  async translate(text: string, source: string, target: string, options: { cache?: boolean } = {}): Promise<string | undefined> {
    if (!text.trim() || source === target) return undefined;
    const { text: sent, kept } = protect(text);
    // Nothing left to translate (a number, a link): it reads the same in every language.
    if (!/\p{L}/u.test(sent.replace(/\[\[\d+\]\]/g, ''))) return text;
    const key = options.cache ? this.key(source, target, sent) : undefined;
    let answer = key ? await this.o.redis.get(key).catch(() => null) : null;
    const cached = answer !== null;
    answer ??= (await this.o.translator.translate(sent, source, target)) ?? null;
    if (answer === null) return undefined;
    const restored = restore(answer, kept);
    if (restored === undefined || !emergencyNumbersKept(text, restored)) return undefined;
    if (key && !cached) await this.o.redis.set(key, answer, 'EX', this.o.cacheTtlSeconds).catch(() => {});
    return restored;
  }

  private key(source: string, target: string, text: string): string {
    const hash = createHash('sha256').update(`${source}\0${target}\0${text}`).digest('base64url');
    return `${this.o.prefix}:mt:${hash}`;
  }
}
