/** Wires the hand-off and the console: presence, routing, queue notices, sweep, audit, live bus.
 * Called once per hub process by the composition root (app.ts). */
import type { Redis } from 'ioredis';
import type { AccountStore } from '../agents/accounts.js';
import { AuditLog } from '../agents/audit.js';
import { LoginGuard } from '../agents/login-guard.js';
import type { Config } from '../config.js';
import type { ContentRuntime } from '../content/runtime.js';
import { type ConversationStore, dangerLevel } from '../conversations/index.js';
import { Assignments } from '../handoff/assignments.js';
import type { HandoffQueue } from '../handoff/handoff-queue.js';
import { Presence } from '../handoff/presence.js';
import { QueueNotifier } from '../handoff/queue-notifier.js';
import { Router } from '../handoff/router.js';
import type { HandoffSignal } from '../handoff/signals.js';
import { sweepInterval } from '../handoff/sweeper.js';
import { Sweeper } from '../jobs/sweeper.js';
import { closeIdleCitizens, requeueDisconnected } from '../handoff/upkeep.js';
import { AgentDesk } from '../hub/agent-desk.js';
import { RedisLock } from '../redis/lock.js';
import type { Clock } from '../core/clock.js';
import type { HubEvents } from '../hub/events.js';
import type { Lifecycle } from '../hub/lifecycle.js';
import type { Outbox } from '../hub/outbox.js';
import { summarise } from '../handoff/summary.js';
import { skillsFor } from '../content/routing.js';
import type { IntentId } from '../core/triage.js';
import type { Logger } from '../log.js';
import type { RedisTarget } from '../redis/connect.js';
import type { Stats } from '../stats/stats.js';
import { ConsoleBus } from './bus.js';
import { SupervisorView } from './supervisor.js';

/** What the agent API and the console socket use beyond the hub itself. */
export interface ConsoleServices {
  routing: { mode: 'pick' | 'auto'; capacity: number };
  bus: ConsoleBus;
  presence: Presence;
  /** How often each process refreshes its open consoles' presence. */
  heartbeatMs: number;
  audit: AuditLog;
  loginGuard: LoginGuard;
  assignments: Assignments;
  supervisor: SupervisorView;
  router: Router;
  /** Publishes a hand-off signal to every process and reacts locally (auto-assignment). */
  signal: (signal: HandoffSignal) => void;
}

/** Everything the wiring needs from the app. */
export interface ConsoleDeps {
  config: Config;
  redis: Redis;
  redisTarget: RedisTarget;
  store: ConversationStore;
  handoff: HandoffQueue;
  events: HubEvents;
  outbox: Outbox;
  lifecycle: Lifecycle;
  clock: Clock;
  stats: Stats;
  accounts: AccountStore;
  runtime: ContentRuntime;
  log: Logger;
  /** Asks for Redis's files to be rewritten (after something erased left a trace in them). */
  compact: () => void;
}

