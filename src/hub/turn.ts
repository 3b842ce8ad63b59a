/** The bot's turn on one citizen message: an ordered list of small steps over one turn context,
 * in the spirit of botbuilder's `(context, next)` handlers. Nothing is written until the end: the
 * turn's replies, state and processed mark are committed in one atomic write, fenced on the mark,
 * so a turn run twice (a crash, a lease that ran out) is applied once. Events follow the commit. */
import type { Clock } from '../core/clock.js';
import { isoNow } from '../core/clock.js';
import { type StoredMessage, storedTriage } from '../core/messages.js';
import { nextTopic, type TriageResult } from '../core/triage.js';
import type { ContentVersion } from '../content/runtime.js';
import type { Conversation, ConversationWrite } from '../conversations/index.js';
import type { DialogueLookups, DialogueOutcome } from '../flows/engine.js';
import type { ConversationTranslation } from '../i18n/translator.js';
import { formatServiceTime, serviceStatus } from '../service/index.js';
import type { StationFinder } from '../stations/index.js';
import type { Counter } from '../stats/stats.js';
import { dialogueState } from './dialogue-state.js';
import type { HubEventMap } from './events.js';
import type { FollowUps } from './follow-ups.js';
import { languageCommand } from './language-command.js';
import { handoffChange } from './lifecycle.js';
import { localeChange } from './locale-choice.js';
import { type Saying, toNewMessages } from './outbox.js';
import { stationLookups } from './station-lookups.js';

/** Everything a step reads and writes. */
export interface TurnContext {
  conv: Conversation;
  message: StoredMessage;
  version: ContentVersion;
  /** The citizen's first message (the welcome is already on screen). */
  first: boolean;
  /** What steps before the flow engine looked up for it (the engine does no I/O). */
  lookups?: DialogueLookups;
  outcome?: DialogueOutcome;
  /** Fields, mode and messages to commit with the turn. */
  set: Partial<Conversation>;
  mode?: Conversation['mode'];
  say: Saying[];
  counters: Counter[];
  rating?: number;
  event?: { name: 'handed_off'; payload: HubEventMap['handed_off'] } | { name: 'raised_urgent'; payload: HubEventMap['raised_urgent'] };
}

/** One step: do its part, then `next()` to go on, or return without it to end the turn there. */
export type TurnStep = (ctx: TurnContext, next: () => Promise<void>) => Promise<void>;

/** Runs steps in order (each decides whether the rest runs). */
export function compose(steps: TurnStep[]): (ctx: TurnContext) => Promise<void> {
  return (ctx) => {
    const run = (i: number): Promise<void> => (i < steps.length ? steps[i](ctx, () => run(i + 1)) : Promise.resolve());
    return run(0);
  };
}

