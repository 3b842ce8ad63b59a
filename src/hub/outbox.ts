/** Saying: the one way a bot, agent or system message enters a transcript and, for a push channel,
 * leaves for the platform. Writes are atomic with the state change they belong to (store.write). */
import type { Conversation, ConversationStore, ConversationWrite, NewMessage } from '../conversations/index.js';
import type { Reply } from '../flows/engine.js';
import { NotReplicatedError } from '../redis/sentinel-confirmation.js';
import type { Delivery } from './delivery.js';

/** A bot, agent or system message. */
export type Saying = Reply & {
  from?: 'bot' | 'agent' | 'system';
  urgent?: boolean;
  internal?: boolean;
  author?: string;
  original?: NewMessage['original'];
  queuePosition?: true;
};

/** Turns sayings into transcript entries. */
export function toNewMessages(sayings: Saying[]): NewMessage[] {
  return sayings.map(({ from = 'bot', urgent, internal, ...rest }) => ({
    from,
    ...rest,
    ...(urgent ? { urgent: true as const } : {}),
    ...(internal ? { internal: true as const } : {}),
  }));
}

/** Turns the messages of one write into what the citizen gets (machine translation, hub/citizen-translation.ts). */
export type ForCitizen = (conv: Conversation, messages: NewMessage[]) => Promise<NewMessage[]>;

/** Appends messages and schedules their delivery. */
export class Outbox {
  constructor(
    private readonly store: ConversationStore,
    private readonly delivery: Delivery,
    private readonly forCitizen?: ForCitizen,
  ) {}

  /** Appends one message; its seq, or undefined when the conversation is gone. */
  async say(conv: Conversation, saying: Saying): Promise<number | undefined> {
    return (await this.commit(conv, { append: toNewMessages([saying]) }))?.[0];
  }

  /** One atomic write to a conversation (state and messages), then the delivery of what it appended.
   * Undefined when the conversation is gone or the write's fence no longer holds. */
  async commit(conv: Conversation, given: ConversationWrite): Promise<number[] | undefined> {
    return (await this.commitTurn(conv, given))?.seqs;
  }

  /** commit() that also tells whether the turn lease the write ends (`endsLease`) left its turn due again. */
  async commitTurn(conv: Conversation, given: ConversationWrite): Promise<{ seqs: number[]; dueAgain: boolean } | undefined> {
    // Translated before the write, so the transcript holds what the citizen reads (the original beside it).
    const write = given.append?.length && this.forCitizen ? { ...given, append: await this.forCitizen(conv, given.append) } : given;
    let written: { seqs: number[]; dueAgain: boolean } | undefined;
    try {
      written = await this.store.writeTurn(conv.id, write);
    } catch (err) {
      // A new conversation refused after its write (503: a failover the hub could not be sure of) may
      // have been kept; its messages are its first seqs. Their delivery finds them, or nothing, and the
      // platform's resend of the citizen's message then finds it opened and welcomed.
      if (write.create && err instanceof NotReplicatedError)
        await this.deliver(
          conv,
          write,
          Array.from(write.append ?? [], (_, i) => i + 1),
        ).catch(() => {});
      throw err;
    }
    if (written?.seqs.length) await this.deliver(conv, write, written.seqs);
    return written;
  }

  /** Schedules a push conversation's messages just written (`seqs`, those of `write.append`), internal notes apart. */
  private async deliver(conv: Conversation, write: ConversationWrite, seqs: number[]): Promise<void> {
    if (!conv.address) return;
    const shown = seqs.filter((_, i) => !write.append?.[i]?.internal);
    if (shown.length) await this.delivery.schedule(conv.channel, conv.id, shown);
  }
}
