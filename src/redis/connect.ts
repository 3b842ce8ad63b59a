/** One place that knows how to reach Redis: Sentinel (REDIS_SENTINELS), REDIS_URL, or the embedded
 * server under DATA_DIR. */
import { Redis, type RedisOptions } from 'ioredis';
import { ensureEmbeddedRedis } from './embedded.js';

/** How to open connections to the hub's Redis, plus how to let go of it. */
export interface RedisTarget {
  /** Opens a new connection (Bull and pub/sub need their own). */
  connect(options?: RedisOptions): Redis;
  /** Where it is, for logs (no password). */
  describe: string;
  /** Replicas a write must reach before it counts as accepted (Sentinel: 1, so a failover loses none). */
  replicasToWait: number;
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
    return {
      // ioredis asks the sentinels for the primary, and again after a failover.
      connect: (options = {}) => quiet(new Redis({ ...options, sentinels, name: sentinelName })),
      describe: `sentinel ${sentinelName} (${sentinels.map((s) => `${s.host}:${s.port}`).join(', ')})`,
      replicasToWait: 1,
      release: async () => {},
    };
  }
  if (config.redisUrl) {
    const url = config.redisUrl;
    return {
      connect: (options = {}) => quiet(new Redis(url, options)),
      describe: url.replace(/\/\/[^@/]*@/, '//***@'),
      replicasToWait: 0,
      release: async () => {},
    };
  }
  const embedded = await ensureEmbeddedRedis(config.dataDir, { as });
  return {
    connect: (options = {}) => quiet(new Redis({ ...options, path: embedded.socketPath })),
    describe: `embedded redis-server (${embedded.socketPath}${embedded.owned ? '' : ', shared'})`,
    replicasToWait: 0,
    release: () => embedded.stop(),
  };
}
