/** What an outgoing webhook says, and its signature. Ids, states and times only: never a message's
 * text, a citizen's platform id, address, e-mail or follow-up code. Pure: no I/O. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Conversation, dangerLevel } from '../conversations/types.js';

/** The events a unit's tools may follow. `urgent`: the conversation is now "danger now" (urgent
 * triage, or yes to "are you in danger right now?"). */
export const WEBHOOK_EVENTS = ['handed_off', 'urgent', 'closed'] as const;
/** One of WEBHOOK_EVENTS. */
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The conversation as a webhook describes it. */
export interface WebhookConversation {
  id: string;
  channel: string;
  intent: string | null;
  danger: 'now' | 'maybe' | 'none';
  skills: string[];
  afterHours: boolean;
  createdAt: string;
  waitingSince: string | null;
  claimedAt: string | null;
  closedAt: string | null;
}

/** The body of one delivery, before `sentAt` is stamped on each attempt. */
export interface WebhookEnvelope {
  /** Unique per delivery (the same on its retries): a receiver ignores one it has seen. */
  delivery: string;
  event: WebhookEvent;
  /** When the event happened. */
  at: string;
  conversation: WebhookConversation;
  /** `closed` only: who closed it. */
  closedBy?: 'agent' | 'citizen' | 'system';
}

/** An event's envelope before it becomes deliveries (each gets its own `delivery` id). */
export type EventEnvelope = Omit<WebhookEnvelope, 'delivery'>;

/** The envelope of an event about `conv` (its state at the event). */
export function toEnvelope(input: {
  event: WebhookEvent;
  at: string;
  conv: Conversation;
  skills: string[];
  afterHours: boolean;
  closedBy?: 'agent' | 'citizen' | 'system';
}): EventEnvelope {
  const { conv } = input;
  return {
    event: input.event,
    at: input.at,
    conversation: {
      id: conv.id,
      channel: conv.channel,
      intent: conv.intent ?? null,
      danger: dangerLevel(conv),
      skills: [...input.skills],
      afterHours: input.afterHours,
      createdAt: conv.createdAt,
      waitingSince: conv.waitingSince ?? null,
      claimedAt: conv.claimedAt ?? null,
      closedAt: input.event === 'closed' ? (conv.closedAt ?? input.at) : null,
    },
    ...(input.closedBy ? { closedBy: input.closedBy } : {}),
  };
}

/** The raw body of one attempt: the envelope with the attempt's `sentAt`, which the signature covers. */
export function toBody(envelope: WebhookEnvelope, sentAtMs: number): string {
  return JSON.stringify({ ...envelope, sentAt: new Date(sentAtMs).toISOString() });
}

/** The headers of one attempt: `X-Relais-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. */
export function signedHeaders(body: string, secret: string, envelope: WebhookEnvelope, sentAtMs: number): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Relais-Webhooks/1',
    'x-relais-event': envelope.event,
    'x-relais-delivery': envelope.delivery,
    'x-relais-timestamp': String(Math.floor(sentAtMs / 1000)),
    'x-relais-signature': signature(body, secret),
  };
}

/** `sha256=<hex>` of the raw body. */
export function signature(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** What a receiver does (and the tests do): the signature matches the raw body (constant time), and the
 * signed `sentAt` is within `toleranceMs` of now. */
export function verifyWebhook(rawBody: string | Buffer, header: string | undefined, secret: string, nowMs: number, toleranceMs = 5 * 60_000): boolean {
  const expected = Buffer.from(signature(rawBody, secret));
  const given = Buffer.from(header ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  const sentAt = Date.parse((JSON.parse(rawBody.toString()) as { sentAt?: string }).sentAt ?? '');
  return Number.isFinite(sentAt) && Math.abs(nowMs - sentAt) <= toleranceMs;
}
