/** What agents do to conversations: claim, read, reply, transfer, close. Access rules live here, once,
 * and every action leaves an audit line (who, what, when, which conversation; never the text). */
import type { AccountStore, AgentSession } from '../agents/accounts.js';
import type { AuditLog } from '../agents/audit.js';
import { can } from '../agents/roles.js';
import type { StoredMessage } from '../core/messages.js';
import { type Conversation, type ConversationStore, dangerLevel } from '../conversations/index.js';
import type { Assignments } from '../handoff/assignments.js';
import type { HandoffQueue } from '../handoff/handoff-queue.js';
import type { PresenceStatus, Presence } from '../handoff/presence.js';
import type { PublishSignal } from '../handoff/signals.js';
import { summarise } from '../handoff/summary.js';
import type { Phrases } from '../i18n/phrases.js';
import type { Stats } from '../stats/stats.js';
import { HubError } from '../core/errors.js';
import type { Lifecycle } from './lifecycle.js';
import type { Outbox } from './outbox.js';
import { HISTORY_LIMIT, type HistoryQuery, inDays, inState, matches, searchWords, searchableText, visibleTo } from './desk-history.js';

/** What a close outcome may be: a short code such as "resolved" or "redirected_online". */
const OUTCOME_CODE = /^[a-z][a-z_]{0,31}$/;

/** What the desk works with. */
export interface AgentDeskOptions {
  outbox: Outbox;
  lifecycle: Lifecycle;
  /** The language of agents' notes (the hub's own words to agents). */
  agentLocale: string;
  store: ConversationStore;
  handoff: HandoffQueue;
  stats: Stats;
  phrases: () => Phrases;
  accounts: AccountStore;
  assignments: Assignments;
  presence: Presence;
  audit: AuditLog;
  /** Live signals for consoles on every process (and local reactions such as auto-assignment). */
  publish: PublishSignal;
  /** The skills a conversation needs (knowledge/routing.yaml in force). */
  skillsFor: (conv: Conversation) => string[];
  /** The desk's time zone: the days of a history search (STATS_TIMEZONE). */
  timeZone: string;
  /** An intent's title in the agents' language, so a search for "conjugales" finds `violences`. */
  intentTitle?: (intent: string) => string | undefined;
  /** Tells a citizen back in line their place (the queue notifier). */
  announce: (conv: Conversation) => Promise<void>;
  now?: () => Date;
}

/** A conversation as the console lists it: triage summary, no transcript, no address. */
export interface ConversationInfo {
  id: string;
  mode: Conversation['mode'];
  urgent: boolean;
  danger: 'now' | 'maybe' | 'none';
  intent?: string;
  locale: string;
  channel: string;
  agent?: string;
  waitingSince?: string;
  claimedAt?: string;
  createdAt: string;
  closedAt?: string;
  /** The close outcome code. */
  outcome?: string;
  summary: string;
}

/** The agents' actions on conversations, with their access rules and audit lines. */
export class AgentDesk {
  constructor(private readonly o: AgentDeskOptions) {}

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  /** Takes a waiting conversation; a second agent gets a conflict. */
  async claim(agent: AgentSession, id: string): Promise<void> {
    this.mayConverse(agent);
    const result = await this.o.store.claim(id, agent.username);
    if (result === 'not_found') throw new HubError('not_found', 'unknown conversation');
    if (result === 'conflict') throw new HubError('conflict', 'another agent already holds this conversation');
    if (result === 'not_waiting') throw new HubError('not_waiting', 'this conversation is not waiting for an agent');
    if (await this.o.assignments.holds(agent.username, id)) return; // claimed twice by the same agent: nothing new
    await this.taken(agent.username, id, { actor: agent.username, action: 'claim' });
  }

