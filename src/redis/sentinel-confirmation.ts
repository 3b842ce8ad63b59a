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
 * quiet for a while, and whenever no replica confirmed, the sentinels are asked, and most of them must
 * answer, counted by their ids (those out of reach may be failing over without this hub):
 * - a write on the primary they name counts, unless a failover has started and its replica is not yet
 *   seen promoted: then it waits for that (a second or so);
 * - a write on a replaced primary counts if the new primary holds it (the replica had it before its
 *   promotion); otherwise it is refused (503: the citizen sends it again, to the new primary) and the
 *   connection reconnects through Sentinel.
 * A refusal is kept for writes that can still be lost; one that was kept all the same is found again by
 * the resend's idempotency key (conversations/scripts.ts: WRITE), not stored twice. */
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

interface Endpoint {
  host: string;
  port: number;
}

/** What one sentinel says of the primary. */
export interface SentinelView {
  /** GET-MASTER-ADDR-BY-NAME: the promoted replica as soon as the leader has seen its promotion. */
  named: Endpoint;
  /** SENTINEL MASTER's address: its configuration's primary (the old one until +switch-master). */
  configured: Endpoint;
  /** The configuration's epoch: the highest is the newest configuration. */
  epoch: number;
  failingOver: boolean;
  /** SENTINEL MYID: one sentinel listed twice, or under two names, answers twice with one id. */
  id: string;
  /** How many sentinels it knows watch this primary, itself included (num-other-sentinels + 1). */
  known: number;
}

const WAIT_MS = 250;
/** How long the primary's count of replicas is trusted (ROLE): no WAIT while it has none. */
const REPLICAS_FRESH_MS = 1_000;
/** How long after the sentinels' last event about the primary every write is checked with them: past a
 * failover's end, the old primary is only turned into a replica at Sentinel's next look (~10 s). */
const SETTLE_MS = 30_000;

/** `budgetMs`: how long a write on the primary may wait for a failover that has started to promote its
 * replica (about a second; then 503). */
