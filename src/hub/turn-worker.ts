/** Who runs the bot's turns: every hub process runs the turns of the messages it stored (the script that
 * stores a citizen's message marks the turn owed in the store's `turns` index and leases it to that
 * process when no one holds it), leases the other owed ones, runs them in order (one turn per lease),
 * and settles the lease (the turn's write does it). No job per message: the conversation's cursor (`processedSeq`) says
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
/** How often each process looks for owed turns without being woken (leases that ran out, turns left by a
 * process that had no room). */
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

/** Leases and runs turns: those leased when their message was stored here (`take`), and owed ones it
 * looks for (`wake()`, and every POLL_MS). */
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

  /** The lease a citizen message's store may take for this process (appendCitizenAndLease), so the
   * process that stored it runs its turn at once; undefined when this process has no room (the turn is
   * left due, for the next lease here or elsewhere). Room is counted when a turn starts, so messages being
   * stored at the same moment may take a few turns past `concurrency` (each has its request in flight
   * anyway): the bound is on turns waiting for a slot, not a hard cap. */
  leaseForNewMessage(): number | undefined {
    return this.stopped || this.active >= this.o.concurrency ? undefined : this.o.clock.now() + LEASE_MS;
  }

  /** What the process that stored a citizen's message says when leaseForNewMessage gave it no lease
   * (no room here then): the turn is owed in the index now. Slots that freed while that write was in
   * flight looked before it landed, and a slot that frees with room to spare does not look: so a
   * process with room looks now. A process still full looks when its next slot frees (finished). */
  leftDue(): void {
    if (this.active < this.o.concurrency) this.wake();
  }

  /** A citizen's message whose store leased its turn here was refused after the write (503: a failover
   * it could not be sure of), before its turn started. The write may have been kept: the lease is given
   * back, and the turn taken up now when it is owed, rather than when the lease runs out. */
  giveBack(id: string, lease: number): void {
    void this.o.store.settleTurn(id, lease).then(
      (settled) => settled === 'due' && this.wake(),
      () => {}, // Redis away: the lease runs out on its own
    );
  }

  private async lease(): Promise<void> {
    const room = this.o.concurrency - this.active;
    if (room <= 0) return;
    const lease = this.o.clock.now() + LEASE_MS;
    for (const { id, state } of await this.o.store.leaseTurnsWithState(room, lease)) this.take(id, lease, state);
  }

  /** Runs a leased turn: one this worker leased, or one leased when its message was stored (leaseForNewMessage). */
  take(id: string, lease: number, state: () => TurnState | undefined): void {
    this.active++;
    void this.work(id, lease, state).then(
      (dueAgain) => this.finished(dueAgain),
      () => this.finished(false),
    );
  }

  /** A turn ended: the worker looks again when that turn is due again or when turns were left for want of room. */
  private finished(dueAgain: boolean): void {
    const wasFull = this.active >= this.o.concurrency;
    this.active--;
    if (!this.active) for (const resolve of this.idle) resolve();
    this.idle.clear();
    if (dueAgain || wasFull) this.wake();
  }

  /** Runs the conversation's next owed turn and ends the lease; true when the conversation is due again
   * (a citizen wrote while the turn ran). The state was read with the lease; the turn's write settles the
   * lease in the same script. A citizen message still unanswered after it keeps the conversation due at
   * once, and the next lease (here, woken when this ends, or in another process) takes it up, in order: the
   * cursor says what is next. Every other way out (nothing to answer, a write fenced or refused because
   * the conversation is gone, a turn with an event) settles on its own: a lease left held would hold the
   * conversation until it runs out. The lease was taken just before, so it needs no renewal first (a turn
   * takes milliseconds; its write is fenced on the cursor anyway). */
  private async work(id: string, lease: number, read: () => TurnState | undefined): Promise<boolean> {
    let written: { dueAgain: boolean } | undefined;
    try {
      const state = read();
      const message = state && nextCitizenMessage(state.conv, state.unprocessed);
      if (state && message) written = await this.turn(state.conv, message, lease);
    } catch (err) {
      this.o.log.warn('turn failed', { conversation: id, error: (err as Error).message });
      return false; // the lease runs out and the turn is tried again
    }
    if (written) return written.dueAgain;
    return (await this.o.store.settleTurn(id, lease)) === 'due';
  }

  /** One turn; what its write said when that write went through and settled the lease. */
  private async turn(conv: Conversation, message: StoredMessage, lease: number): Promise<{ dueAgain: boolean } | undefined> {
    // Turns run in order, so nothing processed yet means this is the citizen's first message.
    const first = conv.processedSeq === 0;
    const ctx: TurnContext = { conv, message, version: this.o.runtime.current, first, set: {}, say: [], counters: [] };
    await this.run(ctx);
    // A turn with an event (a hand-off, a close) keeps its lease until the event is out, so the next turn
    // of this conversation starts after the listeners ran (the hand-off's queue entry exists), as it always did.
    const endsLease = ctx.event ? undefined : lease;
    const written = await this.o.outbox.commitTurn(conv, turnWrite(ctx, conv.processedSeq, endsLease));
    if (!written) return undefined; // another process applied this turn first, or the conversation is gone
    await this.o.stats.incrementAll(ctx.counters);
    if (ctx.rating !== undefined) await this.o.stats.recordSatisfaction(ctx.rating, (await this.o.teamsOf?.(conv)) ?? []);
    if (ctx.event) await this.o.events.emit(ctx.event.name, ctx.event.payload);
    return endsLease ? written : undefined;
  }
}

/** The first citizen message the bot has not answered yet, among those after its cursor. */
function nextCitizenMessage(conv: Conversation, unprocessed: StoredMessage[]): StoredMessage | undefined {
  if ((conv.citizenSeq ?? 0) <= conv.processedSeq) return undefined;
  return unprocessed.find((m) => m.from === 'citizen');
}