  /** Automatic assignment: gives a waiting conversation to `username`; false when it is no longer waiting. */
  async assign(username: string, id: string): Promise<boolean> {
    const result = await this.o.store.claim(id, username);
    if (result === 'not_found' || result === 'not_waiting') await this.o.handoff.withdraw(id); // a stale queue entry
    if (result !== 'ok') return false;
    await this.taken(username, id, { actor: 'system', action: 'assign', detail: username });
    this.o.publish({ t: 'assigned', agent: username, id, by: 'auto' });
    return true;
  }

  /** The transcript for an agent: waiting conversations (to preview), their own, or any for a supervisor. */
  async messages(agent: AgentSession, id: string, after: number): Promise<StoredMessage[]> {
    await this.mayRead(agent, id, after);
    return this.o.store.messages(id, after, { internal: true });
  }

  /** Checks that this agent may read the conversation; every read is audited, whatever `after`
   * says (`after=1` once read everything unseen), at most one line per agent, conversation and 10 minutes. */
  async mayRead(agent: AgentSession, id: string, _after: number): Promise<Conversation> {
    const conv = await this.readable(agent, id);
    await this.o.audit.recordOnce({ actor: agent.username, action: 'read', conversation: id }, 600);
    return conv;
  }

  /** Sends an agent's reply to the citizen on their own channel, or keeps an internal note. */
  async reply(agent: AgentSession, id: string, text: string, options: { internal?: boolean } = {}): Promise<number> {
    const conv = await this.held(agent, id);
    // The display name, read now (a grade may change mid-shift); never the username, which is a login.
    const author = (await this.o.accounts.find(agent.username))?.display;
    const seq = await this.o.outbox.say(conv, { from: 'agent', text, internal: options.internal, ...(author ? { author } : {}) });
    if (!seq) throw new HubError('not_found', 'unknown conversation');
    await this.o.audit.record({ actor: agent.username, action: options.internal ? 'note' : 'reply', conversation: id });
    if (!options.internal) {
      await this.o.stats.increment('agent_replies');
      if (!conv.firstAgentReplyAt) {
        await this.o.store.update(id, { firstAgentReplyAt: this.now().toISOString() });
        if (conv.claimedAt) await this.o.stats.recordFirstResponse(this.now().getTime() - Date.parse(conv.claimedAt));
      }
    }
    return seq;
  }

  /** Closes the agent's conversation; the citizen gets the satisfaction question. */
  async close(agent: AgentSession, id: string, given?: string): Promise<void> {
    // A code, never words: a free text here once carried a victim's name and number into the
    // audit log, which outlives every conversation.
    const outcome = given === undefined ? undefined : OUTCOME_CODE.test(given) ? given : 'other';
    await this.held(agent, id);
    await this.o.lifecycle.close(id, { who: 'agent', outcome });
    await this.o.audit.record({ actor: agent.username, action: 'close', conversation: id, detail: outcome });
  }

  /** Hands a conversation to another agent (`to`) or back to the queue, with an internal note. */
  async transfer(agent: AgentSession, id: string, input: { to?: string; note?: string }): Promise<{ to: string }> {
    const conv = await this.held(agent, id);
    const expected = can(agent.role, 'supervise') ? undefined : agent.username;
    const note = input.note?.trim() ? ` — ${input.note.trim()}` : '';
    if (input.to === undefined) {
      await this.requeue(conv, expected, this.note('note_requeued', { agent: agent.username, note }));
      await this.o.audit.record({ actor: agent.username, action: 'transfer', conversation: id, detail: 'queue' });
      return { to: 'queue' };
    }
    const target = await this.o.accounts.find(input.to);
    if (!target || !can(target.role, 'converse')) throw new HubError('invalid', `no agent named "${input.to}"`);
    if (target.username === conv.agent) throw new HubError('invalid', `${target.username} already holds this conversation`);
    const prev = await this.o.assignments.transfer(id, expected, target.username);
    if (!prev) throw new HubError('conflict', 'this conversation changed hands meanwhile; reload it');
    await this.o.outbox.say(conv, { from: 'system', internal: true, text: this.note('note_transferred', { from: prev, to: target.username, note }) });
    await this.o.outbox.say(conv, { from: 'system', text: this.o.phrases().t('agent_transferred', conv.locale) });
    await this.o.audit.record({ actor: agent.username, action: 'transfer', conversation: id, detail: `to:${target.username}` });
    this.o.publish({ t: 'mine', agents: [prev, target.username] });
    this.o.publish({ t: 'assigned', agent: target.username, id, by: 'transfer' });
    return { to: target.username };
  }