/** Builds and starts the services and the agent desk; `stop` undoes it. */
export async function startConsoleServices(d: ConsoleDeps): Promise<{ services: ConsoleServices; desk: AgentDesk; stop(): Promise<void> }> {
  const { config, redis, store, handoff, outbox, lifecycle, stats, accounts, log } = d;
  const prefix = config.redisPrefix;
  const routing = { mode: config.routingMode, capacity: config.agentCapacity };
  const lock = new RedisLock(redis, prefix, 10_000);
  const bus = new ConsoleBus(redis, d.redisTarget.connect(), prefix);
  await bus.start();
  const heartbeatMs = Math.max(100, Math.min(5000, Math.floor(config.agentGraceMs / 3)));
  const presence = new Presence(redis, prefix, { graceMs: config.agentGraceMs, heartbeatMs });
  const audit = new AuditLog(redis, prefix, () => new Date(d.clock.now()), config.auditRetentionDays);
  const assignments = new Assignments(redis, prefix, store);
  const phrases = () => d.runtime.current.phrases;
  // Read at each hand-off, so an edited routing.yaml applies to the next conversation in line.
  const skillsOf = (conv: { intent?: string; locale: string }) => skillsFor(d.runtime.current.content.routing, conv);
  const availableAgents = async (): Promise<number> => {
    const names = (await accounts.list()).filter((a) => a.role !== 'editor').map((a) => a.username);
    return [...(await presence.statusOf(names)).values()].filter((s) => s === 'available').length;
  };

  let router: Router | undefined;
  const publish = (signal: HandoffSignal): void => {
    bus.publish(signal);
    if (signal.t === 'mine' || signal.t === 'presence') router?.kick(); // capacity may have freed up
  };
  const notifier = new QueueNotifier({
    redis,
    prefix,
    handoff,
    store,
    lock,
    phrases,
    say: async (conv, text) => void (await outbox.say(conv, { from: 'system', text, queuePosition: true })),
    capacity: async () => ({ agents: await availableAgents(), capacity: routing.capacity, handleMs: await stats.averageHandleMs() }),
  });
  const desk = new AgentDesk({
    outbox,
    lifecycle,
    agentLocale: 'fr',
    store,
    handoff,
    stats,
    phrases,
    accounts,
    assignments,
    presence,
    audit,
    publish,
    skillsFor: skillsOf,
    timeZone: config.statsTimeZone,
    intentTitle: (intent) => d.runtime.current.content.knowledge.get(intent as IntentId)?.title.fr,
    announce: (conv) => notifier.announce(conv),
    now: () => new Date(d.clock.now()),
  });
  router = new Router({
    ...routing,
    handoff,
    assignments,
    presence,
    lock,
    agents: () => accounts.list(),
    fallbackMs: () => d.runtime.current.content.routing.fallbackSeconds * 1000,
    now: () => d.clock.now(),
    assign: (agent, id) => desk.assign(agent, id),
    onError: (err) => log.warn('auto-assignment failed', { error: err.message }),
  });
  // The hand-off's side of the hub's events: the queue entry, the place told, the agent's load.
  const offHandedOff = d.events.on('handed_off', async ({ conversation: conv, urgent, raised, afterHours }) => {
    // A quick exit may land while a turn hands the conversation off: an erased one is never queued.
    if (!(await store.exists(conv.id))) return;
    await handoff.enqueue({
      id: conv.id,
      urgent,
      danger: urgent ? 'now' : dangerLevel(conv),
      intent: conv.intent ?? 'autre',
      locale: conv.locale,
      channel: conv.channel,
      waitingSince: conv.waitingSince ?? new Date(d.clock.now()).toISOString(),
      summary: summarise(await store.messages(conv.id)),
      ...(afterHours ? { afterHours: true } : {}),
      skills: skillsOf(conv),
    });
    if (!(await store.exists(conv.id))) {
      // Erased while it was being queued: the `erased` listener found no entry to withdraw, so
      // withdraw it here, and have Redis's files rewritten again (the entry carried a summary).
      await handoff.withdraw(conv.id);
      d.compact();
      return;
    }
    if (!raised) await notifier.announce(conv);
    log.info('handed off', { conversation: conv.id, urgent, intent: conv.intent });
  });
  const offClosed = d.events.on('closed', async ({ conversation: conv }) => {
    await handoff.withdraw(conv.id);
    await desk.closed(conv);
  });
  // A quick exit: out of the queue and off its agent's desk; consoles show only that it was erased.
  // Consoles hear `erased` before the queue and "mine" changes, which make them read the
  // conversation again and find it gone (404): they know why by then.
  const offErased = d.events.on('erased', async ({ conversation: conv }) => {
    const agent = conv.mode === 'agent' ? conv.agent : undefined;
    publish({ t: 'erased', id: conv.id, ...(agent ? { agent } : {}) });
    await handoff.withdraw(conv.id);
    if (agent) {
      await assignments.remove(agent, conv.id);
      publish({ t: 'mine', agents: [agent] });
    }
  });
  const offUndeliverable = d.events.on('undeliverable', ({ conversationId }) => bus.publish({ t: 'undeliverable', id: conversationId }));

  const offQueue = handoff.onChange(() => {
    bus.publish({ t: 'queue' });
    router?.kick();
    notifier.kick();
  });
  // Counters move with every message: tell supervisors at most four times a second.
  let statsTimer: NodeJS.Timeout | undefined;
  const offStats = stats.onChange(() => {
    statsTimer ??= setTimeout(() => {
      statsTimer = undefined;
      bus.publish({ t: 'stats' });
    }, 250);
  });
  const sweeper = new Sweeper({
    name: 'handoff',
    intervalMs: sweepInterval(config.agentGraceMs, config.citizenIdleMs),
    lock,
    log,
    clock: d.clock,
    chores: [
      { name: 'requeue', run: () => requeueDisconnected({ presence, assignments, release: (id, agent) => desk.releaseDisconnected(id, agent) }) },
      {
        name: 'idle',
        run: () => closeIdleCitizens({ idleMs: config.citizenIdleMs, assignments, store, outbox, lifecycle, audit, phrases, now: () => d.clock.now() }),
      },
      { name: 'assign', run: () => router!.run() },
      { name: 'notify', run: () => notifier.update() },
    ],
  });
  sweeper.start();

  const supervisor = new SupervisorView({ stats, handoff, assignments, presence, accounts, routing });
  const services: ConsoleServices = {
    routing,
    bus,
    presence,
    heartbeatMs,
    audit,
    loginGuard: new LoginGuard(redis, prefix),
    assignments,
    supervisor,
    router,
    signal: publish,
  };
  return {
    services,
    desk,
    stop: async () => {
      sweeper.stop();
      router?.stop();
      notifier.stop();
      clearTimeout(statsTimer);
      offQueue();
      offStats();
      offHandedOff();
      offClosed();
      offErased();
      offUndeliverable();
      await bus.stop();
    },
  };
}
