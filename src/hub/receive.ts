/** `hub.receive`, the one way in for a citizen message from any channel: resolve the conversation
 * (opening it with the announcements in force and its one welcome), drop a replay, triage the text once, store it (which also marks
 * the bot's turn as owed, leased to this process), warn at once when it tells of a danger now, and run the turn. */
import type { ChannelAddress, ReceiveInput, ReceiveResult } from '../core/channel.js';
import { HubError } from '../core/errors.js';
import { type InboundMessage, type OutboundMessage, type StoredMessage, type StoredTriage, storedTriage } from '../core/messages.js';
import { SUPPORTED_LOCALES } from '../core/triage.js';
import type { ContentRuntime } from '../content/runtime.js';
import { type Clock, systemClock } from '../core/clock.js';
import type { Conversation, ConversationStore, NewMessage, TurnState } from '../conversations/index.js';
import { baseLocale } from '../i18n/phrases.js';
import type { Logger } from '../log.js';
import { NotReplicatedError } from '../redis/sentinel-confirmation.js';
import type { Redis } from 'ioredis';
import type { Secret } from '../secret.js';
import { activeAnnouncements } from '../service/index.js';
import type { Counter, Stats } from '../stats/stats.js';
import type { CitizenTranslation } from './citizen-translation.js';
import { dialogueState } from './dialogue-state.js';
import { isEraseCommand } from './erase-command.js';
import { languageCommand } from './language-command.js';
import { type Outbox, toNewMessages } from './outbox.js';
import type { TurnWorker } from './turn-worker.js';

/** How long a platform message id is remembered to drop replayed webhooks. */
const SEEN_TTL_SECONDS = 7 * 24 * 3600;

/** What receiving needs. */
export interface ReceiverOptions {
  redis: Redis;
  prefix: string;
  store: ConversationStore;
  outbox: Outbox;
  runtime: ContentRuntime;
  stats: Stats;
  log: Logger;
  maxMessageChars: number;
  /** Keyed hashing with the hub's secret (never stored beside what it hashes). */
  secret: Pick<Secret, 'hash'>;
  /** Who runs the bot's turns (turn-worker.ts): the storing process leases the turn with the message
   * when it has room and runs it at once; otherwise the turn is left due for the next lease. */
  turns: Pick<TurnWorker, 'leaseForNewMessage' | 'take' | 'leftDue' | 'giveBack'>;
  /** Which announcements are still in force when a conversation opens. */
  clock?: Clock;
  /** The quick exit (quick-exit.ts): erases a conversation at once. */
  erase: (conversationId: string) => Promise<void>;
  /** Sends one message outside any transcript through a channel (Delivery.sendOnce). */
  sendOnce: (channel: string, address: ChannelAddress, message: OutboundMessage) => Promise<boolean>;
  /** Machine translation with the citizen (TRANSLATE_URL): their language, their words for agents. */
  translation?: CitizenTranslation;
}

