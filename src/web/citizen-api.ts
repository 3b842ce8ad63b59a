/** The API channel (contract "Citizen side"): conversations, messages with long-poll, close, triage. */
import type { Request, Response, Server } from 'restify';
import type { ReceiveResult } from '../core/channel.js';
import { citizenView, type InboundMessage } from '../core/messages.js';
import { apiChannel, webChannel } from './pull-channels.js';
import { HttpError, bearer, intParam, readJson, route } from './http.js';
import { LIMITS } from './rate-limit.js';
import type { CitizenParts } from './context.js';

const MAX_WAIT_MS = 30_000;

/** Registers the citizen routes. */
export function addCitizenRoutes(server: Server, ctx: CitizenParts): void {
  const { hub, limiter, log } = ctx;

  server.post(
    '/api/v1/conversations',
    route(async (req, res) => {
      await limiter.hit('create', clientIp(req), LIMITS.createConversation);
      const body = await readJson(req, ctx.maxBodyBytes);
      if (body.locale !== undefined && typeof body.locale !== 'string')
        throw new HttpError(400, 'invalid_locale', '"locale" must be a language code such as "fr"');
      if (body.channel !== undefined && body.channel !== webChannel.id && body.channel !== apiChannel.id) {
        throw new HttpError(400, 'invalid_channel', '"channel" is "web" (the chat widget) or "api" (the default)');
      }
      const channel = body.channel === webChannel.id ? webChannel.id : apiChannel.id;
      const result = await hub.receive({ channel, sender: { locale: body.locale as string | undefined }, message: { kind: 'start' } });
      if (result.status !== 'stored' || !result.token) throw new Error('a new conversation was expected');
      res.send(201, { id: result.conversationId, token: result.token });
    }, log),
  );

  server.post(
    '/api/v1/conversations/:id/messages',
    route(async (req, res) => {
      const id = await authorise(ctx, req);
      await limiter.hit('message', id, LIMITS.citizenMessage);
      const body = await readJson(req, ctx.maxBodyBytes);
      res.send(202, {
        seq: storedSeq(await hub.receive({ channel: apiChannel.id, sender: { conversationId: id }, message: toInbound(body, ctx.maxMessageChars) })),
      });
    }, log),
  );

  server.get(
    '/api/v1/conversations/:id/messages',
    route(async (req, res) => {
      const id = await authorise(ctx, req);
      const after = intParam(req.query?.after, 0);
      const wait = intParam(req.query?.wait, 0, MAX_WAIT_MS);
      res.send(200, { messages: await waitForMessages(ctx, id, after, wait, res) });
    }, log),
  );

  server.post(
    '/api/v1/conversations/:id/close',
    route(async (req, res) => {
      const id = await authorise(ctx, req);
      await ctx.lifecycle.close(id, { who: 'citizen' });
      res.send(200, { status: 'closed' });
    }, log),
  );

  server.post(
    '/api/v1/triage',
    route(async (req, res) => {
      await limiter.hit('triage', clientIp(req), LIMITS.triage);
      const body = await readJson(req, ctx.maxBodyBytes);
      if (typeof body.text !== 'string' || !body.text.trim()) throw new HttpError(400, 'invalid_text', '"text" must be a non-empty string');
      if (body.locale !== undefined && typeof body.locale !== 'string') throw new HttpError(400, 'invalid_locale', '"locale" must be a language code');
      const { urgent, intent, confidence, locale } = ctx.runtime.current.triage.classify(
        body.text.slice(0, ctx.maxMessageChars),
        body.locale as string | undefined,
      );
      res.send(200, { urgent, danger: urgent ? 'now' : 'none', intent, confidence, locale });
    }, log),
  );
}

/** Checks the citizen's token; an unknown conversation and a wrong token answer the same 404. */
export async function authorise(ctx: CitizenParts, req: Request): Promise<string> {
  const id = String(req.params?.id ?? '');
  const token = bearer(req);
  if (!token) throw new HttpError(401, 'unauthorized', 'missing "Authorization: Bearer <token>"');
  if (!(await ctx.store.verifyToken(id, token))) throw new HttpError(404, 'not_found', 'unknown conversation');
  return id;
}

/** The seq of a stored message; a too-long one is refused with 413 (the hub already told the citizen). */
export function storedSeq(result: ReceiveResult): number {
  if (result.status === 'too_long') throw new HttpError(413, 'too_long', `"text" is longer than ${result.max} characters`);
  return result.status === 'stored' ? result.seq : 0;
}

/** Turns a citizen's JSON body (API or socket) into an InboundMessage, or explains what is wrong. */
export function toInbound(body: Record<string, unknown>, maxChars: number): InboundMessage {
  if (typeof body.choice === 'string' && body.choice) return { kind: 'choice', choiceId: body.choice.slice(0, 100) };
  if (typeof body.text === 'string') {
    const text = body.text.trim();
    if (!text) throw new HttpError(400, 'empty_text', '"text" is empty');
    if (text.length > maxChars) throw new HttpError(413, 'too_long', `"text" is longer than ${maxChars} characters`);
    return { kind: 'text', text };
  }
  throw new HttpError(400, 'invalid_message', 'send {"text": "..."} or {"choice": "<choice id>"}');
}

/** Messages after `after`; with `wait`, holds until one arrives (any hub process) or time runs out. */
export async function waitForMessages(ctx: Pick<CitizenParts, 'store' | 'events'>, id: string, after: number, wait: number, res: Response, internal = false) {
  const read = async () => (await ctx.store.messages(id, after, { internal })).map((m) => (internal ? m : citizenView(m)));
  let messages = await read();
  if (messages.length || !wait) return messages;
  const abort = new AbortController();
  res.once('close', () => abort.abort()); // the caller went away: stop waiting
  const arrived = ctx.events.waitFor(id, after, wait, abort.signal);
  messages = await read(); // closes the gap between the first read and subscribing
  if (!messages.length && (await arrived)) messages = await read();
  abort.abort();
  return messages;
}

/** The caller's address for rate limits (never logged). */
export function clientIp(req: Request): string {
  return req.socket?.remoteAddress ?? 'unknown';
}
