/** The time-based chores of the hand-off, run by the sweep on whichever process holds its lock. */
import type { AuditLog } from '../agents/audit.js';
import type { ConversationStore } from '../conversations/index.js';
import type { Lifecycle } from '../hub/lifecycle.js';
import type { Outbox } from '../hub/outbox.js';
import type { Phrases } from '../i18n/phrases.js';
import type { Assignments } from './assignments.js';
import type { Presence } from './presence.js';

/** Gives back to the queue the conversations of agents whose console has been gone past the grace period. */
export async function requeueDisconnected(o: {
  presence: Presence;
  assignments: Assignments;
  release: (id: string, agent: string) => Promise<void>;
}): Promise<number> {
  let count = 0;
  for (const agent of await o.presence.gone()) {
    for (const conv of await o.assignments.of(agent)) {
      await o.release(conv.id, agent);
      count += 1;
    }
    await o.presence.forget(agent);
  }
  return count;
}

/** Politely closes conversations where an agent spoke last and the citizen has been silent for `idleMs`. */
export async function closeIdleCitizens(o: {
  idleMs: number;
  assignments: Assignments;
  store: ConversationStore;
  outbox: Outbox;
  lifecycle: Lifecycle;
  audit: AuditLog;
  phrases: () => Phrases;
  now?: () => number;
}): Promise<number> {
  if (o.idleMs <= 0) return 0;
  const now = o.now?.() ?? Date.now();
  let count = 0;
  for (const conv of await o.assignments.all()) {
    // The transcript is the truth about who spoke last; internal notes do not count as speaking.
    const last = (await o.store.messages(conv.id)).filter((m) => m.from === 'citizen' || m.from === 'agent').at(-1);
    if (last?.from !== 'agent' || now - Date.parse(last.at) < o.idleMs) continue;
    await o.outbox.say(conv, { from: 'system', text: o.phrases().t('citizen_idle_closed', conv.locale) });
    await o.lifecycle.close(conv.id, { who: 'system', outcome: 'citizen_idle' });
    await o.audit.record({ actor: 'system', action: 'auto_close', conversation: conv.id, detail: 'citizen_idle' });
    count += 1;
  }
  return count;
}
