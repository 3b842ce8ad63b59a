/** Who runs the bot's turns: every hub process leases conversations whose turn is owed (the store's
 * `turns` index, marked in the same script that stores a citizen's message), runs their turns in
 * order (one turn per lease), and settles the lease. No job per message: the conversation's cursor (`processedSeq`) says
 * what is left. A process that dies holding a lease loses it after LEASE_MS, and any other process
 * (or the same one restarted) takes the conversation up; the turn's fence keeps it answered once. */
import type { Clock, TimerHandle } from '../core/clock.js';
import type { StoredMessage } from '../core/messages.js';
import type { ContentRuntime } from '../content/runtime.js';
import type { Conversation, ConversationStore, TurnState } from '../conversations/index.js';
import type { Logger } from '../log.js';
import type { Stats } from '../stats/stats.js';
import type { HubEvents } from './events.js';
import type { Outbox } from './outbox.js';
import { compose, type TurnContext, type TurnStep, turnWrite } from './turn.js';

/** How long a lease lasts: the longest a killed process delays a conversation. A lease covers one turn. */
export const LEASE_MS = 3000;
/** How often each process looks for owed turns without being woken (leases that ran out). */
const POLL_MS = 500;

/** What the worker needs. */
export interface TurnWorkerOptions {
  store: ConversationStore;
  runtime: ContentRuntime;
  outbox: Outbox;
  events: HubEvents;
  stats: Stats;
  clock: Clock;
  log: Logger;
  steps: TurnStep[];
  /** Conversations this process works on at once. */
  concurrency: number;
  /** The teams a survey answer counts for: the skills of the agents who held the conversation. */
  teamsOf?: (conv: Conversation) => Promise<string[]>;
}

/** Leases and runs turns; `wake()` when a citizen message was stored (here or, via pub/sub, elsewhere). */
export class TurnWorker {
  private readonly run: (ctx: TurnContext) => Promise<void>;
  private active = 0;
  private polling?: TimerHandle;
  private looking = false;
  private again = false;
  private stopped = true;
  private readonly idle = new Set<() => void>();

  constructor(private readonly o: TurnWorkerOptions) {
    this.run = compose(o.steps);
  }

  /** Starts polling; owed turns (left by a killed process too) are taken up at once. */
  start(): void {
    this.stopped = false;
    this.polling = this.o.clock.setInterval(() => this.wake(), POLL_MS);
    this.wake();
  }

  /** Stops taking new turns and waits for the running ones. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.o.clock.clearInterval(this.polling);
    if (this.active) await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  /** Looks for owed turns now. */
  wake(): void {
    if (this.stopped) return;
    if (this.looking) {
      this.again = true;
      return;
    }
    this.looking = true;
    void this.lease()
      .catch((err: Error) => this.o.log.warn('turn lease failed', { error: err.message }))
      .finally(() => {
        this.looking = false;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async lease(): Promise<void> {
    const room = this.o.concurrency - this.active;
    if (room <= 0) return;
    const lease = this.o.clock.now() + LEASE_MS;
    for (const { id, state } of await this.o.store.leaseTurnsWithState(room, lease)) {
      this.active++;
      void this.work(id, lease, state).finally(() => {
        this.active--;
        if (!this.active) for (const resolve of this.idle) resolve();
        this.idle.clear();
        this.wake();
      });
    }
  }

  /** Runs the conversation's next owed turn, then settles the lease: the state read with the lease, the
   * turn's write, one settle. A citizen message still unanswered after it keeps the conversation due at once, and the
   * next lease (here or in another process) takes it up, in order: the cursor says what is next. The
   * lease was taken just before, so it needs no renewal first (a turn takes milliseconds; its write is
   * fenced on the cursor anyway). */
  private async work(id: string, lease: number, read: () => TurnState | undefined): Promise<void> {
    try {
      const state = read();
      const message = state && nextCitizenMessage(state.conv, state.unprocessed);
      if (state && message) await this.turn(state.conv, message);
    } catch (err) {
      this.o.log.warn('turn failed', { conversation: id, error: (err as Error).message });
      return; // the lease runs out and the turn is tried again
    }
    await this.o.store.settleTurn(id, lease);
  }

  private async turn(conv: Conversation, message: StoredMessage): Promise<void> {
    // Turns run in order, so nothing processed yet means this is the citizen's first message.
    const first = conv.processedSeq === 0;
    const ctx: TurnContext = { conv, message, version: this.o.runtime.current, first, set: {}, say: [], counters: [] };
    await this.run(ctx);
    const seqs = await this.o.outbox.commit(conv, turnWrite(ctx, conv.processedSeq));
    if (!seqs) return; // another process applied this turn first
    await this.o.stats.incrementAll(ctx.counters);
    if (ctx.rating !== undefined) await this.o.stats.recordSatisfaction(ctx.rating, (await this.o.teamsOf?.(conv)) ?? []);
    if (ctx.event) await this.o.events.emit(ctx.event.name, ctx.event.payload);
  }
}

/** The first citizen message the bot has not answered yet, among those after its cursor. */
function nextCitizenMessage(conv: Conversation, unprocessed: StoredMessage[]): StoredMessage | undefined {
  if ((conv.citizenSeq ?? 0) <= conv.processedSeq) return undefined;
  return unprocessed.find((m) => m.from === 'citizen');
}
