/** Webhook authenticity checks: constant-time secret comparison and Meta's X-Hub-Signature-256. */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Compares two secrets in constant time (hashing first hides the length from the timing too). */
export function safeEqual(given: string, expected: string): boolean {
  const key = 'relais-compare';
  const a = createHmac('sha256', key).update(given).digest();
  const b = createHmac('sha256', key).update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** The `X-Hub-Signature-256` value for a body: `sha256=` and the hex HMAC-SHA256 with the app secret. */
export function hubSignature(rawBody: Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** True when `header` signs exactly these bytes with `appSecret` (Meta webhooks: WhatsApp Cloud, Messenger). */
export function verifyHubSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header || !appSecret) return false;
  return safeEqual(header.trim().toLowerCase(), hubSignature(rawBody, appSecret));
}
