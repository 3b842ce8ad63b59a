/** One place that knows how to reach Redis: Sentinel (REDIS_SENTINELS), REDIS_URL, or the embedded
 * server under DATA_DIR. */
import { Redis, type RedisOptions } from 'ioredis';
import { ensureEmbeddedRedis } from './embedded.js';
import { type ConfirmWrite, sentinelConfirmation } from './sentinel-confirmation.js';

/** How to open connections to the hub's Redis, plus how to let go of it. */
export interface RedisTarget {
  /** Opens a new connection (Bull and pub/sub need their own). */
  connect(options?: RedisOptions): Redis;
  /** Where it is, for logs (no password). */
  describe: string;
  /** With Sentinel: when a citizen's message just written counts as accepted (a failover must not lose
   * it). Without, a write Redis answered is accepted. */
  confirmWrite?: ConfirmWrite;
  release(): Promise<void>;
}

/** Resolves REDIS_URL or starts/joins the embedded server. */
export async function openRedisTarget(
  config: { redisUrl?: string; dataDir: string; sentinels?: { host: string; port: number }[]; sentinelName?: string },
  as: 'hub' | 'tool' = 'tool',
): Promise<RedisTarget> {
  // Every connection gets an error listener: ioredis reconnects by itself, and an unheard
  // "error" event would only print a stack trace per retry while Redis restarts.
  const quiet = (redis: Redis): Redis => redis.on('error', () => {});
  if (config.sentinels?.length) {
    const { sentinels, sentinelName = 'relais' } = config;
    const confirmation = sentinelConfirmation(sentinels, sentinelName);
    // A hub hears of a failover from its start, not from its first citizen message.
    if (as === 'hub') confirmation.watch();
    return {
      // ioredis asks the sentinels for the primary, and again after a failover. failoverDetector: it
      // reconnects on the sentinels' +switch-master at once, instead of writing to the old primary until
      // Sentinel demotes it and cuts its clients (~10 s after a SENTINEL FAILOVER).
      connect: (options = {}) => quiet(new Redis({ ...options, sentinels, name: sentinelName, failoverDetector: true })),
      describe: `sentinel ${sentinelName} (${sentinels.map((s) => `${s.host}:${s.port}`).join(', ')})`,
      confirmWrite: confirmation.confirm,
      release: async () => confirmation.close(),
    };
  }
  if (config.redisUrl) {
    const url = config.redisUrl;
    return {
      connect: (options = {}) => quiet(new Redis(url, options)),
      describe: url.replace(/\/\/[^@/]*@/, '//***@'),
      release: async () => {},
    };
  }
  const embedded = await ensureEmbeddedRedis(config.dataDir, { as });
  return {
    connect: (options = {}) => quiet(new Redis({ ...options, path: embedded.socketPath })),
    describe: `embedded redis-server (${embedded.socketPath}${embedded.owned ? '' : ', shared'})`,
    release: () => embedded.stop(),
  };
}
