/** The composition root of a hub process: config → Redis, content, store, queues, hub, hand-off,
 * console and HTTP, with every side effect wired here once. Channels are added by main.ts. */
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import type { Server } from 'restify';
import type { WebSocketServer } from 'ws';
import { AccountStore } from './agents/accounts.js';
import type { Config } from './config.js';
import { ContentRuntime } from './content/runtime.js';
import { type Clock, systemClock } from './core/clock.js';
import type { WebhookRegistrar } from './core/channel.js';
import type { IntentId } from './core/triage.js';
import { ConversationEvents, ConversationStore } from './conversations/index.js';
import { startRetentionSweep } from './conversations/retention.js';
import { HandoffQueue } from './handoff/handoff-queue.js';
import { startConsoleServices } from './console/services.js';
import { Delivery } from './hub/delivery.js';
import { FollowUps } from './hub/follow-ups.js';
import { HubEvents } from './hub/events.js';
import { Hub } from './hub/hub.js';
import { AppointmentDesk } from './hub/appointments.js';
import { Lifecycle } from './hub/lifecycle.js';
import { Outbox } from './hub/outbox.js';
import { turnSteps } from './hub/turn.js';
import { EasyReadChoice } from './hub/easy-read-choice.js';
import { LocaleChoice } from './hub/locale-choice.js';
import { TurnWorker } from './hub/turn-worker.js';
import { SafeTranslation } from './i18n/safe-translation.js';
import { ConversationTranslation, createTranslator } from './i18n/translator.js';
import { CitizenTranslation } from './hub/citizen-translation.js';
import { createContactChannel } from './contact/contact-channel.js';
import { ContactRequests } from './contact/contact-requests.js';
import { QuickExit } from './hub/quick-exit.js';
import { UnitForwards } from './hub/unit-forwards.js';
import { createMailer } from './mail/mailer.js';
import { CompactionQueue } from './redis/persistence.js';
import { QueueFactory } from './jobs/bull.js';
import { createLogger, type Logger } from './log.js';
import { coalesceWrites } from './redis/coalesce-writes.js';
import { openRedisTarget, type RedisTarget } from './redis/connect.js';
import { RedisLock } from './redis/lock.js';
import type { ConfirmWrite } from './redis/sentinel-confirmation.js';
import { loadSecret } from './secret.js';
import { StationDirectory } from './stations/index.js';
import { Stats } from './stats/stats.js';
import { RateLimiter, createPacer } from './web/rate-limit.js';
import { createWebServer, type WebParts } from './web/server.js';
import { Holds } from './web/holds.js';
import { webhookRegistrar } from './web/webhooks.js';
import { apiChannel, webChannel } from './web/pull-channels.js';
import { loadWidgetTheme } from './web/theme.js';
import { followHubEvents, OutgoingWebhooks } from './webhooks/index.js';
import { goesAhead, skillsFor } from './content/routing.js';
import { serviceStatus } from './service/index.js';

export interface App {
  config: Config;
  hub: Hub;
  server: Server;
  /** Open web chat sockets (closed with "service restart" on stop, so widgets reconnect elsewhere). */
  chatSockets: WebSocketServer;
  /** The parts the HTTP layer was built from (tests reach the store, desk and accounts here). */
  ctx: WebParts;
  /** The outgoing webhooks' sender (tests read what is pending). */
  outgoingWebhooks: OutgoingWebhooks;
  /** The ordered delivery to push channels (tests schedule a message's delivery again). */
  delivery: Delivery;
  /** Where channels mount their webhooks (before `listen`). */
  webhooks: WebhookRegistrar;
  redisTarget: RedisTarget;
  log: Logger;
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  stop(): Promise<void>;
}

/** Everything but the push channels, wired and started (workers on, server not yet listening). */
/** `confirmWrite`: how a citizen's stored message is confirmed instead of the Sentinel one (tests make
 * it refuse a write that was stored, as an unsure failover does). */
