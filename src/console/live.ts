/** This process's open consoles, and the fan-out of bus signals to them: queue, "mine", assignments,
 * presence and supervisor figures. Every process holds its own consoles; Redis pub/sub links them. */
import type { WebSocket } from 'ws';
import type { AgentSession } from '../agents/accounts.js';
import { can } from '../agents/roles.js';
import type { HandoffSignal } from '../handoff/signals.js';
import type { AgentParts } from '../web/context.js';

/** One authenticated console connection. */
export interface ConsoleClient {
  ws: WebSocket;
  /** Random id of this connection (presence counts connections, not people). */
  connection: string;
  session: AgentSession;
  token: string;
  /** Conversations this console shows live → how to stop. */
  follows: Map<string, () => void>;
  send(frame: unknown): void;
}

/** Signals → frames for the consoles connected to this process. */
export class ConsoleLive {
  private readonly clients = new Set<ConsoleClient>();
  private readonly offSignal: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly ticker: NodeJS.Timeout;
  private queueBusy = false;
  private queueAgain = false;
  private statsTimer?: NodeJS.Timeout;

  constructor(private readonly ctx: AgentParts) {
    this.offSignal = ctx.console.bus.onSignal((s) => this.onSignal(s));
    this.heartbeat = setInterval(() => void this.beat(), ctx.console.heartbeatMs);
    // Supervisors see figures move at least once a second (waiting times grow without any event).
    this.ticker = setInterval(() => this.statsSoon(), 1000);
    this.heartbeat.unref?.();
    this.ticker.unref?.();
  }

  /** Starts serving a console. */
  add(client: ConsoleClient): void {
    this.clients.add(client);
  }

  /** Stops serving a console. */
  remove(client: ConsoleClient): void {
    this.clients.delete(client);
    for (const off of client.follows.values()) off();
    client.follows.clear();
  }

  /** Sends the queue to one console (on connect). */
  async sendQueue(client: ConsoleClient): Promise<void> {
    if (can(client.session.role, 'queue')) client.send({ type: 'queue', waiting: await this.ctx.handoff.list() });
  }

  /** Sends "my conversations" to one console. */
  async sendMine(client: ConsoleClient): Promise<void> {
    if (can(client.session.role, 'converse')) client.send({ type: 'mine', conversations: await this.ctx.desk.mine(client.session) });
  }

  /** Sends the supervisor figures to one console. */
  async sendStats(client: ConsoleClient, maxAgeMs = 0): Promise<void> {
    if (can(client.session.role, 'supervise')) client.send({ type: 'stats', stats: await this.ctx.console.supervisor.figures(maxAgeMs) });
  }

  stop(): void {
    this.offSignal();
    clearInterval(this.heartbeat);
    clearInterval(this.ticker);
    clearTimeout(this.statsTimer);
    for (const client of this.clients) this.remove(client);
  }

  private onSignal(signal: HandoffSignal): void {
    if (signal.t === 'queue') this.queueSoon();
    else if (signal.t === 'mine') {
      for (const client of this.clients) {
        if (!signal.agents.includes(client.session.username)) continue;
        void this.sendMine(client).catch(() => {});
        void this.recheckFollows(client);
      }
      this.statsSoon();
    } else if (signal.t === 'assigned') {
      for (const client of this.clients) if (client.session.username === signal.agent) client.send({ type: 'assigned', id: signal.id, by: signal.by });
    } else if (signal.t === 'presence') {
      if (signal.agent) void this.sendPresence(signal.agent);
      this.statsSoon();
    } else if (signal.t === 'stats') this.statsSoon();
    else if (signal.t === 'erased') this.erased(signal.id, signal.agent);
  }

  // Leading edge: the first change is pushed at once; changes during the read make one more read.
  private queueSoon(): void {
    if (this.queueBusy) {
      this.queueAgain = true;
      return;
    }
    this.queueBusy = true;
    void (async () => {
      try {
        do {
          this.queueAgain = false;
          const waiting = await this.ctx.handoff.list().catch(() => undefined);
          if (!waiting) continue;
          for (const client of this.clients) {
            if (can(client.session.role, 'queue')) client.send({ type: 'queue', waiting });
            void this.recheckFollows(client);
          }
        } while (this.queueAgain);
      } finally {
        this.queueBusy = false;
      }
      this.statsSoon();
    })();
  }

  private statsSoon(): void {
    if (![...this.clients].some((c) => can(c.session.role, 'supervise'))) return;
    this.statsTimer ??= setTimeout(async () => {
      this.statsTimer = undefined;
      const stats = await this.ctx.console.supervisor.figures(100).catch(() => undefined);
      if (!stats) return;
      for (const client of this.clients) if (can(client.session.role, 'supervise')) client.send({ type: 'stats', stats });
    }, 50);
  }

  private async sendPresence(agent: string): Promise<void> {
    const mine = [...this.clients].filter((c) => c.session.username === agent);
    if (!mine.length) return;
    const status = (await this.ctx.console.presence.statusOf([agent])).get(agent);
    for (const client of mine) client.send({ type: 'presence', status });
  }

  /** Every console that may show conversations is told (an id, no word): one showing it, even one
   * whose follow is still starting, clears it; the agent who held it (`held`) is told so. */
  private erased(id: string, agent?: string): void {
    for (const client of this.clients) {
      if (!can(client.session.role, 'converse')) continue;
      client.follows.get(id)?.();
      client.follows.delete(id);
      client.send({ type: 'erased', id, ...(client.session.username === agent ? { held: true } : {}) });
    }
  }

  /** A followed conversation that changed hands stops streaming to a console that may no longer read it. */
  private async recheckFollows(client: ConsoleClient): Promise<void> {
    for (const id of [...client.follows.keys()]) {
      const allowed = await this.ctx.desk.readable(client.session, id).then(
        () => true,
        () => false,
      );
      if (allowed || !client.follows.has(id)) continue;
      client.follows.get(id)?.();
      client.follows.delete(id);
      client.send({ type: 'revoked', id });
    }
  }

  // Keeps presence alive for open consoles, and closes those whose session ended (logout, expiry, removal).
  private async beat(): Promise<void> {
    const live: { agent: string; connection: string }[] = [];
    for (const client of this.clients) {
      const session = await this.ctx.accounts.session(client.token).catch(() => undefined);
      if (!session) {
        client.send({ type: 'error', error: { code: 'unauthorized', message: 'session ended; log in again' } });
        client.ws.close(4401, 'session ended');
        continue;
      }
      if (can(client.session.role, 'converse')) live.push({ agent: client.session.username, connection: client.connection });
    }
    await this.ctx.console.presence.heartbeat(live).catch(() => {});
  }
}