  /** Puts back in line a conversation whose agent's console went away (the hub's own action). */
  async releaseDisconnected(id: string, agent: string): Promise<void> {
    const conv = await this.o.store.get(id);
    if (conv?.mode !== 'agent' || conv.agent !== agent) return;
    try {
      await this.requeue(conv, agent, this.note('note_console_gone', { agent }));
    } catch {
      return; // it changed hands meanwhile (the agent came back, or a supervisor moved it)
    }
    await this.o.audit.record({ actor: 'system', action: 'requeue', conversation: id, detail: `from:${agent}` });
  }

  /** Bookkeeping after any close (agent, citizen or idle): the agent's load and the handle time. */
  async closed(conv: Conversation): Promise<void> {
    if (conv.mode !== 'agent' || !conv.agent) return;
    await this.o.assignments.remove(conv.agent, conv.id);
    if (conv.claimedAt) await this.o.stats.recordHandled(this.now().getTime() - Date.parse(conv.claimedAt));
    this.o.publish({ t: 'mine', agents: [conv.agent] });
  }

  /** Sets the presence an agent chose. */
  async setPresence(agent: AgentSession, status: PresenceStatus): Promise<void> {
    this.mayConverse(agent);
    await this.o.presence.choose(agent.username, status);
    await this.o.audit.record({ actor: agent.username, action: 'presence', detail: status });
    this.o.publish({ t: 'presence', agent: agent.username });
  }

  /** One conversation's triage summary, for an agent who may read it. */
  async conversation(agent: AgentSession, id: string): Promise<ConversationInfo> {
    return this.info(await this.readable(agent, id));
  }

  /** The conversations this agent holds (a supervisor may ask for everyone's). */
  async mine(agent: AgentSession, everyone = false): Promise<ConversationInfo[]> {
    this.mayConverse(agent);
    const held = everyone && can(agent.role, 'supervise') ? await this.o.assignments.all() : await this.o.assignments.of(agent.username);
    return Promise.all(held.map((c) => this.info(c)));
  }

  /** The history: kept conversations the caller may see (an agent those they have held, a supervisor
   * all), newest first, filtered by state, days and words (accent-insensitive, every word). Audited
   * without the words, which may name someone. */
  async history(agent: AgentSession, query: HistoryQuery): Promise<ConversationInfo[]> {
    this.mayConverse(agent);
    const viewer = { username: agent.username, everyone: can(agent.role, 'supervise') };
    const words = searchWords(query.q);
    const candidates = (await this.o.store.all())
      .filter((c) => visibleTo(c, viewer) && inState(c, query.state) && inDays(c, query, this.o.timeZone))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const found: ConversationInfo[] = [];
    // Read in small batches: enough to search a busy day quickly without one huge burst on Redis.
    for (let i = 0; i < candidates.length && found.length < HISTORY_LIMIT; i += 50) {
      const batch = candidates.slice(i, i + 50);
      const transcripts = await Promise.all(batch.map((c) => this.o.store.messages(c.id)));
      batch.forEach((c, j) => {
        const title = c.intent ? this.o.intentTitle?.(c.intent) : undefined;
        if (found.length < HISTORY_LIMIT && (!words.length || matches(searchableText(c, transcripts[j], title), words))) {
          found.push(this.describe(c, transcripts[j]));
        }
      });
    }
    await this.o.audit.record({ actor: agent.username, action: 'search', detail: query.state ?? 'any' });
    return found;
  }

