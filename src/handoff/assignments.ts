/** Who holds which conversation. The conversation hash (mode, agent) is the truth and changes only
 * through compare-and-set scripts; the per-agent sets are an index, checked and pruned on read. */
import type { Redis } from 'ioredis';
import type { Conversation, ConversationStore } from '../conversations/index.js';

// Moves a held conversation to another agent; ARGV[1] = the holder expected ('' = any holder).
const TRANSFER = `
if redis.call('HGET', KEYS[1], 'mode') ~= 'agent' then return false end
local agent = redis.call('HGET', KEYS[1], 'agent')
if ARGV[1] ~= '' and agent ~= ARGV[1] then return false end
redis.call('HSET', KEYS[1], 'agent', ARGV[2], 'claimedAt', ARGV[3], 'updatedAt', ARGV[3])
return agent`;

// Puts a held conversation back in the waiting state; returns the agent who held it.
const RELEASE = `
if redis.call('HGET', KEYS[1], 'mode') ~= 'agent' then return false end
local agent = redis.call('HGET', KEYS[1], 'agent')
if ARGV[1] ~= '' and agent ~= ARGV[1] then return false end
redis.call('HSET', KEYS[1], 'mode', 'waiting', 'updatedAt', ARGV[2])
redis.call('HDEL', KEYS[1], 'agent')
return agent`;

/** The index of held conversations, and the scripts that move them between agents and the queue. */
export class Assignments {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly store: ConversationStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private agentKey(agent: string): string {
    return `${this.prefix}:held:${agent}`;
  }

  private get allKey(): string {
    return `${this.prefix}:held`;
  }

  // The store's own key layout (see conversations/store.ts); only the CAS scripts touch it.
  private convKey(id: string): string {
    return `${this.prefix}:conv:${id}`;
  }

  /** Notes that `agent` now holds `id`. */
  async add(agent: string, id: string): Promise<void> {
    await this.redis.multi().sadd(this.agentKey(agent), id).sadd(this.allKey, id).exec();
  }

  /** Forgets that `agent` holds `id`. */
  async remove(agent: string, id: string): Promise<void> {
    await this.redis.multi().srem(this.agentKey(agent), id).srem(this.allKey, id).exec();
  }

  /** True when the index says `agent` holds `id`. */
  async holds(agent: string, id: string): Promise<boolean> {
    return (await this.redis.sismember(this.agentKey(agent), id)) === 1;
  }

  /** The conversations `agent` holds now, oldest claim first. */
  async of(agent: string): Promise<Conversation[]> {
    const ids = await this.redis.smembers(this.agentKey(agent));
    const held = await this.verified(
      ids,
      (c) => c.agent === agent,
      (id) => this.redis.srem(this.agentKey(agent), id),
    );
    return held.sort((a, b) => (a.claimedAt ?? '').localeCompare(b.claimedAt ?? ''));
  }

  /** Every conversation an agent holds now. */
  async all(): Promise<Conversation[]> {
    const ids = await this.redis.smembers(this.allKey);
    return this.verified(
      ids,
      () => true,
      (id) => this.redis.srem(this.allKey, id),
    );
  }

  /** Gives `id` to `to` if `from` (or anyone, when undefined) holds it; returns the previous holder. */
  async transfer(id: string, from: string | undefined, to: string): Promise<string | undefined> {
    const prev = (await this.redis.eval(TRANSFER, 1, this.convKey(id), from ?? '', to, this.now().toISOString())) as string | null;
    if (!prev) return undefined;
    await this.redis.multi().srem(this.agentKey(prev), id).sadd(this.agentKey(to), id).sadd(this.allKey, id).exec();
    return prev;
  }

  /** Makes `id` wait again if `from` (or anyone, when undefined) holds it; returns the previous holder. */
  async release(id: string, from: string | undefined): Promise<string | undefined> {
    const prev = (await this.redis.eval(RELEASE, 1, this.convKey(id), from ?? '', this.now().toISOString())) as string | null;
    if (!prev) return undefined;
    await this.remove(prev, id);
    return prev;
  }

  private async verified(ids: string[], keep: (c: Conversation) => boolean, prune: (id: string) => Promise<unknown>): Promise<Conversation[]> {
    const convs = await Promise.all(ids.map((id) => this.store.get(id)));
    const out: Conversation[] = [];
    for (let i = 0; i < ids.length; i++) {
      const conv = convs[i];
      if (conv && conv.mode === 'agent' && keep(conv)) out.push(conv);
      else await prune(ids[i]); // closed, purged or moved on: the index catches up
    }
    return out;
  }
}
