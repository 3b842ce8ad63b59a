/** What agents do to conversations: claim, read, reply, close. Access rules live here, once. */
import type { AgentSession } from '../agents/accounts.js';
import type { StoredMessage } from '../core/messages.js';
import type { Conversation, ConversationStore } from '../conversations/index.js';
import type { HandoffQueue } from '../handoff/handoff-queue.js';
import type { Stats } from '../stats/stats.js';
import { HubError } from './errors.js';
import type { Hub } from './hub.js';

export class AgentDesk {
  constructor(private readonly o: { hub: Hub; store: ConversationStore; handoff: HandoffQueue; stats: Stats; phrase: (key: string, locale: string) => string }) {}

  /** Takes a waiting conversation; a second agent gets a conflict. */
  async claim(agent: AgentSession, id: string): Promise<void> {
    const result = await this.o.store.claim(id, agent.username);
    if (result === 'not_found') throw new HubError('not_found', 'unknown conversation');
    if (result === 'conflict') throw new HubError('conflict', 'another agent already holds this conversation');
    if (result === 'not_waiting') throw new HubError('not_waiting', 'this conversation is not waiting for an agent');
    await this.o.handoff.withdraw(id);
    const conv = (await this.o.store.get(id))!;
    await this.o.hub.say(conv, { from: 'system', text: this.o.phrase('agent_joined', conv.locale) });
  }

  /** The transcript for an agent: waiting conversations (to preview), their own, or any for a supervisor. */
  async messages(agent: AgentSession, id: string, after: number): Promise<StoredMessage[]> {
    await this.readable(agent, id);
    return this.o.store.messages(id, after, { internal: true });
  }

  /** Sends an agent's reply to the citizen on their own channel. */
  async reply(agent: AgentSession, id: string, text: string, options: { internal?: boolean } = {}): Promise<number> {
    const conv = await this.held(agent, id);
    const seq = await this.o.hub.say(conv, { from: 'agent', text, internal: options.internal });
    if (!seq) throw new HubError('not_found', 'unknown conversation');
    if (!options.internal) {
      await this.o.stats.increment('agent_replies');
      if (!conv.firstAgentReplyAt) await this.o.store.update(id, { firstAgentReplyAt: new Date().toISOString() });
    }
    return seq;
  }

  /** Closes the agent's conversation; the citizen gets the satisfaction question. */
  async close(agent: AgentSession, id: string, outcome?: string): Promise<void> {
    await this.held(agent, id);
    await this.o.hub.close(id, { agent: agent.username, outcome });
  }

  /** The conversation if this agent may read it; the same 404 for unknown and not-yours. */
  async readable(agent: AgentSession, id: string): Promise<Conversation> {
    const conv = await this.o.store.get(id);
    const allowed = conv && (agent.role === 'supervisor' || conv.mode === 'waiting' || conv.agent === agent.username);
    if (!conv || !allowed) throw new HubError('not_found', 'unknown conversation');
    return conv;
  }

  private async held(agent: AgentSession, id: string): Promise<Conversation> {
    const conv = await this.readable(agent, id);
    if (conv.mode !== 'agent' || (conv.agent !== agent.username && agent.role !== 'supervisor')) {
      throw new HubError(conv.mode === 'waiting' ? 'not_waiting' : 'not_found', conv.mode === 'waiting' ? 'claim the conversation first' : 'unknown conversation');
    }
    return conv;
  }
}