  /** The conversation if this agent may read it (a waiting one, one they hold or have held; any for a
   * supervisor); the same 404 for unknown and not-yours. */
  async readable(agent: AgentSession, id: string): Promise<Conversation> {
    this.mayConverse(agent);
    const conv = await this.o.store.get(id);
    const allowed = conv && (can(agent.role, 'supervise') || conv.mode === 'waiting' || visibleTo(conv, { username: agent.username, everyone: false }));
    if (!conv || !allowed) throw new HubError('not_found', 'unknown conversation');
    return conv;
  }

  /** The conversation if this agent holds it (any held one for a supervisor): the rule for replying,
   * closing, transferring and forwarding; 409 `not_waiting` while it waits, else the same 404. */
  async held(agent: AgentSession, id: string): Promise<Conversation> {
    const conv = await this.readable(agent, id);
    if (conv.mode !== 'agent' || (conv.agent !== agent.username && !can(agent.role, 'supervise'))) {
      throw new HubError(
        conv.mode === 'waiting' ? 'not_waiting' : 'not_found',
        conv.mode === 'waiting' ? 'claim the conversation first' : 'unknown conversation',
      );
    }
    return conv;
  }

  /** The hub's own words to agents (internal notes), from the content's phrases. */
  private note(key: string, vars: Record<string, string>): string {
    return this.o.phrases().t(key, this.o.agentLocale, vars);
  }

  // The API and the console check roles first too; this is the rule, once.
  private mayConverse(agent: AgentSession): void {
    if (!can(agent.role, 'converse')) throw new HubError('forbidden', `the ${agent.role} role cannot read or answer conversations`);
  }

  private async taken(username: string, id: string, audit: { actor: string; action: 'claim' | 'assign'; detail?: string }): Promise<void> {
    await this.o.assignments.add(username, id);
    const queued = await this.o.handoff.withdraw(id);
    if (queued) await this.o.stats.recordWait(this.now().getTime() - queued.enqueuedAt);
    const conv = (await this.o.store.get(id))!;
    await this.o.outbox.say(conv, { from: 'system', text: this.o.phrases().t('agent_joined', conv.locale) });
    await this.o.audit.record({ ...audit, conversation: id });
    this.o.publish({ t: 'mine', agents: [username] });
  }

  private async requeue(conv: Conversation, expected: string | undefined, note: string): Promise<void> {
    const prev = await this.o.assignments.release(conv.id, expected);
    if (!prev) throw new HubError('conflict', 'this conversation changed hands meanwhile; reload it');
    await this.o.outbox.say(conv, { from: 'system', internal: true, text: note });
    await this.o.outbox.say(conv, { from: 'system', text: this.o.phrases().t('agent_requeued', conv.locale) });
    const fresh = (await this.o.store.get(conv.id)) ?? conv;
    await this.o.handoff.enqueue({
      id: conv.id,
      urgent: fresh.urgent,
      danger: dangerLevel(fresh),
      intent: fresh.intent ?? 'autre',
      locale: fresh.locale,
      channel: fresh.channel,
      waitingSince: fresh.waitingSince ?? this.now().toISOString(),
      summary: summarise(await this.o.store.messages(conv.id)),
      skills: this.o.skillsFor(fresh),
    });
    await this.o.announce(fresh);
    this.o.publish({ t: 'mine', agents: [prev] });
  }

  private async info(c: Conversation): Promise<ConversationInfo> {
    return this.describe(c, await this.o.store.messages(c.id));
  }

  private describe(c: Conversation, messages: readonly StoredMessage[]): ConversationInfo {
    return {
      id: c.id,
      mode: c.mode,
      urgent: Boolean(c.urgent),
      danger: dangerLevel(c),
      intent: c.intent,
      locale: c.locale,
      channel: c.channel,
      agent: c.agent,
      waitingSince: c.waitingSince,
      claimedAt: c.claimedAt,
      createdAt: c.createdAt,
      ...(c.closedAt ? { closedAt: c.closedAt } : {}),
      ...(c.outcome ? { outcome: c.outcome } : {}),
      summary: summarise(messages.filter((m) => !m.internal)),
    };
  }
}
