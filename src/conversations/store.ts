/** Conversation state and transcript in Redis: one hash and one list per conversation, the `open`
 * and `closed` indexes, the index of conversations whose turn the bot owes, and the link from a
 * platform user's keyed hash. This module owns every one of those keys; nothing else writes them. */
import { hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type Clock, isoNow, systemClock } from '../core/clock.js';
import type { StoredMessage } from '../core/messages.js';
import { HubError } from '../core/errors.js';
import { runLua } from '../redis/lua.js';
import type { ConfirmWrite } from '../redis/sentinel-confirmation.js';
import { allowedFrom, indexOf } from './lifecycle.js';
import {
  ADVANCE_DELIVERY,
  BLANK,
  CLAIM,
  HAND_OVER,
  DROP_FOLLOW_UPS,
  FIND_KEYED,
  LEASE_AND_READ_TURNS,
  LINK_FOLLOW_UP,
  PUT_BACK,
  READ_WITH_TOKEN_HASH,
  SET_IF_EXISTS,
  SETTLE_TURN,
  WRITE,
} from './scripts.js';
import type { Conversation, ConversationMode } from './types.js';

/** What a new conversation starts from. */
export interface NewConversationInput {
  channel: string;
  locale: string;
  address?: Conversation['address'];
  step: string;
  userHash?: string;
}

/** How many conversations onChannels reads in one round trip. */
const PUSH_SCAN_BATCH = 500;

/** A message before the store gives it a seq and a time. */
export type NewMessage = Omit<StoredMessage, 'seq' | 'at'>;

/** One write: fields to set (undefined removes), messages to append, a change of mode. */
export interface ConversationWrite {
  set?: Partial<Conversation>;
  append?: NewMessage[];
  /** The new mode; refused (HubError `conflict`) when the lifecycle does not allow it from the current one. */
  mode?: ConversationMode;
  /** Only when this field still holds this value (a turn's fence on `processedSeq`). */
  fence?: { field: 'processedSeq'; equals: number };
  /** An emergency warning for the citizen's message of this seq: written only when none was written
   * after it (the conversation's `warnedSeq`), and then recorded as the latest. A resend that overtakes
   * its first sending still in flight says it once with it (hub/receive.ts). */
  warnsAfter?: number;
  /** The bot's turn lease this write ends (a turn's write): settled in the same step (scripts.ts WRITE). */
  endsLease?: number;
  /** A conversation `prepare` made: this write creates it (its hash and its place in the open index)
   * before the rest, so that a conversation and its welcome are one round trip. */
  create?: PreparedConversation['create'];
}

/** A new conversation not yet written (ConversationStore.prepare). */
export interface PreparedConversation {
  id: string;
  /** Given to its citizen once; only its hash is kept. */
  token: string;
  /** What a read will return once it is written. */
  conversation: Conversation;
  /** Its hash's fields as stored (the token's hash among them), for ConversationWrite.create. */
  create: string[];
}

/** Stored as JSON inside the hash; the rest are plain strings. */
const JSON_FIELDS = new Set([
  'heldBy',
  'offered',
  'held',
  'askedDanger',
  'localeChosen',
  'easyRead',
  'urgent',
  'clarifyCount',
  'processedSeq',
  'citizenSeq',
  'deliveredSeq',
  'deliveryRetryAt',
  'warnedSeq',
  'appointmentRequest',
  'appointment',
]);

/** Reads and writes conversations; time comes from the injected clock. */
export class ConversationStore {
  private readonly encode: (fields: Partial<Conversation>) => Record<string, string>;
  private readonly decode: (raw: Record<string, string>) => Conversation;

  private readonly clock: Clock;
  private readonly confirmWrite?: ConfirmWrite;

