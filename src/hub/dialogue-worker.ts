/** The bot's side of a conversation: a Bull worker takes each conversation's unprocessed citizen
 * messages in order (one conversation at a time across processes, through a Redis lock), runs the
 * triage and the flow engine, and applies the outcome through the hub. */
import type Queue from 'bull';
import type { StoredMessage } from '../core/messages.js';
import type { Conversation } from '../conversations/index.js';
import { QUEUES } from '../jobs/bull.js';
import { ConversationLock } from './conversation-lock.js';
import { dialogueState } from './dialogue-state.js';
import type { Hub, HubOptions } from './hub.js';

/** The bot's work on a conversation: retried a few times if a worker fails. */
const INBOUND_JOB = { attempts: 5, backoff: { type: 'exponential', delay: 200 }, removeOnComplete: true, removeOnFail: 100 };

export class DialogueWorker {
  private readonly inbound: Queue.Queue<{ conversationId: string }>;
  private readonly lock: ConversationLock;

  constructor(private readonly hub: Hub, private readonly o: HubOptions) {
    this.inbound = o.queues.create(QUEUES.inbound);
    this.lock = new ConversationLock(o.redis, o.prefix);
  }

  /** Starts this process's share of the work, and picks up what a killed hub left unanswered. */
  start(concurrency: number): void {
    void this.inbound.process(concurrency, (job) => this.work(job.data.conversationId));
    void this.resumeUnanswered().catch((err: Error) => this.o.log.warn('resume failed', { error: err.message }));
  }

  /** Asks for the bot's work on a conversation that has a new citizen message. */
  async enqueue(conversationId: string): Promise<void> {
    await this.inbound.add({ conversationId }, INBOUND_JOB);
  }

  /** A hub killed between storing a citizen's message and queueing the bot's work leaves it
   * unanswered: at start, queue every open conversation that has such a message. */
  private async resumeUnanswered(): Promise<void> {
    const open = await this.o.redis.zrange(`${this.o.prefix}:open`, 0, -1);
    let resumed = 0;
    for (const id of open) {
      const conv = await this.o.store.get(id);
      if (!conv || conv.mode === 'closed' || !(await this.nextCitizenMessage(conv))) continue;
      await this.enqueue(id);
      resumed++;
    }
    if (resumed) this.o.log.info('resumed unanswered conversations', { count: resumed });
  }

  /** Handles the conversation's unprocessed citizen messages in order. */
  private async work(conversationId: string): Promise<void> {
    const release = await this.lock.acquire(conversationId);
    if (!release) return; // the holder re-checks for new messages after releasing
    try {
      await this.drain(conversationId);
    } finally {
      await release();
    }
    const conv = await this.o.store.get(conversationId);
    if (conv && (await this.nextCitizenMessage(conv))) await this.work(conversationId);
  }

  private async drain(conversationId: string): Promise<void> {
    for (;;) {
      const conv = await this.o.store.get(conversationId);
      if (!conv) return;
      const next = await this.nextCitizenMessage(conv);
      if (!next) return;
      await this.handleCitizenMessage(conv, next);
      await this.o.store.update(conv.id, { processedSeq: next.seq });
    }
  }

  private async nextCitizenMessage(conv: Conversation): Promise<StoredMessage | undefined> {
    return (await this.o.store.messages(conv.id, conv.processedSeq, { internal: true })).find((m) => m.from === 'citizen');
  }

  private async handleCitizenMessage(conv: Conversation, message: StoredMessage): Promise<void> {
    const { engine, triage } = this.o.runtime.current;
    const result = message.choice === undefined && !message.media ? triage.classify(message.text, conv.locale) : undefined;
    if (conv.mode === 'waiting' || conv.mode === 'agent') {
      // A person handles it now; the bot only raises the urgency and says what it cannot read.
      await this.translateForAgents(conv, message);
      if (result?.urgent) await this.hub.handOff(conv, result.intent, true);
      if (message.media) await this.hub.say(conv, { text: this.o.runtime.current.phrases.t('media_unsupported', conv.locale) });
      return;
    }
    if (conv.mode === 'closed') return;
    const state = dialogueState(conv);
    const outcome = message.media
      ? engine.handle(state, { kind: 'media' })
      : message.choice !== undefined
        ? engine.handle(state, { kind: 'choice', choiceId: message.choice })
        : engine.handle(state, { kind: 'text', text: message.text, triage: result! });
    if (conv.mode === 'survey' && outcome.survey === undefined && !message.choice) {
      // A new question instead of a rating: the conversation goes on.
      await this.o.store.update(conv.id, { mode: 'bot', closedAt: undefined });
      await this.o.redis.zrem(`${this.o.prefix}:closed`, conv.id);
      conv = { ...conv, mode: 'bot' };
    }
    // The topic triage found; a vague follow-up ("autre") does not erase an earlier one.
    if (result?.intent && (result.intent !== 'autre' || !conv.intent)) {
      await this.o.store.update(conv.id, { intent: result.intent });
      conv = { ...conv, intent: result.intent };
    }
    await this.hub.apply(conv, outcome);
  }

  /** Gives agents a translation of a citizen's message written in another language (an internal note). */
  private async translateForAgents(conv: Conversation, message: StoredMessage): Promise<void> {
    const agentLocale = this.o.agentLocale ?? 'fr';
    if (!this.o.translator || !message.text || message.choice !== undefined || conv.locale === agentLocale) return;
    const translated = await this.o.translator.translate(message.text, conv.locale, agentLocale);
    if (translated) await this.hub.say(conv, { from: 'system', internal: true, text: `[${conv.locale} → ${agentLocale}] ${translated}` });
  }
}
