/** The hub: every citizen message enters through `receive`, every reply leaves through `say`.
 * It stores, detects urgency at once, then lets the dialogue worker (dialogue-worker.ts) answer. */
import { createHmac, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Channel, ChannelAddress, HubPort, WebhookRegistrar } from '../core/channel.js';
import type { InboundMessage, StoredMessage } from '../core/messages.js';
import { SUPPORTED_LOCALES } from '../core/triage.js';
import type { ContentRuntime } from '../content/runtime.js';
import type { Conversation, ConversationStore } from '../conversations/index.js';
import type { DialogueOutcome, Reply } from '../flows/engine.js';
import type { HandoffQueue } from '../handoff/handoff-queue.js';
import type { HandoffHooks } from '../handoff/hooks.js';
import { baseLocale } from '../i18n/phrases.js';
import type { QueueFactory } from '../jobs/bull.js';
import type { Logger } from '../log.js';
import type { Stats } from '../stats/stats.js';
import type { Translator } from '../i18n/translator.js';
import { Delivery } from './delivery.js';
import { dialogueState } from './dialogue-state.js';
import { DialogueWorker } from './dialogue-worker.js';
import { HubError } from './errors.js';

export interface HubOptions {
  redis: Redis;
  prefix: string;
  store: ConversationStore;
  handoff: HandoffQueue;
  runtime: ContentRuntime;
  stats: Stats;
  queues: QueueFactory;
  log: Logger;
  maxMessageChars: number;
  /** Key for hashing platform user ids; read from Redis (made once) when not given. */
  hashSecret?: string;
  /** How many conversations this process works on at once. */
  concurrency?: number;
  /** Machine translation between the citizen's language and the agents' (off when absent). */
  translator?: Translator;
  /** The language agents read and write (default French). */
  agentLocale?: string;
}

/** How long a platform message id is remembered to drop replayed webhooks. */
const SEEN_TTL_SECONDS = 7 * 24 * 3600;

/** The channel-agnostic core pipeline. */
export class Hub implements HubPort {
  private readonly worker: DialogueWorker;
  private readonly delivery: Delivery;
  private readonly channels = new Map<string, Channel>();
  private hashKey?: string;
  /** Set by the composition root: the hand-off's wording of the queue place and its close bookkeeping. */
  handoffHooks?: HandoffHooks;

  constructor(private readonly o: HubOptions) {
    this.worker = new DialogueWorker(this, o);
    this.delivery = new Delivery(o.queues, o.store, o.redis, o.prefix, o.log);
    this.hashKey = o.hashSecret;
  }

  /** Starts this process's share of the dialogue work. */
  async start(): Promise<void> {
    this.hashKey ??= await this.sharedHashKey();
    this.worker.start(this.o.concurrency ?? 16);
  }

  /** Adds a push channel: its webhooks are mounted and its replies go out through this process. */
  async addChannel(channel: Channel, http?: WebhookRegistrar): Promise<void> {
    this.channels.set(channel.id, channel);
    if (http) channel.routes?.(http);
    this.delivery.serve(channel, channel.capabilities.ratePerSecond);
    await channel.start(this);
  }

  async stop(): Promise<void> {
    for (const channel of this.channels.values()) await channel.stop().catch(() => {});
  }

  /** Opens a conversation with its welcome already in the transcript (API and web chat). */
  async createConversation(input: { channel: string; locale?: string; address?: ChannelAddress }): Promise<{ id: string; token: string }> {
    const locale = normaliseLocale(input.locale);
    const { engine, content } = this.o.runtime.current;
    const created = await this.o.store.create({ channel: input.channel, locale, address: input.address, step: content.flow.start });
    const conv = (await this.o.store.get(created.id))!;
    await this.apply(conv, engine.welcome(locale));
    await this.o.stats.increment('conversations_started');
    this.o.log.info('conversation opened', { conversation: created.id, channel: input.channel });
    return created;
  }

  /** HubPort: the open conversation of a platform user, or a new one. */
  async openConversation(input: { channel: string; platformUserId: string; address: ChannelAddress; locale?: string }): Promise<{ conversationId: string; created: boolean }> {
    const userKey = `${this.o.prefix}:user:${input.channel}:${this.hashUser(input.platformUserId)}`;
    const existing = await this.o.redis.get(userKey);
    if (existing) {
      const conv = await this.o.store.get(existing);
      if (conv && conv.mode !== 'closed') return { conversationId: existing, created: false };
    }
    const { id } = await this.createConversation({ channel: input.channel, locale: input.locale, address: input.address });
    await this.o.redis.set(userKey, id, 'EX', 30 * 24 * 3600); // the link between a hashed user and a conversation fades too
    return { conversationId: id, created: true };
  }