  /** `sealer` encrypts the platform address kept with a push conversation (the hub's secret);
   * `confirmWrite`: when a citizen message just written counts as stored (Sentinel: a failover must not lose it). */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    options: { clock?: Clock; sealer?: Sealer; confirmWrite?: ConfirmWrite } = {},
  ) {
    const sealer = options.sealer ?? IN_CLEAR;
    this.clock = options.clock ?? systemClock;
    this.confirmWrite = options.confirmWrite;
    this.encode = (fields) => encode(fields, sealer);
    this.decode = (raw) => decode(raw, sealer);
  }

  /** The pub/sub channel every appended message is published on. */
  get eventsChannel(): string {
    return `${this.prefix}:events`;
  }

  private key(id: string): string {
    return `${this.prefix}:conv:${id}`;
  }

  private msgsKey(id: string): string {
    return `${this.key(id)}:msgs`;
  }

  private get openKey(): string {
    return `${this.prefix}:open`;
  }

  private get closedKey(): string {
    return `${this.prefix}:closed`;
  }

  private get turnsKey(): string {
    return `${this.prefix}:turns`;
  }

  private userKey(userHash: string): string {
    return `${this.prefix}:user:${userHash}`;
  }

  private followUpKey(codeHash: string): string {
    return `${this.prefix}:followup:${codeHash}`;
  }

  /** The keyed hashes of a conversation's follow-up codes, so that erasing it finds their links. */
  private followUpsKey(id: string): string {
    return `${this.prefix}:conv:${id}:followups`;
  }

  /** Opens a conversation; the token is returned once and only its hash is kept. `userHash` links
   * a platform user to it (set only if that user has no conversation: else `existing` is returned). */
  async create(input: NewConversationInput): Promise<{ id: string; token: string; existing?: string; conversation?: Conversation }> {
    const prepared = this.prepare(input);
    const existing = input.userHash ? await this.link(input.userHash, prepared.id) : undefined;
    if (existing) return { id: existing, token: '', existing };
    await this.write(prepared.id, { create: prepared.create });
    return { id: prepared.id, token: prepared.token, conversation: prepared.conversation };
  }

  /** A new conversation's id, token and first state, written by the first write that carries its
   * `create` (create() above; the receiver writes it with its welcome). */
  prepare(input: NewConversationInput): PreparedConversation {
    const id = randomUUID();
    const token = randomBytes(24).toString('base64url');
    const at = isoNow(this.clock);
    const conv: Conversation = {
      id,
      channel: input.channel,
      locale: input.locale,
      mode: 'bot',
      step: input.step,
      offered: [],
      clarifyCount: 0,
      processedSeq: 0,
      urgent: false,
      address: input.address,
      createdAt: at,
      updatedAt: at,
      ...(input.userHash ? { userHash: input.userHash } : {}),
    };
    const fields = this.encode(conv);
    // What a read would return (through the stored form), without reading it back.
    return { id, token, conversation: this.decode(fields), create: Object.entries({ ...fields, tokenHash: hashToken(token) }).flat() };
  }

  /** Links a platform user (their keyed hash) to the conversation `id` about to be opened for them;
   * undefined when linked, else the id of the one they already have (another message of theirs
   * opened it a moment ago). */
  async link(userHash: string, id: string): Promise<string | undefined> {
    if ((await this.redis.set(this.userKey(userHash), id, 'NX')) === 'OK') return undefined;
    return (await this.redis.get(this.userKey(userHash))) ?? undefined;
  }

  /** The conversation a platform user is linked to, if any. */
  async linkedTo(userHash: string): Promise<string | undefined> {
    return (await this.redis.get(this.userKey(userHash))) ?? undefined;
  }

  /** Drops a user's link to a conversation that is over, so that their next message opens a new one. */
  async unlink(userHash: string, conversationId: string): Promise<void> {
    await runLua(
      this.redis,
      `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 1`,
      1,
      this.userKey(userHash),
      conversationId,
    );
  }

  /** The conversation, or undefined when unknown (or purged). */
  async get(id: string, options: { token?: string } = {}): Promise<Conversation | undefined> {
    if (!isConversationId(id)) return undefined;
    const raw = await this.redis.hgetall(this.key(id));
    if (!raw.mode) return undefined;
    // The token's hash is in the same hash: checking it here spares the caller a command of its own.
    if (options.token !== undefined && !tokenMatches(raw.tokenHash, options.token)) return undefined;
    return this.decode(raw);
  }

  /** True while the conversation exists (not purged, not erased). */
  async exists(id: string): Promise<boolean> {
    return isConversationId(id) && (await this.redis.exists(this.key(id))) === 1;
  }

  /** Constant-time check of a citizen's token. */
  async verifyToken(id: string, token: string): Promise<boolean> {
    if (!isConversationId(id) || !token) return false;
    return tokenMatches(await this.redis.hget(this.key(id), 'tokenHash'), token);
  }

  /** The messages after `after` (internal notes left out) when `token` opens the conversation, checked and
   * read in one command; undefined when it does not (an unknown conversation and a wrong token alike). */
  async messagesWithToken(id: string, token: string, after = 0): Promise<StoredMessage[] | undefined> {
    if (!isConversationId(id) || !token) return undefined;
    const read = (await runLua(this.redis, READ_WITH_TOKEN_HASH, 2, this.key(id), this.msgsKey(id), positionAfter(after))) as [string, string[]] | null;
    if (!read || !tokenMatches(read[0], token)) return undefined;
    return parseMessages(read[1], false);
  }

  /** Links a follow-up code's keyed hash to a conversation (false when it is gone). Only the hash is
   * kept: a copy of Redis does not give anyone a code that opens a conversation. */
  async linkFollowUp(id: string, codeHash: string): Promise<boolean> {
    return (await runLua(this.redis, LINK_FOLLOW_UP, 3, this.key(id), this.followUpKey(codeHash), this.followUpsKey(id), id, codeHash)) === 1;
  }

  /** The conversation a follow-up code's keyed hash leads to, if any. */
  async followUpTarget(codeHash: string): Promise<string | undefined> {
    return (await this.redis.get(this.followUpKey(codeHash))) ?? undefined;
  }

  /** A fresh citizen token for the conversation, replacing the previous one (the device that held it
   * loses access: a conversation follows its code to one device at a time); undefined when it is gone. */
  async renewToken(id: string): Promise<string | undefined> {
    const token = randomBytes(24).toString('base64url');
    const set = await runLua(this.redis, SET_IF_EXISTS, 1, this.key(id), 'tokenHash', hashToken(token));
    if (set !== 1) return undefined;
    // Processes that kept this conversation's last writes for the old token's long-poll drop them.
    await this.redis.publish(this.eventsChannel, JSON.stringify({ c: id, renewed: true }));
    return token;
  }

  /** One atomic write; returns the seqs of the appended messages, or undefined when the conversation
   * is gone or the fence no longer holds. A refused change of mode throws HubError `conflict`. */
  async write(id: string, w: ConversationWrite): Promise<number[] | undefined> {
    return (await this.writeTurn(id, w))?.seqs;
  }

  /** write() that also says whether the turn lease it ended (`endsLease`) left the conversation due again:
   * a citizen wrote while the turn ran, so the next turn is owed at once. */
  async writeTurn(id: string, w: ConversationWrite): Promise<{ seqs: number[]; dueAgain: boolean } | undefined> {
    const result = await this.runWrite(id, w);
    const writtenOn = this.redis.stream;
    if (result[0] !== 0 && result[0] !== 1) return undefined;
    // A new conversation is promised to its citizen (201, a token) as a message is: a failover must not
    // lose it either. Its id is random, so finding it on a new primary means this write reached it.
    if (w.create && this.confirmWrite) await this.confirmWrite(this.redis, writtenOn, async () => (await this.redis.exists(this.key(id))) === 1);
    return { seqs: result.slice(1) as number[], dueAgain: result[0] === 1 };
  }

  /** The WRITE script's raw answer (write() reads it); a refused change of mode throws. `citizen`: the
   * write appends a citizen's message, whose turn it marks owed (leased until `lease` when given). */
  private async runWrite(
    id: string,
    w: ConversationWrite,
    options: { citizen?: boolean; lease?: number; read?: boolean; token?: string; at?: number; idempotencyKey?: string } = {},
  ): Promise<[number, ...unknown[]]> {
    const at = options.at ?? this.clock.now();
    const nowIso = new Date(at).toISOString();
    const set = this.encode({ ...(w.set ?? {}), ...(w.mode ? { mode: w.mode } : {}) });
    const del = Object.entries(w.set ?? {})
      .filter(([, v]) => v === undefined)
      .map(([k]) => k);
    const spec = {
      id,
      now: at,
      nowIso,
      set,
      del,
      citizen: options.citizen ?? false,
      ...(w.fence ? { fence: [w.fence.field, w.fence.equals] } : {}),
      ...(w.warnsAfter !== undefined ? { warnsAfter: w.warnsAfter } : {}),
      ...(w.mode ? { from: allowedFrom(w.mode), index: indexOf(w.mode) } : {}),
      ...(options.lease ? { lease: options.lease } : {}),
      ...(w.endsLease ? { settle: w.endsLease } : {}),
      ...(options.read ? { read: true } : {}),
      ...(options.token !== undefined ? { tokenHash: hashToken(options.token) } : {}),
      ...(w.create ? { create: w.create } : {}),
      ...(options.idempotencyKey !== undefined ? { keyNeedle: keyNeedle(options.idempotencyKey), keyWindow: IDEMPOTENCY_WINDOW } : {}),
    };
    const result = (await runLua(
      this.redis,
      WRITE,
      5,
      this.key(id),
      this.msgsKey(id),
      this.openKey,
      this.closedKey,
      this.turnsKey,
      JSON.stringify(spec),
      this.eventsChannel,
      ...(w.append ?? []).map((m) => messageBody(m, nowIso)),
    )) as [number, ...unknown[]];
    if (result[0] === -3) throw new HubError('conflict', `a ${String(result[1])} conversation cannot become ${w.mode}`);
    return result;
  }

  /** Sets fields (undefined removes one). */
  async update(id: string, fields: Partial<Conversation>): Promise<void> {
    await this.write(id, { set: fields });
  }

  /** Appends a citizen message and marks the conversation's turn as owed, in one step. Under Sentinel
   * it counts as stored once `confirmWrite` says a failover cannot lose it (sentinel-confirmation.ts);
   * otherwise the error (503) tells the citizen to send it again. */
  async appendCitizen(id: string, message: NewMessage): Promise<number | undefined> {
    return (await this.appendCitizenAndLease(id, message))?.seq;
  }

  /** appendCitizen that also leases the bot's turn until `leaseUntil` when no process holds it, and then
   * reads the conversation as leaseTurnsWithState does (`state`): the storing process runs the turn at
   * once. Without `state`, the turn is someone else's (a holder running the previous one takes it next)
   * or, without `leaseUntil`, anyone's (due now). Undefined when the conversation is gone. */
  async appendCitizenAndLease(
    id: string,
    message: NewMessage,
    leaseUntil?: number,
  ): Promise<{ seq: number; state?: () => TurnState | undefined; repeated?: StoredMessage } | undefined> {
    const result = await this.writeCitizen(id, message, { lease: leaseUntil });
    if (result[0] === -5) return repeated(result[1] as string);
    if (result[0] !== 0) return undefined;
    const [, seq, flat, raw] = result as [0, number, string[]?, string[]?];
    return { seq, ...(flat && raw ? { state: () => this.turnState(flat, raw) } : {}) };
  }

  /** appendCitizenAndLease for a caller that has not read the conversation: the same script checks the
   * token (when given; a wrong one is an unknown conversation) and refuses a closed conversation
   * ('closed'), and returns the conversation as the write left it, so the message path reads and writes
   * in one round trip. Undefined when the conversation is unknown. */
  async appendCitizenUnread(
    id: string,
    message: NewMessage,
    options: { token?: string; leaseUntil?: number },
  ): Promise<{ seq: number; conv: Conversation; firstFromCitizen: boolean; state?: () => TurnState; repeated?: StoredMessage } | 'closed' | undefined> {
    if (!isConversationId(id)) return undefined;
    const result = await this.writeCitizen(id, message, { lease: options.leaseUntil, read: true, token: options.token });
    if (result[0] === -5) return { ...repeated(result[1] as string), conv: this.decodeFlat(result[2] as string[]), firstFromCitizen: false };
    if (result[0] === -4) return 'closed';
    if (result[0] !== 0) return undefined;
    const [, seq, flat, raw, leased, prior] = result as [0, number, string[], string[], number, number];
    const conv = this.decodeFlat(flat);
    return { seq, conv, firstFromCitizen: !prior, ...(leased ? { state: () => ({ conv, unprocessed: parseMessages(raw, true) }) } : {}) };
  }

  /** runWrite for one citizen message, which counts as stored once `confirmWrite` (Sentinel) says a
   * failover cannot lose it: it asks, if the primary was replaced, whether the new one holds the message
   * exactly as this write stored it (it reached the replica before the promotion). A message sent again
   * under its idempotency key (-5, nothing written) is confirmed the same way: the copy this primary
   * holds must be one a failover keeps. */
  private async writeCitizen(id: string, message: NewMessage, options: { lease?: number; read?: boolean; token?: string }): Promise<[number, ...unknown[]]> {
    const at = this.clock.now();
    const { idempotencyKey } = message;
    const result = await this.runWrite(id, { append: [message] }, { ...options, citizen: true, at, idempotencyKey });
    // Read before any other await: the connection whose reply this was.
    const writtenOn = this.redis.stream;
    if (!this.confirmWrite) return result;
    let entry: string;
    if (result[0] === 0) entry = storedMessage(result[1] as number, messageBody(message, new Date(at).toISOString()));
    else if (result[0] === -5) entry = result[1] as string;
    else return result;
    const seq = Number(/^\{"seq":(\d+)/.exec(entry)![1]);
    await this.confirmWrite(this.redis, writtenOn, async () => (await this.redis.lindex(this.msgsKey(id), seq - 1)) === entry);
    return result;
  }

  /** A conversation from HGETALL's flat field, value list (as a script returns it). */
  private decodeFlat(flat: string[]): Conversation {
    const hash: Record<string, string> = {};
    for (let i = 0; i < flat.length; i += 2) hash[flat[i]!] = flat[i + 1]!;
    return this.decode(hash);
  }

  /** The citizen message stored under this idempotency key among the last IDEMPOTENCY_WINDOW entries,
   * as the WRITE script looks for it: for a caller with work to skip before its write when it is a resend. */
  async findKeyed(id: string, idempotencyKey: string): Promise<StoredMessage | undefined> {
    const entry = (await runLua(this.redis, FIND_KEYED, 1, this.msgsKey(id), keyNeedle(idempotencyKey), IDEMPOTENCY_WINDOW)) as string | null;
    return entry === null ? undefined : (JSON.parse(entry) as StoredMessage);
  }

  /** Messages with seq > after; internal notes only when asked for. */
  async messages(id: string, after = 0, options: { internal?: boolean; limit?: number } = {}): Promise<StoredMessage[]> {
    const start = positionAfter(after);
    const end = options.limit ? start + options.limit - 1 : -1;
    const raw = await this.redis.lrange(this.msgsKey(id), start, end);
    return parseMessages(raw, options.internal ?? false);
  }

  /** Gives a waiting conversation to `agent`. */
  async claim(id: string, agent: string): Promise<'ok' | 'conflict' | 'not_found' | 'not_waiting'> {
    if (!isConversationId(id)) return 'not_found';
    return (await runLua(this.redis, CLAIM, 1, this.key(id), agent, isoNow(this.clock))) as 'ok' | 'conflict' | 'not_found' | 'not_waiting';
  }

  /** Gives a held conversation to `to` if `from` (or anyone, when undefined) holds it; the previous holder. */
  async handOver(id: string, from: string | undefined, to: string): Promise<string | undefined> {
    return ((await runLua(this.redis, HAND_OVER, 1, this.key(id), from ?? '', to, isoNow(this.clock))) as string | null) ?? undefined;
  }

  /** Makes a held conversation wait again if `from` (or anyone) holds it; the previous holder. */
  async putBack(id: string, from: string | undefined): Promise<string | undefined> {
    return ((await runLua(this.redis, PUT_BACK, 1, this.key(id), from ?? '', isoNow(this.clock))) as string | null) ?? undefined;
  }

  /** Open conversations last touched (created or reopened) before `before`. */
  async openSince(before: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.openKey, 0, before);
  }

  /** Every conversation kept (open, and closed within the retention period), in one pipelined read. */
  async all(): Promise<Conversation[]> {
    const ids = [...new Set([...(await this.redis.zrange(this.openKey, 0, -1)), ...(await this.redis.zrange(this.closedKey, 0, -1))])];
    const tx = this.redis.pipeline();
    for (const id of ids) tx.hgetall(this.key(id));
    const results = (await tx.exec()) ?? [];
    return results.map(([, raw]) => raw as Record<string, string>).flatMap((raw) => (raw?.mode ? [this.decode(raw)] : []));
  }

  /** Every open conversation. */
  async openIds(): Promise<string[]> {
    return this.redis.zrange(this.openKey, 0, -1);
  }

  /** Of `ids`, those of push conversations (with an address) on one of `channels`: two fields read per
   * conversation, PUSH_SCAN_BATCH to a round trip, where a sweep over every open conversation (web
   * chats in their thousands) read each whole, one after the other. */
  async onChannels(ids: string[], channels: ReadonlySet<string>): Promise<string[]> {
    const found: string[] = [];
    for (let from = 0; from < ids.length; from += PUSH_SCAN_BATCH) {
      const batch = ids.slice(from, from + PUSH_SCAN_BATCH);
      const pipeline = this.redis.pipeline();
      for (const id of batch) pipeline.hmget(this.key(id), 'channel', 'address');
      const results = (await pipeline.exec()) ?? [];
      results.forEach(([err, fields], i) => {
        const [channel, address] = (fields ?? []) as (string | null)[];
        if (!err && address && channel && channels.has(channel)) found.push(batch[i]!);
      });
    }
    return found;
  }

  /** Leases up to `count` due conversations until `leaseUntil` and reads each (the hash, and the
   * messages after `processedSeq`, internal ones too), in one round trip: the turn worker's lease then read
   * were two. `state()` decodes one when its turn runs (undefined when it is gone), so a conversation that
   * cannot be decoded fails its own turn, not the others leased with it. */
  async leaseTurnsWithState(count: number, leaseUntil: number): Promise<{ id: string; state: () => TurnState | undefined }[]> {
    // The script finds each hash at this prefix + id, and its transcript at that + ":msgs" (key, msgsKey).
    const rows = (await runLua(this.redis, LEASE_AND_READ_TURNS, 1, this.turnsKey, this.clock.now(), leaseUntil, count, this.key(''))) as [
      string,
      string[],
      string[],
    ][];
    return rows.map(([id, flat, raw]) => ({ id, state: () => this.turnState(flat, raw) }));
  }

  private turnState(flat: string[], raw: string[]): TurnState | undefined {
    const hash: Record<string, string> = {};
    for (let i = 0; i < flat.length; i += 2) hash[flat[i]!] = flat[i + 1]!;
    if (!hash.mode) return undefined;
    return { conv: this.decode(hash), unprocessed: parseMessages(raw, true) };
  }

  /** Ends a lease; the conversation stays owed, due at once ('due'), while a citizen message is
   * unanswered. 'lost' when the lease was no longer ours. */
  async settleTurn(id: string, lease: number): Promise<'settled' | 'due' | 'lost'> {
    const result = await runLua(this.redis, SETTLE_TURN, 2, this.turnsKey, this.key(id), id, lease, this.clock.now());
    return result === 0 ? 'lost' : result === 2 ? 'due' : 'settled';
  }

  /** Moves the delivery cursor from `from` to `to`; false when someone else moved it first. */
  async advanceDelivery(id: string, from: number, to: number): Promise<boolean> {
    return (await runLua(this.redis, ADVANCE_DELIVERY, 1, this.key(id), from, to)) === 1;
  }

  /** Deletes transcripts and state of conversations closed before `before`; returns how many.
   * One still waiting for its survey answer keeps its state `surveyGraceMs` more, so a rating can
   * still land, but not its words: the survey needs no transcript (it is blanked now). */
  async purgeClosedBefore(before: number, surveyGraceMs = 30 * 60_000): Promise<number> {
    const ids = await this.redis.zrangebyscore(this.closedKey, 0, before);
    let removed = 0;
    for (const id of ids) {
      const [mode, closedAt] = await this.redis.hmget(this.key(id), 'mode', 'closedAt');
      if (mode === 'survey' && closedAt && Date.parse(closedAt) > this.clock.now() - surveyGraceMs) {
        await runLua(this.redis, BLANK, 1, this.msgsKey(id));
        continue;
      }
      await this.erase(id);
      removed++;
    }
    return removed;
  }

  /** Erases a conversation at once: state, transcript, indexes, its user link, follow-up codes, owed turn and the keys
   * attached to it (`attach`). With `announce`, every process hears it (ConversationEvents.onErased),
   * so sockets and long-polls of the conversation end: a quick exit, not a purge nobody is watching. */
  async erase(id: string, options: { announce?: boolean } = {}): Promise<void> {
    if (!isConversationId(id)) return;
    const [userHash, attached] = await Promise.all([this.redis.hget(this.key(id), 'userHash'), this.redis.smembers(this.attachedKey(id))]);
    const tx = this.redis
      .multi()
      .eval(DROP_FOLLOW_UPS, 1, this.followUpsKey(id), `${this.prefix}:followup:`)
      .del(this.key(id), this.msgsKey(id), this.attachedKey(id), ...attached)
      .zrem(this.closedKey, id)
      .zrem(this.openKey, id)
      .zrem(this.turnsKey, id);
    if (options.announce) tx.publish(this.eventsChannel, JSON.stringify({ c: id, erased: true }));
    await tx.exec();
    if (userHash) await this.unlink(userHash, id);
  }

  /** Ties a key another module keeps for this conversation (a follow-up code's index entry) to its
   * life: `erase` and the purge delete it with the conversation. */
  async attach(id: string, key: string): Promise<void> {
    await this.redis.sadd(this.attachedKey(id), key);
  }

  private attachedKey(id: string): string {
    return `${this.prefix}:conv:${id}:attached`;
  }
}

