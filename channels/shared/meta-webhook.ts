/** What WhatsApp Cloud and Messenger webhooks share: the GET handshake and signed JSON POSTs. */
import type { WebhookRequest, WebhookResponse } from '../../src/core/channel.js';
import { safeEqual, verifyHubSignature } from './signature.js';

/** Answers Meta's subscription handshake: echoes `hub.challenge` when the verify token matches. */
export function answerVerification(req: WebhookRequest, verifyToken: string): WebhookResponse {
  const mode = req.query['hub.mode'];
  const token = req.query['hub.verify_token'] ?? '';
  const challenge = req.query['hub.challenge'] ?? '';
  if (mode !== 'subscribe' || !verifyToken || !safeEqual(token, verifyToken)) {
    return { status: 403, body: { error: { code: 'forbidden', message: 'verification token mismatch' } } };
  }
  return { status: 200, body: challenge };
}

/** A signed POST's JSON body, or the answer to give when the signature or the JSON is wrong. */
export function readSignedJson(req: WebhookRequest, appSecret: string): { body: unknown } | { reject: WebhookResponse } {
  if (!verifyHubSignature(req.rawBody, req.headers['x-hub-signature-256'], appSecret)) {
    return { reject: { status: 401, body: { error: { code: 'bad_signature', message: 'X-Hub-Signature-256 does not match' } } } };
  }
  try {
    return { body: JSON.parse(req.rawBody.toString('utf8')) as unknown };
  } catch {
    return { reject: { status: 400, body: { error: { code: 'invalid_json', message: 'the body is not valid JSON' } } } };
  }
}

/** The acknowledgement Meta expects once events are stored. */
export const ACCEPTED: WebhookResponse = { status: 200, body: 'EVENT_RECEIVED' };

/** The events of a signed body, or a 400 when its shape is not the platform's: a redelivery of the
 * same bytes would fail the same way, so it must not get the 500 that asks Meta to send it again. */
export function normalised<T>(read: () => T[]): { list: T[] } | { reject: WebhookResponse } {
  try {
    return { list: read() };
  } catch {
    return { reject: { status: 400, body: { error: { code: 'invalid_event', message: "the notification does not have the platform's shape" } } } };
  }
}
