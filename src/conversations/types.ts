/** A conversation as the hub keeps it in Redis. */
import type { ChannelAddress } from '../core/channel.js';

/** Who is talking to the citizen now. */
export type ConversationMode = 'bot' | 'waiting' | 'agent' | 'survey' | 'closed';

export interface Conversation {
  id: string;
  channel: string;
  locale: string;
  mode: ConversationMode;
  /** Flow step whose choices were offered last. */
  step: string;
  /** What the bot's last question was waiting for, beyond the step's own choices. */
  pending?: 'feedback' | 'clarify' | 'survey';
  /** Choice ids offered with the last bot question (synthetic ones included). */
  offered: string[];
  clarifyCount: number;
  /** Highest citizen seq the bot has dealt with. */
  processedSeq: number;
  /** Seq of the citizen's latest message (the bot owes a turn while it is above `processedSeq`). */
  citizenSeq?: number;
  /** Push channels: the transcript is delivered up to this seq (sent, or recorded as undeliverable). */
  deliveredSeq?: number;
  /** Keyed hash of the platform user who owns it (push channels), to drop their link at purge. */
  userHash?: string;
  urgent: boolean;
  intent?: string;
  agent?: string;
  waitingSince?: string;
  claimedAt?: string;
  firstAgentReplyAt?: string;
  closedAt?: string;
  outcome?: string;
  /** Push channels only: where the channel sends replies. */
  address?: ChannelAddress;
  createdAt: string;
  updatedAt: string;
}