/** Conversation ids are UUIDs; anything else is unknown without asking Redis. */
export function isConversationId(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
}

// crypto.hash, one-shot (Node ≥ 20.12): a quarter of createHash's cost on a token (tokenMatches runs it on
// every citizen request).
function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/** How many of a transcript's last entries the WRITE script searches for a citizen message's idempotency
 * key: a resend comes within seconds (the widget's after 3 s), with a few answers between. */
export const IDEMPOTENCY_WINDOW = 50;

/** An idempotency key as a stored message's JSON holds it (a quote inside a text is escaped: no text holds it). */
function keyNeedle(idempotencyKey: string): string {
  return `"idempotencyKey":${JSON.stringify(idempotencyKey)}`;
}

/** A citizen message that was already stored under the idempotency key it was sent again with. */
function repeated(raw: string): { seq: number; repeated: StoredMessage } {
  const message = JSON.parse(raw) as StoredMessage;
  return { seq: message.seq, repeated: message };
}

/** A message as the WRITE script is given it (without its seq). */
function messageBody(message: NewMessage, atIso: string): string {
  return JSON.stringify({ ...message, at: atIso });
}

/** A message as the WRITE script stores it: its seq put first (scripts.ts). */
function storedMessage(seq: number, body: string): string {
  return `{"seq":${seq},${body.slice(1)}`;
}

