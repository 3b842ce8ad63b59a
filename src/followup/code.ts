/** Follow-up codes: a short code a citizen writes down to come back to a conversation handed to
 * agents (the contact form answers with one). Only a keyed hash of the code is kept in Redis, as
 * the key of an index entry `followup:<hash>` → conversation id, attached to the conversation so
 * that the purge and a quick exit delete it with the rest. A copy of Redis does not give the codes.
 *
 * The interface is the part other modules use (the hand-off's codes and `POST .../resume` are built
 * on it too); the alphabet, length and grouping are this file's business. */
import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Secret } from '../secret.js';

/** Issues and resolves follow-up codes. */
export interface FollowUpCodes {
  /** A new code for the conversation, shown to the citizen once (never stored as such). */
  issueFollowUpCode(conversationId: string): Promise<string>;
  /** The conversation a code opens, or undefined (unknown, mistyped, or purged with its conversation). */
  resolveFollowUpCode(code: string): Promise<string | undefined>;
}

/** No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read aloud or copied from paper survives. */
export const FOLLOW_UP_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';
/** 12 symbols of 25: 55 bits, far beyond the 10 guesses a minute an address is allowed. */
export const FOLLOW_UP_LENGTH = 12;
const GROUP = 4;

/** A random code, in groups of four separated by dashes ("7KQM-3XFA-9TWC"). */
export function generateFollowUpCode(): string {
  let raw = '';
  for (let i = 0; i < FOLLOW_UP_LENGTH; i++) raw += FOLLOW_UP_ALPHABET[randomInt(FOLLOW_UP_ALPHABET.length)];
  return raw.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}

/** The code as typed, without spaces or dashes, in capitals; undefined when it cannot be one. */
export function normaliseFollowUpCode(input: string): string | undefined {
  const raw = input.replace(/[\s-]+/g, '').toUpperCase();
  if (raw.length !== FOLLOW_UP_LENGTH) return undefined;
  for (const ch of raw) if (!FOLLOW_UP_ALPHABET.includes(ch)) return undefined;
  return raw;
}

/** What the Redis codes need: the conversation store ties each index entry to its conversation. */
export interface RedisFollowUpCodesOptions {
  redis: Redis;
  prefix: string;
  secret: Pick<Secret, 'hash'>;
  store: { attach(conversationId: string, key: string): Promise<void> };
}

/** Follow-up codes kept as keyed hashes in Redis. */
export class RedisFollowUpCodes implements FollowUpCodes {
  constructor(private readonly o: RedisFollowUpCodesOptions) {}

  private key(normalised: string): string {
    // The purpose in the hashed input: the same secret also hashes platform ids.
    return `${this.o.prefix}:followup:${this.o.secret.hash(`followup:${normalised}`)}`;
  }

  async issueFollowUpCode(conversationId: string): Promise<string> {
    for (;;) {
      const code = generateFollowUpCode();
      const key = this.key(normaliseFollowUpCode(code)!);
      // NX: a collision (one in 10^16 per code in use) draws again rather than take another's code.
      if ((await this.o.redis.set(key, conversationId, 'NX')) !== 'OK') continue;
      // Codes are issued while the conversation is young and open: the purge cannot run in between.
      await this.o.store.attach(conversationId, key);
      return code;
    }
  }

  async resolveFollowUpCode(code: string): Promise<string | undefined> {
    const normalised = normaliseFollowUpCode(code);
    if (!normalised) return undefined;
    return (await this.o.redis.get(this.key(normalised))) ?? undefined;
  }
}
