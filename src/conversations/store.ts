/** Conversation state and transcript in Redis: one hash and one list per conversation.
 * A message's seq is its position in the list, assigned atomically with the append. */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { StoredMessage } from '../core/messages.js';
import type { Conversation } from './types.js';

/** A message before the store gives it a seq and a time. */
export type NewMessage = Omit<StoredMessage, 'seq' | 'at'>;

const APPEND = `
if redis.call('EXISTS', KEYS[2]) == 0 then return -1 end
local seq = redis.call('LLEN', KEYS[1]) + 1
local msg = '{"seq":' .. seq .. ',' .. string.sub(ARGV[1], 2)
redis.call('RPUSH', KEYS[1], msg)
redis.call('HSET', KEYS[2], 'updatedAt', ARGV[3])
redis.call('PUBLISH', ARGV[2], '{"c":"' .. ARGV[4] .. '","m":' .. msg .. '}')
return seq`;

// Hands a waiting conversation to one agent; a second claimer gets 'conflict'.
const CLAIM = `
local mode = redis.call('HGET', KEYS[1], 'mode')
if not mode then return 'not_found' end
local agent = redis.call('HGET', KEYS[1], 'agent')
if mode == 'agent' and agent == ARGV[1] then return 'ok' end
if mode == 'agent' then return 'conflict' end
if mode ~= 'waiting' then return 'not_waiting' end
redis.call('HSET', KEYS[1], 'mode', 'agent', 'agent', ARGV[1], 'claimedAt', ARGV[2], 'updatedAt', ARGV[2])
return 'ok'`;

/** Scalar fields stored as hash fields; the rest are JSON. */
const JSON_FIELDS = new Set(['offered', 'address', 'urgent', 'clarifyCount', 'processedSeq']);

/** Reads and writes conversations; `now` is injected so tests control time. */
export class ConversationStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The pub/sub channel every appended message is published on. */
  get eventsChannel(): string {
    return `${this.prefix}:events`;
  }

  private key(id: string): string {
    return `${this.prefix}:conv:${id}`;
  }

  private msgsKey(id: string): string {
    return `${this.prefix}:conv:${id}:msgs`;
  }

  /** Opens a conversation; the token is returned once and only its hash is kept. */
  async create(input: { channel: string; locale: string; address?: Conversation['address']; step: string }): Promise<{ id: string; token: string }> {
    const id = randomUUID();
    const token = randomBytes(24).toString('base64url');
    const at = this.now().toISOString();
    const conv: Conversation = {
      id, channel: input.channel, locale: input.locale, mode: 'bot', step: input.step, offered: [], clarifyCount: 0,
      processedSeq: 0, urgent: false, address: input.address, createdAt: at, updatedAt: at,
    };
    await this.redis.hset(this.key(id), { ...encode(conv), tokenHash: hashToken(token) });
    await this.redis.zadd(`${this.prefix}:open`, Date.parse(at), id);
    return { id, token };
  }

  /** The conversation, or undefined when unknown (or purged). */
  async get(id: string): Promise<Conversation | undefined> {
    if (!isConversationId(id)) return undefined;
    const raw = await this.redis.hgetall(this.key(id));
    if (!raw.mode) return undefined;
    return decode(raw);
  }

  /** Constant-time check of a citizen's token. */
  async verifyToken(id: string, token: string): Promise<boolean> {
    if (!isConversationId(id) || !token) return false;
    const stored = await this.redis.hget(this.key(id), 'tokenHash');
    if (!stored) return false;
    const a = Buffer.from(stored, 'hex');
    const b = Buffer.from(hashToken(token), 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Writes the given fields; `undefined` removes a field. */
  async update(id: string, fields: Partial<Conversation>): Promise<void> {
    const set = encode({ ...fields, updatedAt: this.now().toISOString() });
    const del = Object.entries(fields).filter(([, v]) => v === undefined).map(([k]) => k);
    const tx = this.redis.multi().hset(this.key(id), set);
    if (del.length) tx.hdel(this.key(id), ...del);
    await tx.exec();
  }

  /** Appends to the transcript and publishes it; returns the seq, or undefined when the conversation is gone. */
  async append(id: string, message: NewMessage): Promise<number | undefined> {
    const at = this.now().toISOString();
    const json = JSON.stringify({ ...message, at });
    const seq = (await this.redis.eval(APPEND, 2, this.msgsKey(id), this.key(id), json, this.eventsChannel, at, id)) as number;
    return seq > 0 ? seq : undefined;
  }

  /** Messages with seq > after; internal notes only when asked for. */
  async messages(id: string, after = 0, options: { internal?: boolean; limit?: number } = {}): Promise<StoredMessage[]> {
    const start = Math.max(0, Math.floor(after));
    const end = options.limit ? start + options.limit - 1 : -1;
    const raw = await this.redis.lrange(this.msgsKey(id), start, end);
    const list = raw.map((r) => JSON.parse(r) as StoredMessage);
    return options.internal ? list : list.filter((m) => !m.internal);
  }

  /** Gives a waiting conversation to `agent`. */
  async claim(id: string, agent: string): Promise<'ok' | 'conflict' | 'not_found' | 'not_waiting'> {
    if (!isConversationId(id)) return 'not_found';
    return (await this.redis.eval(CLAIM, 1, this.key(id), agent, this.now().toISOString())) as 'ok' | 'conflict' | 'not_found' | 'not_waiting';
  }

  /** Marks closed and schedules the transcript for purge. */
  async markClosed(id: string, fields: Partial<Conversation>): Promise<void> {
    const at = this.now();
    await this.update(id, { ...fields, closedAt: at.toISOString() });
    await this.redis.multi().zrem(`${this.prefix}:open`, id).zadd(`${this.prefix}:closed`, at.getTime(), id).exec();
  }

  /** Deletes transcripts and state of conversations closed before `before`; returns how many.
   * One still waiting for its survey answer gets `surveyGraceMs` more, so a rating can still land. */
  async purgeClosedBefore(before: Date, surveyGraceMs = 30 * 60_000): Promise<number> {
    const ids = await this.redis.zrangebyscore(`${this.prefix}:closed`, 0, before.getTime());
    let removed = 0;
    for (const id of ids) {
      const [mode, closedAt] = await this.redis.hmget(this.key(id), 'mode', 'closedAt');
      if (mode === 'survey' && closedAt && Date.parse(closedAt) > this.now().getTime() - surveyGraceMs) continue;
      await this.redis.multi().del(this.key(id), this.msgsKey(id)).zrem(`${this.prefix}:closed`, id).exec();
      removed++;
    }
    return removed;
  }
}

/** Conversation ids are UUIDs; anything else is unknown without asking Redis. */
export function isConversationId(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function encode(fields: Partial<Conversation>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    out[k] = JSON_FIELDS.has(k) ? JSON.stringify(v) : String(v);
  }
  return out;
}

function decode(raw: Record<string, string>): Conversation {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'tokenHash') continue;
    out[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  }
  return out as unknown as Conversation;
}