/** The transcript position of the first message with seq > `after` (seq n is at position n - 1). */
function positionAfter(after: number): number {
  return Math.max(0, Math.floor(after));
}

/** Transcript entries as messages; internal notes only when asked for. */
function parseMessages(raw: string[], internal: boolean): StoredMessage[] {
  const list = raw.map((r) => JSON.parse(r) as StoredMessage);
  return internal ? list : list.filter((m) => !m.internal);
}

/** Whether `token` hashes to `stored` (compared in constant time). */
function tokenMatches(stored: string | null | undefined, token: string): boolean {
  if (!stored) return false;
  const a = Buffer.from(stored, 'hex');
  const b = hash('sha256', token, 'buffer'); // hashToken's digest as bytes: no hex to write and read back
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What a bot turn reads: the conversation and its messages after `processedSeq`. */
export interface TurnState {
  conv: Conversation;
  unprocessed: StoredMessage[];
}

/** Encrypts and decrypts the address field. */
export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

/** No encryption (unit tests of the store alone). */
const IN_CLEAR: Sealer = { seal: (plain) => plain, open: (sealed) => sealed };

function encode(fields: Partial<Conversation>, sealer: Sealer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (k === 'address') out[k] = sealer.seal(JSON.stringify(v));
    else out[k] = JSON_FIELDS.has(k) ? JSON.stringify(v) : String(v);
  }
  return out;
}

function decode(raw: Record<string, string>, sealer: Sealer): Conversation {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'tokenHash') continue;
    if (k === 'address') out[k] = JSON.parse(sealer.open(v));
    else out[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  }
  return out as unknown as Conversation;
}