  /** HubPort: stores a citizen message, answers danger at once, queues the rest of the work. */
  async receive(message: InboundMessage): Promise<{ seq: number; duplicate: boolean }> {
    const conv = await this.o.store.get(message.conversationId);
    if (!conv) throw new HubError('not_found', 'unknown conversation');
    if (conv.mode === 'closed') throw new HubError('closed', 'this conversation is closed; open a new one');
    const seenKey = message.platformMessageId ? this.seenKey(message.channel, message.platformMessageId) : undefined;
    if (seenKey && (await this.o.redis.set(seenKey, '1', 'EX', SEEN_TTL_SECONDS, 'NX')) !== 'OK') return { seq: 0, duplicate: true };
    return this.accept(conv, message, async () => {
      // Not stored: forget the id so that the platform's redelivery is taken.
      if (seenKey) await this.o.redis.del(seenKey).catch(() => {});
    });
  }

  /** HubPort: whether a platform message id was already accepted. */
  async alreadySeen(channel: string, platformMessageId: string): Promise<boolean> {
    return (await this.o.redis.exists(this.seenKey(channel, platformMessageId))) === 1;
  }

  private async accept(conv: Conversation, message: InboundMessage, unmark: () => Promise<void>): Promise<{ seq: number; duplicate: boolean }> {
    if (message.kind === 'start') {
      // A conversation opened by this very start already holds its welcome.
      const fresh = conv.processedSeq === 0 && !(await this.o.store.messages(conv.id)).some((m) => m.from === 'citizen');
      if (!fresh) await this.apply(conv, this.o.runtime.current.engine.welcome(conv.locale));
      return { seq: 0, duplicate: false };
    }
    if (message.kind === 'text' && message.text.length > this.o.maxMessageChars) {
      await this.say(conv, { text: this.o.runtime.current.phrases.t('too_long', conv.locale, { max: this.o.maxMessageChars }) });
      throw new HubError('too_long', `message longer than ${this.o.maxMessageChars} characters`);
    }
    const seq = await this.o.store.append(conv.id, this.toStored(conv, message)).catch(async (err: Error) => {
      await unmark();
      throw err;
    });
    if (!seq) throw new HubError('not_found', 'unknown conversation');
    await this.o.stats.increment('messages_received');
    if (message.kind === 'text') await this.warnIfUrgent(conv, message.text);
    await this.worker.enqueue(conv.id);
    return { seq, duplicate: false };
  }

  /** Appends a bot/agent/system message and hands it to the conversation's push channel, if any. */
  async say(conv: Conversation, reply: Reply & { urgent?: boolean; from?: 'bot' | 'agent' | 'system'; internal?: boolean }): Promise<number | undefined> {
    const { urgent, internal, from = 'bot', ...rest } = reply;
    if (from === 'agent' && !internal) Object.assign(rest, await this.translateForCitizen(conv, rest.text));
    const seq = await this.o.store.append(conv.id, { from, ...rest, ...(urgent ? { urgent: true } : {}), ...(internal ? { internal: true } : {}) });
    if (seq && conv.address && !internal) await this.delivery.enqueue(conv.channel, { conversationId: conv.id, seq });
    return seq;
  }

  /** An agent's words in the citizen's language, keeping what the agent wrote. */
  private async translateForCitizen(conv: Conversation, text: string): Promise<{ text: string; original?: StoredMessage['original'] }> {
    const agentLocale = this.o.agentLocale ?? 'fr';
    const translated = await this.o.translator?.translate(text, agentLocale, conv.locale);
    return translated ? { text: translated, original: { text, locale: agentLocale } } : { text };
  }

  /** Applies a dialogue outcome: new state, replies, hand-off, survey. */
  async apply(conv: Conversation, outcome: DialogueOutcome): Promise<void> {
    const { step, pending, offered, clarifyCount, locale } = outcome.state;
    await this.o.store.update(conv.id, { step, pending, offered, clarifyCount, locale });
    const current = { ...conv, locale, ...(outcome.answered ? { intent: outcome.answered } : {}) };
    if (outcome.answered) await this.o.store.update(conv.id, { intent: outcome.answered });
    for (const reply of outcome.replies) await this.say(current, reply);
    if (outcome.answered) await this.o.stats.increment('answers_given');
    if (outcome.helped) await this.o.stats.increment('resolved_by_bot');
    if (outcome.handoff?.reason === 'not_helped') await this.o.stats.increment('not_helped');
    if (outcome.handoff) await this.handOff(current, outcome.handoff.intent, outcome.handoff.reason === 'urgent');
    if (outcome.survey !== undefined) {
      await this.o.stats.recordSatisfaction(outcome.survey);
      await this.o.store.update(conv.id, { mode: 'closed' });
    }
  }

