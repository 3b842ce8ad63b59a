/** A conversation as the hub keeps it in Redis. */
import type { ChannelAddress } from '../core/channel.js';
import type { AppointmentRequest } from '../flows/appointment-dialogue.js';
import type { DialoguePending, HeldTriage } from '../flows/engine.js';
import type { Appointment } from '../appointments/types.js';

/** Who is talking to the citizen now. */
export type ConversationMode = 'bot' | 'waiting' | 'agent' | 'survey' | 'closed';

/** The danger level agents see: `now` (urgent), `maybe` (the bot asked and it was not confirmed), `none`. */
export function dangerLevel(conv: Pick<Conversation, 'urgent' | 'askedDanger'>): 'now' | 'maybe' | 'none' {
  return conv.urgent ? 'now' : conv.askedDanger ? 'maybe' : 'none';
}

export interface Conversation {
  id: string;
  channel: string;
  /** The language the bot speaks in it (one of the seven the content is written in). */
  locale: string;
  /** The citizen's language when the content is not written in it: what leaves for them is
   * machine-translated from `locale` (hub/citizen-translation.ts). */
  translateTo?: string;
  /** The citizen chose `locale` themselves (widget control, language command): detection keeps off it. */
  localeChosen?: boolean;
  /** The citizen chose easy-to-read French (FALC: the welcome, answers and main phrases that have it). */
  easyRead?: boolean;
  mode: ConversationMode;
  /** Flow step whose choices were offered last. */
  step: string;
  /** What the bot's last question was waiting for, beyond the step's own choices. */
  pending?: DialoguePending;
  /** While `pending` is `danger`: the triage of the message the bot asked about (no text). */
  held?: HeldTriage;
  /** The bot asked "are you in danger right now?" in this conversation (agents see the doubt). */
  askedDanger?: boolean;
  /** Choice ids offered with the last bot question (synthetic ones included). */
  offered: string[];
  clarifyCount: number;
  /** Highest citizen seq the bot has dealt with. */
  processedSeq: number;
  /** Seq of the citizen's latest message (the bot owes a turn while it is above `processedSeq`). */
  citizenSeq?: number;
  /** Seq of the latest emergency warning said at once for a danger now (ConversationWrite.warnsAfter). */
  warnedSeq?: number;
  /** Push channels: the transcript is delivered up to this seq (sent, or recorded as undeliverable). */
  deliveredSeq?: number;
  /** When a message the platform refused is tried again (the injected clock's ms, hub/delivery.ts): until
   * then no other delivery job sends the head of the transcript. */
  deliveryRetryAt?: number;
  /** Keyed hash of the platform user who owns it (push channels), to drop their link at purge. */
  userHash?: string;
  urgent: boolean;
  intent?: string;
  agent?: string;
  /** Every agent who has held it (claimed, assigned or transferred to), first first: their history. */
  heldBy?: string[];
  waitingSince?: string;
  claimedAt?: string;
  firstAgentReplyAt?: string;
  closedAt?: string;
  outcome?: string;
  /** The appointment request the citizen is making with the bot (station offered and chosen). */
  appointmentRequest?: AppointmentRequest;
  /** The appointment an agent confirmed (the latest one), for the confirmation and the .ics file. */
  appointment?: Appointment;
  /** Push channels only: where the channel sends replies. */
  address?: ChannelAddress;
  createdAt: string;
  updatedAt: string;
}