export async function createApp(
  config: Config,
  options: { log?: Logger; watchContent?: boolean; clock?: Clock; confirmWrite?: ConfirmWrite } = {},
): Promise<App> {
  const log = options.log ?? createLogger();
  const clock = options.clock ?? systemClock;
  // First: WIDGET_THEME=dsfr without the design system installed stops the hub before anything starts.
  const theme = loadWidgetTheme({ name: config.widgetTheme, dsfrDir: config.dsfrDir });
  // What the welcome promises about privacy is filled in from what this hub does.
  const runtime = await ContentRuntime.load({
    dir: config.contentDir,
    confidenceThreshold: config.confidenceThreshold,
    facts: { retention_hours: config.retentionHours },
    modelDir: config.dataDir,
  });
  const redisTarget = await openRedisTarget(config, 'hub');
  // A few retries, then an error the API turns into 503: a request must not hang while Redis restarts.
  // No auto-pipelining: each of its batches outlived two young-generation collections, so ~30 KB per
  // exchange went to the old generation and a major GC came every few seconds (a 50 ms stall at 500
  // messages/s). The commands sent in one turn of the event loop leave in one write (coalesce-writes.ts);
  // one connection keeps them and their replies in order.
  const redis: Redis = coalesceWrites(redisTarget.connect({ maxRetriesPerRequest: 3 }));
  redis.on('error', (err) => log.warn('redis', { error: err.message }));
  const prefix = config.redisPrefix;
  const secret = loadSecret({ value: config.secret, dataDir: config.dataDir });
  const store = new ConversationStore(redis, prefix, { clock, sealer: secret, confirmWrite: options.confirmWrite ?? redisTarget.confirmWrite });
  const conversationEvents = new ConversationEvents(redisTarget.connect(), store.eventsChannel, clock);
  await conversationEvents.start();
  const queues = new QueueFactory(redisTarget, prefix, log);
  const handoff = new HandoffQueue(queues, (skills) => goesAhead(runtime.current.content.routing, skills));
  const stats = new Stats(redis, prefix, { timeZone: config.statsTimeZone, now: () => new Date(clock.now()) });
  const events = new HubEvents(log);
  const lock = new RedisLock(redis, prefix);
  const phrases = () => runtime.current.phrases;
  const delivery = new Delivery({
    queues,
    store,
    lock,
    events,
    clock,
    log,
    listButton: (conv) => citizenTranslation.channelPhrase(conv, 'list_button'),
    pace: createPacer(redis, prefix),
    recordUndeliverable: async (conv, message, reason) =>
      void (await outbox.say(conv, {
        from: 'system',
        internal: true,
        text: phrases().t('note_undeliverable', 'fr', { seq: message.seq, reason }),
      })),
  });
  // Machine translation (TRANSLATE_URL): agents read citizens, citizens of thirty more languages read the hub.
  const translator = createTranslator(config.translateUrl, { timeoutMs: config.translateTimeoutMs, clock });
  const translation = new ConversationTranslation(translator);
  const citizenTranslation = new CitizenTranslation({
    translator,
    safe: new SafeTranslation({ translator, redis, prefix, cacheTtlSeconds: config.translateCacheHours * 3600 }),
    source: config.translateSource,
    agentLocale: translation.agentLocale,
    phrases,
    enabled: translation.enabled,
  });
  const outbox = new Outbox(store, delivery, (conv, messages) => citizenTranslation.forCitizen(conv, messages));
  const lifecycle = new Lifecycle({ store, outbox, events, runtime, stats, clock, log });
  const followUps = new FollowUps({ store, secret });
  const stations = new StationDirectory(redis, prefix);
  const accounts = new AccountStore(redis, prefix, config.agentSessionHours);
  // A quick exit rewrites Redis's files soon after, one rewrite at a time, without making anyone wait.
  const compaction = new CompactionQueue(redis, (err) => log.warn('persistence rewrite failed', { error: err.message }));
  const quickExit = new QuickExit({ store, events, stats, log, compact: () => compaction.request() });
  const turns = new TurnWorker({
    store,
    runtime,
    outbox,
    events,
    stats,
    clock,
    log,
    // Turns wait on Redis most of their time: at 16 at once, 500 messages/s offered queued up behind
    // the slots with the CPU at 60 % (bench/open-loop.ts); a conversation's turns stay in order at any number.
    concurrency: 64,
    // A survey answer counts for the teams (skills) of everyone who held the conversation.
    teamsOf: async (conv) => {
      const held = await Promise.all((conv.heldBy ?? []).map((username) => accounts.find(username)));
      return [...new Set(held.flatMap((a) => a?.skills ?? []))];
    },
    steps: turnSteps({ translation, clock, followUps, stations }),
  });
  const hub = new Hub({
    redis,
    prefix,
    store,
    outbox,
    events,
    delivery,
    turns,
    runtime,
    stats,
    log,
    maxMessageChars: config.maxMessageChars,
    secret,
    clock,
    erase: (id) => quickExit.erase(id),
    translation: citizenTranslation,
  });
  hub.start();
  await hub.addChannel(webChannel);
  await hub.addChannel(apiChannel);
  // The contact form's answers leave by e-mail when SMTP_URL is set; the address is then the channel's.
  const mailer = config.smtpUrl ? createMailer({ url: config.smtpUrl, from: config.mailFrom }) : undefined;
  await hub.addChannel(createContactChannel({ mailer, phrases }));
  const contact = new ContactRequests({
    hub,
    store,
    outbox,
    events,
    runtime,
    codes: followUps,
    stats,
    clock,
    log,
  });
  const consoleParts = await startConsoleServices({
    config,
    redis,
    redisTarget,
    store,
    handoff,
    events,
    outbox,
    lifecycle,
    clock,
    stats,
    accounts,
    runtime,
    log,
    compact: () => compaction.request(),
  });
  // Cases forwarded to units leave through the same SMTP server as the contact form's answers.
  const forwards = new UnitForwards({
    desk: consoleParts.desk,
    stations,
    mailer,
    outbox,
    audit: consoleParts.services.audit,
    accounts,
    phrases,
    agentLocale: 'fr',
    timeZone: config.statsTimeZone,
    intentTitle: (intent) => runtime.current.content.knowledge.get(intent as IntentId)?.title.fr,
  });
  const limiter = new RateLimiter(redis, prefix, config.rateLimits, clock);
  const appointments = new AppointmentDesk({
    desk: consoleParts.desk,
    store,
    outbox,
    accounts,
    audit: consoleParts.services.audit,
    translation,
    findStation: (id) => stations.get(id),
    phrases,
    timeZone: () => runtime.current.content.service.timezone,
    agentLocale: 'fr',
    clock,
  });
  const ctx: WebParts = {
    hub,
    lifecycle,
    desk: consoleParts.desk,
    store,
    events: conversationEvents,
    handoff,
    accounts,
    runtime,
    stats,
    limiter,
    stations,
    redis,
    log,
    clock,
    followUps,
    console: consoleParts.services,
    maxMessageChars: config.maxMessageChars,
    maxBodyBytes: 256 * 1024,
    metricsToken: config.metricsToken,
    trustProxy: config.trustProxy,
    holds: new Holds(config.rateLimits),
    quickExit,
    localeChoice: new LocaleChoice({ store, outbox, runtime }),
    easyReadChoice: new EasyReadChoice({ store, outbox, runtime }),
    contact,
    forwards,
    widget: { quickExitUrl: config.quickExitUrl, email: Boolean(mailer) },
    appointments,
    widgetOrigins: config.widgetOrigins,
    theme,
  };
  const { server, chatSockets, consoleSockets } = createWebServer(ctx);
  // Outgoing webhooks: every process sends (and retries) the deliveries due, shared in Redis.
  const webhooks = new OutgoingWebhooks({ redis, prefix, clock, log, urls: [], secret: '', timeoutMs: 5000, ...config.outgoingWebhooks });
  const offWebhooks = config.outgoingWebhooks
    ? followHubEvents({
        events,
        webhooks,
        clock,
        skillsOf: (conv) => skillsFor(runtime.current.content.routing, conv),
        closedNow: () => !serviceStatus(runtime.current.content.service, clock.now()).open,
      })
    : () => {};
  webhooks.start();
  // A rejected edit is a warning: an editor must see it even with LOG_LEVEL=warn.
  const stopWatching = options.watchContent ? runtime.watch(({ rejected, line }) => (rejected ? log.warn(line) : log.info(line))) : () => {};
  const stopRetention = startRetentionSweep({
    store,
    redis,
    lock,
    delivery,
    clock,
    retentionMs: config.retentionHours * 3600_000,
    botIdleMs: config.botIdleMs,
    log,
  });

  return {
    config,
    hub,
    server,
    chatSockets,
    ctx,
    redisTarget,
    log,
    outgoingWebhooks: webhooks,
    delivery,
    webhooks: webhookRegistrar(server, log),
    listen: () =>
      new Promise((resolve, reject) => {
        // restify re-emits the HTTP server's errors on itself: a taken port must reach the caller, not crash.
        server.once('error', reject);
        server.server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          server.server.off('error', reject);
          const { port } = server.server.address() as AddressInfo;
          resolve(`http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`);
        });
      }),
    stop: async () => {
      stopWatching();
      stopRetention();
      offWebhooks();
      await webhooks.stop();
      for (const socket of chatSockets.clients) socket.close(1012, 'service restart');
      for (const socket of consoleSockets.clients) socket.close(1012, 'service restart');
      server.server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
      await hub.stop();
      await consoleParts.stop();
      await queues.close();
      await conversationEvents.stop();
      redis.disconnect();
      await redisTarget.release();
    },
  };
}
