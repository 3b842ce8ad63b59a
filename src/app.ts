/** Builds a whole hub from a config: Redis, content, store, queues, hub, HTTP server.
 * Channels are added by the composition root (main.ts), the only code that knows them. */
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import type { Server } from 'restify';
import type { WebSocketServer } from 'ws';
import { AccountStore } from './agents/accounts.js';
import type { Config } from './config.js';
import { ContentRuntime } from './content/runtime.js';
import { ConversationEvents, ConversationStore } from './conversations/index.js';
import { startRetentionSweep } from './conversations/retention.js';
import { HandoffQueue } from './handoff/handoff-queue.js';
import { startConsoleServices } from './console/services.js';
import { Hub } from './hub/hub.js';
import { QueueFactory } from './jobs/bull.js';
import { createLogger, type Logger } from './log.js';
import { createTranslator } from './i18n/translator.js';
import { openRedisTarget, type RedisTarget } from './redis/connect.js';
import { Stats } from './stats/stats.js';
import { RateLimiter } from './web/rate-limit.js';
import { createWebServer } from './web/server.js';
import { webhookRegistrar } from './web/webhooks.js';
import type { WebhookRegistrar } from './core/channel.js';
import type { WebContext } from './web/context.js';

export interface App {
  config: Config;
  hub: Hub;
  server: Server;
  /** Open web chat sockets (closed with "service restart" on stop, so widgets reconnect elsewhere). */
  chatSockets: WebSocketServer;
  ctx: WebContext;
  /** Where channels mount their webhooks (before `listen`). */
  webhooks: WebhookRegistrar;
  redisTarget: RedisTarget;
  log: Logger;
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  stop(): Promise<void>;
}

/** Everything but the channels, wired and started (workers on, server not yet listening). */
export async function createApp(config: Config, options: { log?: Logger; watchContent?: boolean } = {}): Promise<App> {
  const log = options.log ?? createLogger();
  const runtime = await ContentRuntime.load({ dir: config.contentDir, confidenceThreshold: config.confidenceThreshold });
  const redisTarget = await openRedisTarget(config);
  // A few retries, then an error the API turns into 503: a request must not hang while Redis restarts.
  const redis: Redis = redisTarget.connect({ maxRetriesPerRequest: 3 });
  redis.on('error', (err) => log.warn('redis', { error: err.message }));
  const prefix = config.redisPrefix;
  const store = new ConversationStore(redis, prefix);
  const events = new ConversationEvents(redisTarget.connect(), store.eventsChannel);
  await events.start();
  const queues = new QueueFactory(redisTarget, prefix, log);
  const handoff = new HandoffQueue(queues);
  const stats = new Stats(redis, prefix, { timeZone: config.statsTimeZone });
  const hub = new Hub({ redis, prefix, store, handoff, runtime, stats, queues, log, maxMessageChars: config.maxMessageChars, hashSecret: config.hashSecret,
    translator: createTranslator(config.translateUrl) });
  await hub.start();
  const accounts = new AccountStore(redis, prefix, config.agentSessionHours);
  const consoleParts = await startConsoleServices({ config, redis, redisTarget, store, handoff, hub, stats, accounts, runtime, log });
  const { desk } = consoleParts;
  const limiter = new RateLimiter(redis, prefix, config.rateLimits);
  const ctx: WebContext = {
    hub, desk, store, events, handoff, accounts, runtime, stats, limiter, redis, log, console: consoleParts.services,
    maxMessageChars: config.maxMessageChars, maxBodyBytes: 256 * 1024,
  };
  const { server, chatSockets, consoleSockets } = createWebServer(ctx);
  const stopWatching = options.watchContent ? runtime.watch((line) => log.info(line)) : () => {};
  const stopRetention = startRetentionSweep({ store, redis, prefix, retentionHours: config.retentionHours, botIdleMs: config.botIdleMs, log });

  return {
    config, hub, server, chatSockets, ctx, redisTarget, log, webhooks: webhookRegistrar(server, log),
    listen: () => new Promise((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(config.port, config.host, () => {
        const { port } = server.server.address() as AddressInfo;
        resolve(`http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`);
      });
    }),
    stop: async () => {
      stopWatching();
      stopRetention();
      for (const socket of chatSockets.clients) socket.close(1012, 'service restart');
      for (const socket of consoleSockets.clients) socket.close(1012, 'service restart');
      server.server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
      await hub.stop();
      await consoleParts.stop();
      await queues.close();
      await events.stop();
      redis.disconnect();
      await redisTarget.release();
    },
  };
}