/** The turn's steps, in order. `followUps` issues the code said with each hand-off; `stations` answers "where is the nearest station". */
export function turnSteps(o: {
  translation: ConversationTranslation;
  clock: Clock;
  followUps: Pick<FollowUps, 'issue'>;
  stations?: StationFinder;
}): TurnStep[] {
  return [
    // Triage once: receive() stored its verdict with the text; a message stored without one is read now.
    async (ctx, next) => {
      const { message, conv, version } = ctx;
      if (!message.triage && message.choice === undefined && !message.media && message.text) {
        ctx.message = { ...message, triage: storedTriage(version.triage.classify(message.text, conv.locale)) };
      }
      await next();
    },
    // The language command ("/langue es", "English"...): the conversation switches and the bot confirms, whoever leads it.
    async (ctx, next) => {
      const { message, version } = ctx;
      const locale = message.choice === undefined && message.text ? languageCommand(message.text, version.phrases) : undefined;
      if (!locale) return next();
      const { set, say } = localeChange(version, ctx.conv, locale);
      Object.assign(ctx.set, set);
      ctx.conv = { ...ctx.conv, ...set };
      ctx.say.push(say);
    },
    // While a person handles the conversation, the bot only translates, raises urgency and says what it cannot read.
    async (ctx, next) => {
      const { conv, message } = ctx;
      if (conv.mode !== 'waiting' && conv.mode !== 'agent') return next();
      // Read at arrival, the translation is beside the message already; else it is tried once more, as a note.
      const note =
        message.choice === undefined && message.text && !message.translation
          ? await o.translation.forAgents(conv.translateTo ?? conv.locale, message.text)
          : undefined;
      if (note) ctx.say.push({ from: 'system', internal: true, text: note });
      if (message.triage?.urgent) handOff(ctx, message.triage.intent, true, isoNow(o.clock));
      if (message.media) ctx.say.push({ text: ctx.version.phrases.t('media_unsupported', conv.locale) });
    },
    async (ctx, next) => {
      if (ctx.conv.mode !== 'closed') await next();
    },
    // Stations near the citizen, when the directory is imported (src/hub/station-lookups.ts).
    ...(o.stations ? [stationLookups(o.stations)] : []),
    // The flow engine decides the answer.
    async (ctx, next) => {
      const { conv, message, version, lookups } = ctx;
      const state = dialogueState(conv);
      // A language the citizen chose stays, whatever the detector reads in their messages.
      const triage = conv.localeChosen && message.triage ? { ...message.triage, locale: conv.locale } : message.triage;
      ctx.outcome = message.media
        ? version.engine.handle(state, { kind: 'media' }, lookups)
        : message.choice !== undefined
          ? version.engine.handle(state, { kind: 'choice', choiceId: message.choice }, lookups)
          : version.engine.handle(state, { kind: 'text', text: message.text, triage: triage as TriageResult, first: ctx.first }, lookups);
      await next();
    },
    // A new question instead of a rating: the conversation is reopened.
    async (ctx, next) => {
      if (ctx.conv.mode === 'survey' && ctx.outcome?.survey === undefined && ctx.message.choice === undefined) {
        ctx.mode = 'bot';
        ctx.set.closedAt = undefined;
        ctx.conv = { ...ctx.conv, mode: 'bot' };
      }
      await next();
    },
    // The topic triage found; a message naming no matter does not erase an earlier one (nextTopic).
    async (ctx, next) => {
      const found = ctx.message.triage?.intent;
      const intent = found && nextTopic(ctx.conv.intent, found);
      if (intent && intent !== ctx.conv.intent) {
        ctx.set.intent = intent;
        ctx.conv = { ...ctx.conv, intent };
      }
      await next();
    },
    // The outcome becomes state, replies, counters and maybe a hand-off or the end.
    async (ctx, next) => {
      const outcome = ctx.outcome!;
      const { step, pending, offered, clarifyCount, locale, held, appointment, easyRead } = outcome.state;
      Object.assign(ctx.set, {
        step,
        pending,
        offered,
        clarifyCount,
        held: pending === 'danger' ? held : undefined,
        // The request being made lives only while the bot asks for it.
        appointmentRequest: pending?.startsWith('appointment_') ? appointment : undefined,
      });
      // Written only when it changes: a language chosen in the widget meanwhile is not overwritten.
      if (locale !== ctx.conv.locale) ctx.set.locale = locale;
      if (Boolean(easyRead) !== Boolean(ctx.conv.easyRead)) ctx.set.easyRead = Boolean(easyRead);
      if (pending === 'danger' && !ctx.conv.askedDanger) {
        ctx.set.askedDanger = true;
        ctx.counters.push('danger_questions');
      }
      ctx.conv = { ...ctx.conv, locale };
      if (outcome.answered) {
        const intent = nextTopic(ctx.conv.intent, outcome.answered);
        ctx.set.intent = intent;
        ctx.conv = { ...ctx.conv, intent };
        ctx.counters.push('answers_given');
      }
      // Notes first: the hand-off notice must stay the turn's last message (the next step adds to it).
      for (const note of outcome.notes ?? []) ctx.say.push({ from: 'system', internal: true, text: note });
      ctx.say.push(...outcome.replies);
      if (outcome.helped) ctx.counters.push('resolved_by_bot');
      if (outcome.handoff?.reason === 'not_helped') ctx.counters.push('not_helped');
      if (outcome.handoff) handOff(ctx, outcome.handoff.intent, outcome.handoff.reason === 'urgent', isoNow(o.clock));
      if (outcome.survey !== undefined) {
        ctx.rating = outcome.survey;
        ctx.mode = 'closed';
      }
      await next();
    },
    // A new hand-off: out of hours, when agents are back; always, the follow-up code. Both go in the
    // hand-off message itself (the engine's last reply), so a channel that shows one message shows them.
    async (ctx) => {
      const event = ctx.event;
      const notice = ctx.say.at(-1);
      if (event?.name !== 'handed_off' || event.payload.raised || !notice) return;
      const { conv, version } = ctx;
      const { service } = version.content;
      const status = serviceStatus(service, o.clock.now());
      const lines = [notice.text];
      if (!status.open) {
        event.payload.afterHours = true;
        if (status.nextChange !== undefined) {
          const back = formatServiceTime(status.nextChange, conv.locale, service.timezone);
          lines.push(version.phrases.t('handoff_after_hours', conv.locale, { back }));
        }
      }
      const code = await o.followUps.issue(conv.id);
      if (code) lines.push(version.phrases.t('handoff_code', conv.locale, { code }));
      notice.text = lines.join('\n\n');
    },
  ];
}

function handOff(ctx: TurnContext, intent: string, urgent: boolean, nowIso: string): void {
  const change = handoffChange(ctx.conv, intent, urgent, nowIso);
  if (!change) return;
  Object.assign(ctx.set, change.write.set);
  if (change.write.mode) ctx.mode = change.write.mode;
  // Held by an agent: no hand-off, only the news that it is urgent now.
  if (!change.event && change.conv.urgent && !ctx.conv.urgent) ctx.event = { name: 'raised_urgent', payload: { conversation: change.conv } };
  ctx.conv = change.conv;
  if (change.event) {
    ctx.event = { name: 'handed_off', payload: { conversation: change.conv, ...change.event } };
    // Raising a waiting conversation to urgent is not a new hand-off.
    if (!change.event.raised) ctx.counters.push('handoffs');
    if (!change.event.raised && change.event.urgent) ctx.counters.push('handoffs_urgent');
  }
}

/** The turn's one write: its state, its messages, and the processed mark, fenced on the previous mark;
 * with `endsLease`, it also ends the turn's lease. */
export function turnWrite(ctx: TurnContext, previousMark: number, endsLease?: number): ConversationWrite {
  return {
    set: { ...ctx.set, processedSeq: ctx.message.seq },
    append: toNewMessages(ctx.say),
    ...(ctx.mode ? { mode: ctx.mode } : {}),
    fence: { field: 'processedSeq', equals: previousMark },
    ...(endsLease ? { endsLease } : {}),
  };
}