export function sentinelConfirmation(
  sentinels: Endpoint[],
  name: string,
  options: { budgetMs?: number; now?: () => number } = {},
): { confirm: ConfirmWrite; watch(): void; close(): void } {
  const { budgetMs = 5_000, now = Date.now } = options;
  const connections: Redis[] = [];
  let closed = false;
  const open = (sentinel: Endpoint): Redis => {
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
  /** The replicas the primary last said it has (ROLE), for the connection it was asked on. */
  let replicas: { on: Socket | undefined; at: number; count: Promise<number> } | undefined;

  /** How many replicas the primary `redis` is connected to has, asked at most once a second and after a
   * WAIT no replica answered. With none, a WAIT would hold the shared connection 250 ms for nothing:
   * every command behind it waited, and messages went through one after another, about 4 a second. */
  const replicasOf = (redis: Redis): Promise<number> => {
    if (!replicas || replicas.on !== redis.stream || now() - replicas.at > REPLICAS_FRESH_MS) {
      const count = Promise.resolve()
        .then(() => redis.call('ROLE') as Promise<unknown[]>)
        .then(
          (role) => (role[0] === 'master' && Array.isArray(role[2]) ? role[2].length : 0),
          () => 1, // unknown: WAIT, as before
        );
      replicas = { on: redis.stream, at: now(), count };
    }
    return replicas.count;
  };

  /** Subscribes to every sentinel's events; any naming this primary starts a period of checked writes. */
  const watch = (): void => {
    if (watching || closed) return;
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

  /** What each sentinel that answers says of the primary; NotReplicatedError unless most of them answer
   * (or once closed: the hub is stopping). */
  const ask = async (): Promise<SentinelView[]> => {
    if (closed) throw new NotReplicatedError('the hub is stopping');
    askers ??= sentinels.map(open);
    const answers = await Promise.allSettled(
      askers.map(async (sentinel) => {
        const [addr, master, id] = await Promise.all([
          sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name) as Promise<[string, string] | null>,
          sentinel.call('SENTINEL', 'MASTER', name) as Promise<string[]>,
          sentinel.call('SENTINEL', 'MYID') as Promise<string>,
        ]);
        if (!addr) throw new Error(`the sentinel does not know "${name}"`);
        const field = (key: string): string => master[master.indexOf(key) + 1] ?? '';
        return {
          named: { host: addr[0], port: Number(addr[1]) },
          configured: { host: field('ip'), port: Number(field('port')) },
          epoch: Number(field('config-epoch')) || 0,
          failingOver: /failover_in_progress/.test(field('flags')),
          id,
          known: (Number(field('num-other-sentinels')) || 0) + 1,
        };
      }),
    );
    const views = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    // A failover needs most of the sentinels; those this hub cannot reach may be promoting another server
    // (a partition), and a minority's view of the primary proves nothing.
    const { answered, outOf } = sentinelsAnswering(views, sentinels.length);
    if (answered < Math.floor(outOf / 2) + 1) throw new NotReplicatedError(`${answered} of ${outOf} sentinels answer: a failover may be under way`);
    return views;
  };

  const confirm: ConfirmWrite = async (redis, writtenOn, survived) => {
    watch();
    // The common case: a replica has it, and Sentinel is quiet. A WAIT answered on another connection
    // would say nothing of this write. Always the full 250 ms: a shorter wait after a miss latched (a
    // replica 50 ms away never answered a 10 ms WAIT again, and every message went unreplicated).
    const waited = (await replicasOf(redis)) > 0;
    const acknowledged = waited && (await redis.wait(1, WAIT_MS)) >= 1;
    if (waited && !acknowledged) replicas = undefined; // its replica may be gone: the next write counts again
    const replicated = acknowledged && redis.stream === writtenOn;
    if (replicated && now() - lastEventAt > SETTLE_MS) return;
    const deadline = now() + budgetMs;
    for (;;) {
      // (A replica's copy with no event for 30 s was enough above: sentinels all down leave writes flowing.)
      const views = await ask();
      if (!writtenOn || !(await sameServer(writtenOn, primaryOf(views)))) {
        // Reconnecting asks the sentinels where the primary is now. Only from a ready connection: a
        // second disconnect while ioredis asks the sentinels would end the connection for good.
        if (writtenOn && redis.status === 'ready' && redis.stream === writtenOn) redis.disconnect(true);
        // The promoted replica may have had the write before its promotion (its acknowledgement was what
        // was missing): then it is stored, and refusing it would make the citizen's retry a duplicate.
        const found = await survived();
        const current = redis.stream;
        if (found && current && current !== writtenOn && (await sameServer(current, primaryOf(await ask())))) return;
        throw new NotReplicatedError('the write went to a primary Sentinel has replaced');
      }
      // On the primary. At risk only while a failover has started and not yet seen its replica promoted
      // (the replica may be taking over without this write): wait for that to show.
      if (!views.some((v) => v.failingOver && sameEndpoint(v.named, v.configured))) return;
      if (now() >= deadline) throw new NotReplicatedError('a failover is under way');
      await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
    }
  };

  return {
    confirm,
    watch,
    close: () => {
      closed = true;
      for (const redis of connections) redis.disconnect();
    },
  };
}

/** The primary: among the views of the newest configuration (highest config epoch: a sentinel that has
 * not yet heard of a switch names the old one), the one a leader has seen promoted, else the one they
 * name. A promotion seen under an older configuration is a failover a newer one has overtaken. */
export function primaryOf(views: SentinelView[]): Endpoint | undefined {
  const newest = Math.max(...views.map((v) => v.epoch));
  const current = views.filter((v) => v.epoch === newest);
  return (current.find((v) => !sameEndpoint(v.named, v.configured)) ?? current[0])?.named;
}

/** How many distinct sentinels answered, out of how many there may be: the most any of them knows of,
 * or those that answered plus every listed address that did not (each may be one more), whichever is
 * more. Counting addresses would let one sentinel listed twice, or under an alias, make a majority. */
export function sentinelsAnswering(views: Pick<SentinelView, 'id' | 'known'>[], listed: number): { answered: number; outOf: number } {
  const answered = new Set(views.map((v) => v.id)).size;
  const outOf = Math.max(answered + (listed - views.length), ...views.map((v) => v.known));
  return { answered, outOf };
}

function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.port === b.port && a.host === b.host;
}

/** Whether `socket` is connected to `endpoint` (a host name is looked up). */
async function sameServer(socket: Socket, endpoint: Endpoint | undefined): Promise<boolean> {
  if (!endpoint || endpoint.port !== socket.remotePort) return false;
  const address = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const hosts = isIP(endpoint.host) ? [endpoint.host] : (await lookup(endpoint.host, { all: true }).catch(() => [])).map((a) => a.address);
  return hosts.some((h) => h.replace(/^::ffff:/, '') === address);
}
