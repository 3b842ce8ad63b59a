/** Adapts the hub's framework-free webhook request to what CloudAdapter.process reads and writes. */
import type { Request as BotRequest, Response as BotResponse } from 'botbuilder';
import { absentOr, absentOrListOf, isObject, isText } from '../shared/shape.js';
import type { WebhookRequest, WebhookResponse } from '../../src/core/channel.js';

/** Where Bot Framework channels (and the Emulator) post activities (api-contract.md). */
export const BOTFRAMEWORK_PATH = '/api/messages';

/** The parsed activity of a request, or the answer for a malformed one. */
export function readActivity(req: WebhookRequest): { body: Record<string, unknown> } | { reject: WebhookResponse } {
  try {
    const body = JSON.parse(req.rawBody.toString('utf8')) as unknown;
    if (isObject(body) && activityShape(body)) return { body };
  } catch {
    // answered below
  }
  return { reject: { status: 400, body: { error: { code: 'invalid_activity', message: 'the body is not an activity' } } } };
}

/** The fields this hub and the adapter read have the Bot Framework schema's types: a wrong one would
 * throw inside the adapter's turn (a 500, and the connector would send the activity again). */
function activityShape(a: Record<string, unknown>): boolean {
  const account = (v: unknown) => isObject(v) && absentOr(v.id, isText);
  return (
    isText(a.type) &&
    [a.text, a.id, a.locale].every((field) => absentOr(field, isText)) &&
    [a.from, a.recipient, a.conversation].every((field) => absentOr(field, account)) &&
    absentOrListOf(a.membersAdded, account) &&
    absentOrListOf(a.attachments, (x) => isObject(x) && absentOr(x.contentType, isText))
  );
}

/** True for a service URL on this machine: the only kind accepted when no app id authenticates callers. */
/** True for a loopback peer address (127.0.0.0/8, ::1, and their IPv4-mapped form). */
export function isLoopbackAddress(address: string): boolean {
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || /^127\.\d+\.\d+\.\d+$/.test(plain);
}

export function isLoopbackUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    const { hostname } = new URL(url);
    return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
  } catch {
    return false;
  }
}

/** The contract's error for a status the adapter set without a body: a failed authentication, or an
 * invoke the bot did not answer (the adapter's 501; index.ts answers card buttons with a choice). */
function adapterError(status: number, activity: Record<string, unknown>): { code: string; message: string } {
  if (status === 401) return { code: 'unauthorized', message: 'authentication failed' };
  if (status === 501)
    return { code: 'not_implemented', message: `invoke "${String(activity.name ?? '')}" is not handled (only adaptiveCard/action with a choice)` };
  return { code: 'error', message: 'the activity was not processed' };
}

/** A request/response pair CloudAdapter.process accepts, and the answer it wrote. */
export function adapterExchange(req: WebhookRequest, body: Record<string, unknown>): { request: BotRequest; response: BotResponse; answer(): WebhookResponse } {
  let status = 200;
  let sent: unknown;
  const headers: Record<string, string> = {};
  const response: BotResponse = {
    socket: undefined,
    status(code: number) {
      status = code;
      return response;
    },
    header(name: string, value: unknown) {
      headers[name] = String(value);
      return response;
    },
    send(value?: unknown) {
      sent = value;
      return response;
    },
    end() {
      return response;
    },
  };
  return {
    request: { method: req.method, headers: req.headers, body },
    response,
    answer: () => ({ status, headers, body: status >= 400 ? { error: adapterError(status, body) } : (sent ?? {}) }),
  };
}