  /** Puts a conversation in the agents' queue (or raises it to urgent) and tells the citizen their place. */
  async handOff(conv: Conversation, handoffIntent: string, urgent: boolean): Promise<void> {
    // "Not helped" or "none of these" says nothing new about the topic: keep the one already known.
    const intent = handoffIntent === 'autre' && conv.intent ? conv.intent : handoffIntent;
    if (conv.mode === 'agent') {
      if (urgent && !conv.urgent) await this.o.store.update(conv.id, { urgent: true });
      return;
    }
    const waitingSince = conv.mode === 'waiting' && conv.waitingSince ? conv.waitingSince : new Date().toISOString();
    const isUrgent = urgent || conv.urgent;
    await this.o.store.update(conv.id, { mode: 'waiting', waitingSince, urgent: isUrgent, intent, closedAt: undefined, pending: undefined, offered: [] });
    if (conv.closedAt) await this.o.redis.zrem(`${this.o.prefix}:closed`, conv.id);
    await this.o.handoff.enqueue({
      id: conv.id, urgent: isUrgent, intent, locale: conv.locale, channel: conv.channel, waitingSince,
      summary: await this.summary(conv.id),
    });
    if (conv.mode !== 'waiting') {
      await this.o.stats.increment('handoffs');
      if (isUrgent) await this.o.stats.increment('handoffs_urgent');
    }
    // The hand-off owns the wording of the place and the estimated wait (queue-notifier.ts).
    await this.handoffHooks?.announcePlace({ ...conv, mode: 'waiting', waitingSince, urgent: isUrgent, intent });
    this.o.log.info('handed off', { conversation: conv.id, urgent: isUrgent, intent });
  }

  /** Ends a conversation (by its agent or its citizen) and asks the satisfaction question. */
  async close(conversationId: string, by: { agent?: string; outcome?: string }): Promise<void> {
    const conv = await this.o.store.get(conversationId);
    if (!conv) throw new HubError('not_found', 'unknown conversation');
    if (conv.mode === 'closed' || conv.mode === 'survey') return;
    await this.o.handoff.withdraw(conv.id);
    await this.o.store.markClosed(conv.id, { mode: 'survey', outcome: by.outcome });
    await this.o.stats.increment('conversations_closed');
    await this.handoffHooks?.closed(conv);
    const { engine } = this.o.runtime.current;
    await this.apply({ ...conv, mode: 'survey' }, engine.survey(dialogueState(conv)));
    this.o.log.info('conversation closed', { conversation: conv.id, by: by.agent ? 'agent' : 'citizen' });
  }

  private async warnIfUrgent(conv: Conversation, text: string): Promise<void> {
    const result = this.o.runtime.current.triage.classify(text, conv.locale);
    if (!result.urgent) return;
    await this.o.stats.increment('urgent_messages');
    await this.say(conv, { text: this.o.runtime.current.phrases.t('emergency_now', result.locale || conv.locale), urgent: true });
  }

  private toStored(conv: Conversation, message: InboundMessage): Omit<StoredMessage, 'seq' | 'at'> {
    if (message.kind === 'choice') {
      const label = this.o.runtime.current.engine.labelFor(dialogueState(conv), message.choiceId);
      return { from: 'citizen', text: label, choice: message.choiceId };
    }
    if (message.kind === 'media') return { from: 'citizen', text: '', media: message.mediaType };
    return { from: 'citizen', text: message.kind === 'text' ? message.text : '' };
  }

  private async summary(conversationId: string): Promise<string> {
    const texts = (await this.o.store.messages(conversationId)).filter((m) => m.from === 'citizen' && !m.choice && m.text).map((m) => m.text);
    const last = texts.at(-1) ?? '';
    return last.length > 140 ? `${last.slice(0, 139)}…` : last;
  }

  private seenKey(channel: string, platformMessageId: string): string {
    return `${this.o.prefix}:seen:${channel}:${this.hashUser(platformMessageId)}`;
  }

  /** Keyed hash: the same user maps to the same conversation, but the id itself is never stored. */
  private hashUser(id: string): string {
    return createHmac('sha256', this.hashKey ?? '').update(id).digest('base64url');
  }

  private async sharedHashKey(): Promise<string> {
    const key = `${this.o.prefix}:hash-secret`;
    await this.o.redis.set(key, randomBytes(32).toString('hex'), 'NX');
    return (await this.o.redis.get(key))!;
  }
}


/** The conversation's locale: a supported one from the hint, French otherwise. */
export function normaliseLocale(hint?: string): string {
  const base = hint ? baseLocale(hint) : 'fr';
  return (SUPPORTED_LOCALES as readonly string[]).includes(base) ? base : 'fr';
}