/** The receive pipeline. */
export class Receiver {
  /** Messages of one platform user are received one after the other, so their order is kept. */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly o: ReceiverOptions) {}

  /** See HubPort.receive. */
  receive(input: ReceiveInput): Promise<ReceiveResult> {
    const key = input.sender.platformUserId === undefined ? undefined : `${input.channel}:${input.sender.platformUserId}`;
    if (!key) return this.take(input);
    const next = (this.chains.get(key) ?? Promise.resolve()).catch(() => {}).then(() => this.take(input));
    this.chains.set(key, next);
    void next
      .finally(() => {
        if (this.chains.get(key) === next) this.chains.delete(key);
      })
      .catch(() => {});
    return next;
  }

  private async take(input: ReceiveInput): Promise<ReceiveResult> {
    const { message } = input;
    const platformKey = message.platformMessageId ? this.hash(`${input.channel}:${message.platformMessageId}`) : undefined;
    const seenKey = platformKey ? `${this.o.prefix}:seen:${platformKey}` : undefined;
    // A replay must not even open a conversation (the old one may be over by now).
    if (seenKey && (await this.o.redis.set(seenKey, '1', 'EX', SEEN_TTL_SECONDS, 'NX')) !== 'OK') return { status: 'duplicate' };
    // Before anything is stored or opened: the command's own words are never kept.
    if (message.kind === 'text' && input.sender.platformUserId !== undefined && isEraseCommand(message.text, this.o.runtime.current.phrases)) {
      return this.eraseByCommand(input);
    }
    try {
      // The platform's id is the message's idempotency key too: a redelivery after a write that was stored
      // and then refused (503: a failover it could not be sure of) finds that write, though the mark is gone.
      const keyed = platformKey && message.idempotencyKey === undefined ? { ...input, message: { ...message, idempotencyKey: platformKey } } : input;
      return await this.store(keyed);
    } catch (err) {
      if (seenKey) await this.o.redis.del(seenKey).catch(() => {}); // not stored: the platform's redelivery must be taken
      throw err;
    }
  }

  private async store(input: ReceiveInput): Promise<ReceiveResult> {
    const { message, sender } = input;
    // A text whose words alone say its language, for a conversation the caller names: its triage needs nothing
    // of the conversation, so the message is stored before it is read, and the store's script checks and
    // returns it (one round trip instead of a read and a write). Anything else reads the conversation first.
    if (sender.conversationId !== undefined && message.kind === 'text' && message.text.length <= this.o.maxMessageChars && !this.o.translation?.enabled) {
      const verdict = this.o.runtime.current.triage.classifyAlone(message.text);
      if (verdict) return this.storeUnread(sender.conversationId, sender.token, message, storedTriage(verdict));
    }
    const resolved = await this.resolve(input);
    const { token } = resolved;
    let { conv } = resolved;
    if (message.kind === 'start') {
      // A start on a conversation that has only just been opened adds nothing: the welcome is there.
      if (!token)
        await this.o.outbox.commit(conv, { append: toNewMessages(this.o.runtime.current.engine.welcome(conv.locale, { easyRead: conv.easyRead }).replies) });
      return { status: 'stored', conversationId: conv.id, seq: 0, ...(token ? { token } : {}) };
    }
    if (message.kind === 'text' && message.text.length > this.o.maxMessageChars) {
      await this.o.outbox.say(conv, { text: this.o.runtime.current.phrases.t('too_long', conv.locale, { max: this.o.maxMessageChars }) });
      return { status: 'too_long', conversationId: conv.id, max: this.o.maxMessageChars };
    }
    let triage = message.kind === 'text' ? this.triage(message.text, conv.locale) : undefined;
    let translation: StoredMessage['translation'];
    if (message.kind === 'text' && triage && this.o.translation) {
      // A resend is found before its text goes to the translation server again (the write would find it after).
      const first = message.idempotencyKey === undefined ? undefined : await this.o.store.findKeyed(conv.id, message.idempotencyKey);
      if (first) return this.repeated(conv, message, first);
      ({ conv, triage, translation } = await this.readForeign(conv, message.text, triage, this.o.translation));
    }
    const lease = this.o.turns.leaseForNewMessage();
    const stored = await this.leasing(
      conv.id,
      lease,
      triage,
      this.o.store.appendCitizenAndLease(conv.id, { ...this.toStored(conv, message, triage), ...(translation ? { translation } : {}) }, lease),
    );
    if (!stored) throw new HubError('not_found', 'unknown conversation');
    if (stored.repeated) return this.repeated(conv, message, stored.repeated);
    await this.stored(conv, { seq: stored.seq, firstFromCitizen: !conv.citizenSeq, triage, lease, state: stored.state });
    return { status: 'stored', conversationId: conv.id, seq: stored.seq, ...(token ? { token } : {}) };
  }

  /** store() for a message triaged before its conversation was read: the store checks the token and
   * that the conversation is open in the write itself, and answers with the conversation. */
  private async storeUnread(id: string, token: string | undefined, message: InboundMessage & { kind: 'text' }, triage: StoredTriage): Promise<ReceiveResult> {
    const lease = this.o.turns.leaseForNewMessage();
    const stored = await this.leasing(
      id,
      lease,
      triage,
      this.o.store.appendCitizenUnread(id, { from: 'citizen', text: message.text, triage, ...keyOf(message) }, { token, leaseUntil: lease }),
    );
    // A wrong token is an unknown conversation, before anything about it (closed or not) is told.
    if (!stored) throw new HubError('not_found', 'unknown conversation');
    if (stored === 'closed') throw closedError();
    if (stored.repeated) return this.repeated(stored.conv, message, stored.repeated);
    await this.stored(stored.conv, { ...stored, triage, lease });
    return { status: 'stored', conversationId: id, seq: stored.seq };
  }

  /** A citizen message's write that leased its turn here: refused after the write (NotReplicatedError,
   * 503), the write may be kept, and the turn it owes must not wait for the lease to run out. Not for a
   * danger now: its emergency numbers come first, said when it is sent again (repeated), and the lease
   * keeps its turn back meanwhile. */
  private async leasing<T>(id: string, lease: number | undefined, triage: StoredTriage | undefined, write: Promise<T>): Promise<T> {
    try {
      return await write;
    } catch (err) {
      if (lease && !triage?.urgent && err instanceof NotReplicatedError) this.o.turns.giveBack(id, lease);
      throw err;
    }
  }

  /** What follows a citizen's stored message: the emergency numbers at once for a danger now, the turn,
   * the counters. */
  private async stored(
    conv: Conversation,
    after: { seq: number; firstFromCitizen: boolean; triage?: StoredTriage; lease?: number; state?: () => TurnState | undefined },
  ): Promise<void> {
    const { triage, lease, state } = after;
    // The citizen's first message: the conversation counts for the deflection rate (a widget opened
    // and left silent is no conversation the bot settled).
    const counters: Counter[] = after.firstFromCitizen ? ['messages_received', 'conversations_engaged'] : ['messages_received'];
    if (triage?.urgent) {
      counters.push('urgent_messages');
      await this.sayEmergencyNumbers(conv, triage, after.seq);
    }
    // The turn starts after the emergency numbers are written (nothing comes before them), and before the
    // counters are: their round trip would only delay the answer. Leased by another process, it needs no
    // wake-up: the process holding it takes it next. Left without a lease for want of room, this process
    // looks again now if a slot freed meanwhile, else when its next turn ends (TurnWorker.leftDue).
    if (lease && state) this.o.turns.take(conv.id, lease, state);
    else if (!lease) this.o.turns.leftDue();
    await this.o.stats.incrementAll(counters);
  }

  /** A message sent again under the idempotency key of one already stored: nothing new is stored, and
   * the answer is the first one's seq. A key sent with another message is refused (422). The first
   * sending may have been refused after its write (a failover it could not be sure of: 503), before the
   * emergency numbers a danger now gets, or still be on its way to them: they are said here unless they
   * were said after it (one fenced write for both, sayEmergencyNumbers). */
  private async repeated(conv: Conversation, message: InboundMessage, first: StoredMessage): Promise<ReceiveResult> {
    const same =
      message.kind === 'choice'
        ? first.choice === message.choiceId
        : message.kind === 'media'
          ? first.media === message.mediaType
          : message.kind === 'text' && first.text === message.text;
    if (!same) throw new HubError('idempotency_key_reused', 'this Idempotency-Key was sent before with another message');
    if (first.triage?.urgent) await this.sayEmergencyNumbers(conv, first.triage, first.seq);
    return { status: 'stored', conversationId: conv.id, seq: first.seq, repeated: true };
  }

  /** The emergency numbers a danger now gets at once, for the citizen's message `seq`: not written when
   * they were written after it already (a resend and its first sending each get here). A language the
   * citizen chose is kept for them (they may type in another). */
  private async sayEmergencyNumbers(conv: Conversation, triage: StoredTriage, seq: number): Promise<void> {
    const locale = conv.localeChosen ? conv.locale : triage.locale || conv.locale;
    const text = this.o.runtime.current.phrases.t('emergency_now', locale, undefined, { easyRead: conv.easyRead });
    await this.o.outbox.commit(conv, { append: toNewMessages([{ text, urgent: true }]), warnsAfter: seq });
  }

  /** A text read through machine translation: the conversation's language may change (stored before
   * the message, so its turn answers in it); a message in a language the content is not written in
   * is triaged on its translation, and the bot answers it in the source language (then translated). */
  private async readForeign(
    conv: Conversation,
    text: string,
    triage: StoredTriage,
    translation: CitizenTranslation,
  ): Promise<{ conv: Conversation; triage: StoredTriage; translation?: StoredMessage['translation'] }> {
    const reading = await translation.read(conv, text, triage.locale);
    const { translateTo } = reading;
    if (translateTo) {
      const source = translation.source;
      triage = { ...(reading.translation ? this.triage(reading.translation.text, source) : triage), locale: source };
    }
    const set: Partial<Conversation> = {};
    if (translateTo !== conv.translateTo) set.translateTo = translateTo;
    if (translateTo && conv.locale !== translation.source) set.locale = translation.source;
    if (Object.keys(set).length) {
      await this.o.store.update(conv.id, set);
      conv = { ...conv, ...set };
    }
    return { conv, triage, translation: reading.translation };
  }

  /** A messaging app's quick exit: the sender's conversation (if any) is erased, and one line says so. */
  private async eraseByCommand(input: ReceiveInput): Promise<ReceiveResult> {
    const userHash = this.hash(`${input.channel}:${input.sender.platformUserId}`);
    const linked = await this.o.store.linkedTo(userHash);
    const conv = linked ? await this.o.store.get(linked) : undefined;
    if (conv) await this.o.erase(conv.id).catch(goneAlready);
    else if (linked) await this.o.store.unlink(userHash, linked);
    const address = input.sender.address ?? conv?.address;
    const locale = conv?.locale ?? normaliseLocale(input.sender.locale);
    if (address) {
      const text = this.o.runtime.current.phrases.t('erased_confirmation', locale);
      await this.o.sendOnce(input.channel, address, { conversationId: conv?.id ?? '', from: 'system', text, locale });
    }
    return { status: 'erased' };
  }

  /** The conversation a message belongs to; a new one (with its welcome) when the sender has none open. */
  private async resolve(input: ReceiveInput): Promise<{ conv: Conversation; token?: string }> {
    const { sender } = input;
    if (sender.conversationId !== undefined) {
      // A wrong token is an unknown conversation, before anything about it (closed or not) is told.
      const conv = await this.o.store.get(sender.conversationId, { token: sender.token });
      if (!conv) throw new HubError('not_found', 'unknown conversation');
      if (conv.mode === 'closed') throw closedError();
      return { conv };
    }
    const userHash = sender.platformUserId === undefined ? undefined : this.hash(`${input.channel}:${sender.platformUserId}`);
    if (userHash) {
      const linked = await this.o.store.linkedTo(userHash);
      const conv = linked ? await this.o.store.get(linked) : undefined;
      if (conv && conv.mode !== 'closed') return { conv };
      if (linked) await this.o.store.unlink(userHash, linked); // over: the next message opens a new conversation
    }
    return this.open(input, userHash);
  }

  private async open(input: ReceiveInput, userHash?: string): Promise<{ conv: Conversation; token?: string }> {
    const { engine, content, phrases } = this.o.runtime.current;
    // A first message that chooses a language ("English", "/langue es") opens the conversation in it.
    const { message } = input;
    const chosen = message.kind === 'text' ? languageCommand(message.text, phrases) : undefined;
    // A language the content is not written in but the translation server knows: the bot works in the source language.
    const translateTo = chosen ? undefined : await this.o.translation?.targetFor(input.sender.locale);
    const locale = chosen || (translateTo ? this.o.translation!.source : normaliseLocale(input.sender.locale));
    const opening = { channel: input.channel, locale, address: input.sender.address, step: content.flow.start, userHash };
    const prepared = this.o.store.prepare(opening);
    const linked = userHash ? await this.o.store.link(userHash, prepared.id) : undefined;
    if (linked) {
      // Another message of the same user opened it a moment ago.
      const conv = await this.o.store.get(linked);
      if (!conv) throw new HubError('not_found', 'unknown conversation'); // opened and erased at once
      return { conv };
    }
    const conv = translateTo ? { ...prepared.conversation, translateTo } : prepared.conversation;
    const welcome = engine.welcome(locale);
    const { step, pending, offered } = welcome.state;
    // Announcements first, on every channel: the welcome's menu stays the last message, the one to answer.
    const now = (this.o.clock ?? systemClock).now();
    const notices = activeAnnouncements(content.service, locale, now).map(({ text, links }) => ({ text, ...(links ? { links } : {}) }));
    // The conversation and its welcome in one write.
    await this.o.outbox.commit(conv, {
      create: prepared.create,
      set: { step, pending, offered, ...(translateTo ? { translateTo } : {}) },
      append: toNewMessages([...notices, ...welcome.replies]),
    });
    await this.o.stats.increment('conversations_started');
    this.o.log.info('conversation opened', { conversation: conv.id, channel: input.channel });
    return { conv: { ...conv, step, pending, offered }, token: prepared.token };
  }

  private triage(text: string, locale: string): StoredTriage {
    return storedTriage(this.o.runtime.current.triage.classify(text, locale));
  }

  private toStored(conv: Conversation, message: InboundMessage, triage?: StoredTriage): NewMessage {
    const key = keyOf(message);
    if (message.kind === 'choice') {
      const label = this.o.runtime.current.engine.labelFor(dialogueState(conv), message.choiceId);
      return { from: 'citizen', text: label, choice: message.choiceId, ...key };
    }
    if (message.kind === 'media') return { from: 'citizen', text: '', media: message.mediaType, ...key };
    return { from: 'citizen', text: message.kind === 'text' ? message.text : '', ...(triage ? { triage } : {}), ...key };
  }

  /** Keyed hash: the same user maps to the same conversation, but the id itself is never stored. */
  private hash(id: string): string {
    return this.o.secret.hash(id);
  }
}

/** The idempotency key a message is stored with, when it has one. */
function keyOf(message: InboundMessage): { idempotencyKey?: string } {
  return message.idempotencyKey !== undefined ? { idempotencyKey: message.idempotencyKey } : {};
}

function closedError(): HubError {
  return new HubError('closed', 'this conversation is closed; open a new one');
}

/** An erase that found the conversation already gone (erased twice at once) has nothing left to do. */
function goneAlready(err: unknown): void {
  if (!(err instanceof HubError && err.code === 'not_found')) throw err;
}

/** The conversation's locale: a supported one from the hint, French otherwise. */
export function normaliseLocale(hint?: unknown): string {
  // A channel passes what its platform said: never trust it to be a string.
  const base = typeof hint === 'string' && hint ? baseLocale(hint.slice(0, 35)) : 'fr';
  return (SUPPORTED_LOCALES as readonly string[]).includes(base) ? base : 'fr';
}
