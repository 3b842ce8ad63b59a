/** The contact form (POST /api/v1/contact): a written request for a citizen who cannot wait. It
 * becomes a conversation on the `contact` channel, handed to the agents at once (no menu, no bot
 * dialogue), whose text enters through `hub.receive` like any message: triaged once, and answered
 * at once with the emergency numbers when it tells of a danger now (then it is first in line). The
 * citizen leaves with a token, and a follow-up code to come back with. */
import type { HubPort } from '../core/channel.js';
import { type Clock, isoNow } from '../core/clock.js';
import type { ContentRuntime } from '../content/runtime.js';
import type { ConversationStore } from '../conversations/index.js';
import type { FollowUps } from '../hub/follow-ups.js';
import { HubError } from '../core/errors.js';
import type { HubEvents } from '../hub/events.js';
import type { Outbox } from '../hub/outbox.js';
import { normaliseLocale } from '../hub/receive.js';
import type { Logger } from '../log.js';
import type { Stats } from '../stats/stats.js';
import { CONTACT_CHANNEL } from './contact-channel.js';

/** What the citizen wrote in the form (checked by the route: web/schemas.ts contactBody). */
export interface ContactRequest {
  text: string;
  locale?: string;
  /** Only to e-mail the agents' answer; sealed in the conversation, purged with it. */
  email?: string;
}

/** What the citizen gets back. */
export interface ContactReceipt {
  id: string;
  token: string;
  /** The follow-up code, shown once (only its keyed hash is kept). */
  code: string;
  /** The text tells of a danger now: the emergency numbers are in the conversation, show them. */
  urgent: boolean;
}

/** What opening a contact request needs. */
export interface ContactRequestsOptions {
  hub: HubPort;
  store: ConversationStore;
  outbox: Outbox;
  events: HubEvents;
  runtime: ContentRuntime;
  /** The follow-up codes (the same as a hand-off's: `POST /api/v1/conversations/resume` takes them). */
  codes: Pick<FollowUps, 'issue'>;
  stats: Stats;
  clock: Clock;
  log: Logger;
}

/** Opens contact-form conversations. */
export class ContactRequests {
  constructor(private readonly o: ContactRequestsOptions) {}

  /** Queues a written request for the agents; the text is stored, triaged and answered like any message. */
  async open(request: ContactRequest): Promise<ContactReceipt> {
    const { store, runtime } = this.o;
    const { content, triage, phrases } = runtime.current;
    // Without a hint, the language the text is written in (the confirmation and any answer use it).
    const locale = normaliseLocale(request.locale ?? triage.detectLocale(request.text));
    const created = await store.create({
      channel: CONTACT_CHANNEL,
      locale,
      address: request.email ? { email: request.email } : undefined,
      step: content.flow.start,
    });
    const { id, token } = created;
    // Waiting before the text arrives: the turn it is owed only translates and raises urgency.
    await store.write(id, { mode: 'waiting', set: { waitingSince: isoNow(this.o.clock), offered: [] } });
    await this.o.hub.receive({ channel: CONTACT_CHANNEL, sender: { conversationId: id }, message: { kind: 'text', text: request.text } });
    const verdict = (await store.messages(id, 0, { internal: true })).find((m) => m.from === 'citizen')?.triage;
    const urgent = verdict?.urgent ?? false;
    const intent = verdict?.intent ?? 'autre';
    const conv = (await store.get(id))!;
    await this.o.outbox.commit(conv, {
      set: { intent, ...(urgent ? { urgent } : {}) },
      append: [{ from: 'system', text: phrases.t('contact_received', locale) }],
    });
    const queued = { ...conv, intent, urgent: urgent || conv.urgent };
    await this.o.events.emit('handed_off', { conversation: queued, urgent: queued.urgent, raised: false });
    await this.o.stats.incrementAll(['conversations_started', 'contact_requests', 'handoffs', ...(queued.urgent ? (['handoffs_urgent'] as const) : [])]);
    const code = await this.o.codes.issue(id);
    if (!code) throw new HubError('not_found', 'the request was erased before its code was issued');
    this.o.log.info('contact request queued', { conversation: id, urgent: queued.urgent, answerByMail: Boolean(request.email) });
    return { id, token, code, urgent: queued.urgent };
  }
}
