/** Who holds which conversation. The conversation hash (mode, agent) is the truth and changes only
 * through the store's compare-and-set scripts; the per-agent sets are an index, checked and pruned on read. */
import type { Redis } from 'ioredis';
import type { Conversation, ConversationStore } from '../conversations/index.js';

/** The index of held conversations, and the scripts that move them between agents and the queue. */
export class Assignments {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly store: ConversationStore,
  ) {}

  private agentKey(agent: string): string {
    return `${this.prefix}:held:${agent}`;
  }

  private get allKey(): string {
    return `${this.prefix}:held`;
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
    const prev = await this.store.handOver(id, from, to);
    if (!prev) return undefined;
    await this.redis.multi().srem(this.agentKey(prev), id).sadd(this.agentKey(to), id).sadd(this.allKey, id).exec();
    return prev;
  }

  /** Makes `id` wait again if `from` (or anyone, when undefined) holds it; returns the previous holder. */
  async release(id: string, from: string | undefined): Promise<string | undefined> {
    const prev = await this.store.putBack(id, from);
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
