/** After a purge, what Redis keeps on disk must forget the purged data too: a DEL only writes
 * "delete" at the end of the append-only file, the original writes stay in it until a rewrite.
 * So a purge that removed anything asks for a rewrite of whatever persistence this Redis has on. */
import type { Redis } from 'ioredis';

/** Rewrites the append-only file and/or the snapshot from memory, when this Redis keeps them.
 * Returns what was asked for (a Redis that refuses CONFIG, as managed ones may, is left alone). */
export async function compactPersistence(redis: Redis): Promise<{ aof: boolean; rdb: boolean }> {
  const done = { aof: false, rdb: false };
  let config: string[];
  try {
    config = [...((await redis.config('GET', 'appendonly')) as string[]), ...((await redis.config('GET', 'save')) as string[])];
  } catch {
    return done;
  }
  const settings = Object.fromEntries([
    [config[0], config[1]],
    [config[2], config[3]],
  ]);
  if (settings.appendonly === 'yes') {
    await rewriteAof(redis);
    done.aof = true;
  }
  if (settings.save) {
    await redis.bgsave().catch(() => {});
    done.rdb = true;
  }
  return done;
}

/** Starts a rewrite. One already running started before this purge and may still hold the purged
 * data, and Redis refuses (does not queue) a second one: wait for it to end, then start ours. */
async function rewriteAof(redis: Redis): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      await redis.bgrewriteaof();
      return;
    } catch (err) {
      if (!/already in progress/i.test((err as Error).message)) return; // e.g. a BGSAVE: Redis schedules ours after it
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Compacts after a quick exit without making the citizen wait: `request()` returns at once; one
 * compaction runs at a time, and requests made while one runs are served by one more run after it
 * (a rewrite that started before an erasure may still hold the erased words). */
export class CompactionQueue {
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly redis: Redis,
    private readonly onError: (err: Error) => void = () => {},
  ) {}

  /** Asks for a compaction soon. */
  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves once no compaction is running or owed (tests, and a clean stop). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await compactPersistence(this.redis).catch((err: Error) => this.onError(err));
    } while (this.again);
  }
}
