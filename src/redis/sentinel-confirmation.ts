/** When a citizen's message counts as accepted under Redis Sentinel.
 *
 * Replication is asynchronous. When the primary dies, `WAIT 1` is enough: a message a replica confirmed
 * survives the promotion. A switchover by hand (`SENTINEL FAILOVER`) or a partition leaves the old
 * primary up: once a replica is promoted, the old primary still takes writes until Sentinel makes it a
 * replica of the new one (seconds later), which wipes them; so do the other replicas, which may have
 * confirmed those writes before Sentinel moved them to the new primary.
 *
 * So: a write a replica confirmed counts at once while the sentinels report nothing about the primary.
 * From the first event naming it (a failover tried, a server down, a switch) until things have been
 * quiet for a while, and whenever no replica confirmed, the sentinels are asked. A write on the primary
 * they name, with no failover under way, counts. A write on a replaced primary counts only if the new
 * primary holds it (the replica had it before its promotion); otherwise it is refused (503: the citizen
 * sends it again, to the new primary) and the connection reconnects through Sentinel. */
import { lookup } from 'node:dns/promises';
import { isIP, type Socket } from 'node:net';
import { Redis } from 'ioredis';

/** Resolves once the write just answered on `writtenOn` is safe to acknowledge; throws
 * NotReplicatedError when it is not. `survived` reads, on whatever primary `redis` is connected to,
 * whether the write is there. */
export type ConfirmWrite = (redis: Redis, writtenOn: Socket | undefined, survived: () => Promise<boolean>) => Promise<void>;

/** The write may be lost: the caller answers 503 and the citizen sends the message again. */
export class NotReplicatedError extends Error {
  override readonly name = 'NotReplicatedError';
}

interface SentinelView {
  host: string;
  port: number;
  failingOver: boolean;
}

const WAIT_MS = 250;
/** How long after the sentinels' last event about the primary every write is checked with them: past a
 * failover's end, the old primary is only turned into a replica at Sentinel's next look (~10 s). */
const SETTLE_MS = 30_000;

/** `budgetMs`: how long a write may wait for a failover under way to end (Sentinel's promotion takes
 * about a second; its failover-timeout bounds the worst). */
export function sentinelConfirmation(
  sentinels: { host: string; port: number }[],
  name: string,
  options: { budgetMs?: number; now?: () => number } = {},
): { confirm: ConfirmWrite; watch(): void; close(): void } {
  const { budgetMs = 5_000, now = Date.now } = options;
  const connections: Redis[] = [];
  const open = (sentinel: { host: string; port: number }): Redis => {
    const redis = new Redis({
      ...sentinel,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      commandTimeout: 1_000,
      connectTimeout: 1_000,
      retryStrategy: () => 1_000,
    });
    redis.on('error', () => {});
    connections.push(redis);
    return redis;
  };
  let askers: Redis[] | undefined;
  let watching = false;
  let lastEventAt = Number.NEGATIVE_INFINITY;

  /** Subscribes to every sentinel's events; any naming this primary starts a period of checked writes. */
  const watch = (): void => {
    if (watching) return;
    watching = true;
    for (const sentinel of sentinels) {
      const subscriber = open(sentinel);
      subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
        // Events name the primary as "master <name> ..." or, for its replicas, "... @ <name> ...";
        // +switch-master starts with the name.
        if (!channel.startsWith('__') && message.split(' ').includes(name)) lastEventAt = now();
      });
      subscriber.psubscribe('*').catch(() => {});
    }
  };

  /** What each sentinel that answers says of the primary. */
  const ask = async (): Promise<SentinelView[]> => {
    askers ??= sentinels.map(open);
    const answers = await Promise.allSettled(
      askers.map(async (sentinel) => {
        // get-master-addr-by-name names the promoted replica as soon as the promotion is seen, before
        // +switch-master; MASTER's flags say whether a failover is under way.
        const [addr, master] = await Promise.all([
          sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name) as Promise<[string, string] | null>,
          sentinel.call('SENTINEL', 'MASTER', name) as Promise<string[]>,
        ]);
        if (!addr) throw new Error(`the sentinel does not know "${name}"`);
        const flags = master[master.indexOf('flags') + 1] ?? '';
        return { host: addr[0], port: Number(addr[1]), failingOver: /failover_in_progress/.test(flags) };
      }),
    );
    return answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
  };

  const confirm: ConfirmWrite = async (redis, writtenOn, survived) => {
    watch();
    // The common case: a replica has it, and Sentinel is quiet. (A WAIT answered on another connection
    // would say nothing of this write.)
    if ((await redis.wait(1, WAIT_MS)) >= 1 && redis.stream === writtenOn && now() - lastEventAt > SETTLE_MS) return;
    const deadline = now() + budgetMs;
    for (;;) {
      const views = await ask();
      if (!views.length) throw new NotReplicatedError('no sentinel answers to confirm the write');
      if (!writtenOn || !(await isPrimary(writtenOn, views))) {
        // Reconnecting asks the sentinels where the primary is now.
        if (writtenOn && redis.stream === writtenOn) redis.disconnect(true);
        // The promoted replica may have had the write before its promotion (its acknowledgement was what
        // was missing): then it is stored, and refusing it would make the citizen's retry a duplicate.
        const found = await survived();
        const current = redis.stream;
        if (found && current && current !== writtenOn && (await isPrimary(current, await ask()))) return;
        throw new NotReplicatedError('the write went to a primary Sentinel has replaced');
      }
      // The primary stays. If no replica is at hand (one is restarting), its copy is the only one, as
      // with a single Redis, and refusing every citizen until the replica is back would be worse.
      if (!views.some((v) => v.failingOver)) return;
      if (now() >= deadline) throw new NotReplicatedError('a failover is under way');
      await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
    }
  };

  return {
    confirm,
    watch,
    close: () => {
      for (const redis of connections) redis.disconnect();
    },
  };
}

/** Whether every sentinel that answered names the server at the other end of `socket` as the primary. */
async function isPrimary(socket: Socket, views: SentinelView[]): Promise<boolean> {
  const address = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  for (const view of views) {
    if (view.port !== socket.remotePort) return false;
    const hosts = isIP(view.host) ? [view.host] : (await lookup(view.host, { all: true }).catch(() => [])).map((a) => a.address);
    if (!hosts.some((h) => h.replace(/^::ffff:/, '') === address)) return false;
  }
  return true;
}
