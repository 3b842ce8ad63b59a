/** Forwarding a case to the competent unit: the summary an agent wrote is e-mailed (SMTP_URL) to a
 * station of the directory or to an address, with the conversation's topic, date and reference —
 * never the citizen's address or contact, never the transcript. The same access rules as replying;
 * audited with the target, never the text; an internal note tells colleagues it was done. */
import type { AccountStore, AgentSession } from '../agents/accounts.js';
import type { AuditLog } from '../agents/audit.js';
import type { Conversation } from '../conversations/index.js';
import type { Phrases } from '../i18n/phrases.js';
import { MailError, type Mailer } from '../mail/mailer.js';
import type { Station } from '../stations/index.js';
import type { AgentDesk } from './agent-desk.js';
import type { Outbox } from './outbox.js';

/** Where a case goes: a station of the directory, or an address the agent typed. */
export type ForwardTarget = { stationId: string } | { email: string };

/** Why a forward could not be sent; the API turns `code` into its status (web/forward-api.ts). */
export class ForwardError extends Error {
  constructor(
    readonly code: 'mail_unavailable' | 'unknown_station' | 'station_without_email' | 'mail_failed',
    message: string,
  ) {
    super(message);
    this.name = 'ForwardError';
  }
}

/** What forwarding works with. */
export interface UnitForwardsOptions {
  desk: Pick<AgentDesk, 'held'>;
  stations: { get(id: string): Promise<Station | undefined> };
  /** Absent when SMTP_URL is unset: every forward is then refused with `mail_unavailable`. */
  mailer?: Mailer;
  outbox: Pick<Outbox, 'say'>;
  audit: Pick<AuditLog, 'record'>;
  accounts: Pick<AccountStore, 'find'>;
  phrases: () => Phrases;
  /** The language of the mail and of the note (the agents' and the units' language). */
  agentLocale: string;
  /** The desk's time zone, for the conversation's date in the mail (STATS_TIMEZONE). */
  timeZone: string;
  /** An intent's title in the agents' language ("Violences conjugales ou intrafamiliales"). */
  intentTitle?: (intent: string) => string | undefined;
}

/** Sends case summaries to units. */
export class UnitForwards {
  constructor(private readonly o: UnitForwardsOptions) {}

  /** E-mails `summary` about conversation `id` to the target unit; resolves once the SMTP server took it. */
  async forward(agent: AgentSession, id: string, input: ForwardTarget & { summary: string }): Promise<void> {
    // Access first: an outsider learns nothing, not even whether e-mail is configured.
    const conv = await this.o.desk.held(agent, id);
    const { mailer } = this.o;
    if (!mailer) throw new ForwardError('mail_unavailable', 'e-mail is not configured on this hub (SMTP_URL); the case cannot be forwarded');
    const unit = await this.unit(input);
    const author = (await this.o.accounts.find(agent.username))?.display ?? agent.username;
    const vars = {
      reference: conv.id,
      intent: this.topic(conv),
      date: this.date(conv.createdAt),
      agent: author,
      summary: input.summary.trim(),
    };
    const t = (key: string) => this.o.phrases().t(key, this.o.agentLocale, vars);
    try {
      await mailer.send({ to: unit.email, subject: t('forward_mail_subject'), text: t('forward_mail_body') });
    } catch (err) {
      // MailError carries only the SMTP status, never the address or the words.
      if (err instanceof MailError) throw new ForwardError('mail_failed', `the e-mail could not be sent (${err.message}); nothing was forwarded`);
      throw err;
    }
    const note = this.o.phrases().t('note_forwarded', this.o.agentLocale, { unit: unit.label, agent: agent.username });
    await this.o.outbox.say(conv, { from: 'system', internal: true, text: note });
    // The target, so a supervisor can tell where a case went; the summary may name people: never.
    await this.o.audit.record({ actor: agent.username, action: 'forward', conversation: id, detail: 'stationId' in input ? input.stationId : unit.email });
  }

  /** The mailbox and how the note names it. */
  private async unit(input: ForwardTarget): Promise<{ email: string; label: string }> {
    if ('email' in input) return { email: input.email, label: input.email };
    const station = await this.o.stations.get(input.stationId);
    if (!station) throw new ForwardError('unknown_station', `no station "${input.stationId}" in the directory`);
    if (!station.email) {
      throw new ForwardError('station_without_email', `the directory has no e-mail for "${station.name}"; give the unit's address instead`);
    }
    return { email: station.email, label: `${station.name} (${station.email})` };
  }

  private topic(conv: Conversation): string {
    if (!conv.intent) return this.o.phrases().t('forward_no_intent', this.o.agentLocale);
    return this.o.intentTitle?.(conv.intent) ?? conv.intent;
  }

  /** "lundi 3 juin 2024 à 14:05 (Europe/Paris)": the day the citizen wrote, in the desk's time zone. */
  private date(iso: string): string {
    const when = new Intl.DateTimeFormat(this.o.agentLocale, { dateStyle: 'full', timeStyle: 'short', timeZone: this.o.timeZone }).format(new Date(iso));
    return `${when} (${this.o.timeZone})`;
  }
}
