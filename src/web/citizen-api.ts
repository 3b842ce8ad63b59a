/** The API channel (contract "Citizen side"): conversations, messages with long-poll, close, triage. */
import type { Request, Response, Server } from 'restify';
import type { ReceiveResult } from '../core/channel.js';
import { citizenView, type InboundMessage, type StoredMessage } from '../core/messages.js';
import { HOLD_LIMITS } from './holds.js';
import { apiChannel, webChannel } from './pull-channels.js';
import { HttpError, bearer, conversationIdParam, parse, parseBody, parseQuery, readJson, route } from './http.js';
import { LIMITS, countCitizenMessage } from './rate-limit.js';
import { citizenMessageBody, createConversationBody, idempotencyKey, messagesQuery, triageBody } from './schemas.js';
import type { CitizenParts } from './context.js';

/** Registers the citizen routes. */
export function addCitizenRoutes(server: Server, ctx: CitizenParts): void {
  const { hub, limiter, log } = ctx;

  server.post(
    '/api/v1/conversations',
    route(async (req, res) => {
      await limiter.hit('create', clientIp(req), LIMITS.createConversation);
      const body = await parseBody(req, createConversationBody, ctx.maxBodyBytes);
      const channel = body.channel === webChannel.id ? webChannel.id : apiChannel.id;
      const result = await hub.receive({ channel, sender: { locale: body.locale }, message: { kind: 'start' } });
      if (result.status !== 'stored' || !result.token) throw new Error('a new conversation was expected');
      res.send(201, { id: result.conversationId, token: result.token });
    }, log),
  );

  server.post(
    '/api/v1/conversations/:id/messages',
    route(async (req, res) => {
      // The hub checks the token as it reads the conversation (one Redis command for both).
      const { id, token } = credentials(req);
      await countCitizenMessage(limiter, id, token);
      const message = await tokenFirst(ctx, id, token, async () =>
        toInbound(await readJson(req, ctx.maxBodyBytes), ctx.maxMessageChars, req.headers['idempotency-key']),
      );
      // The answer is usually asked for next, here: this process keeps what is written meanwhile.
      const kept = ctx.events.keep(id);
      let result: ReceiveResult;
      try {
        result = await hub.receive({ channel: apiChannel.id, sender: { conversationId: id, token }, message });
      } catch (err) {
        kept.drop();
        throw err;
      }
      // A repeat's answers were written before keeping began: its reader must read them.
      if (result.status === 'stored' && !result.repeated) kept.stored(result.seq, token);
      else kept.drop();
      res.send(202, { seq: storedSeq(result) });
    }, log),
  );

  server.get(
    '/api/v1/conversations/:id/messages',
    route(async (req, res) => {
      const { id, token } = credentials(req);
      const { after = 0, wait = 0 } = await tokenFirst(ctx, id, token, async () => parseQuery(req, messagesQuery));
      res.send(200, { messages: await waitForMessages(ctx, id, after, wait, res, { caller: clientIp(req), token }) });
    }, log),
  );

  server.post(
    '/api/v1/conversations/:id/close',
    route(async (req, res) => {
      const { id } = await authorise(ctx, req);
      await ctx.lifecycle.close(id, { who: 'citizen' });
      res.send(200, { status: 'closed' });
    }, log),
  );

  // Quick exit: erased at once, everywhere; 404 from now on (the token's hash went with it).
  server.del(
    '/api/v1/conversations/:id',
    route(async (req, res) => {
      const { id } = await authorise(ctx, req);
      await ctx.quickExit.erase(id);
      res.send(204);
    }, log),
  );

  server.post(
    '/api/v1/triage',
    route(async (req, res) => {
      await limiter.hit('triage', clientIp(req), LIMITS.triage);
      const body = await parseBody(req, triageBody, ctx.maxBodyBytes);
      const { urgent, danger, intent, confidence, locale } = ctx.runtime.current.triage.classify(body.text.slice(0, ctx.maxMessageChars), body.locale);
      res.send(200, { urgent, danger, intent, confidence, locale });
    }, log),
  );
}

/** Checks the citizen's token; an unknown conversation, an id that cannot be one and a wrong token
 * answer the same 404. */
export async function authorise(ctx: CitizenParts, req: Request): Promise<{ id: string; token: string }> {
  const { id, token } = credentials(req);
  await checkToken(ctx, id, token);
  return { id, token };
}

/** Reads a request whose token is checked later (with the hub's read): when reading fails, a wrong
 * token still answers 404 before the request's own 400 or 413. */
async function tokenFirst<T>(ctx: CitizenParts, id: string, token: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    await checkToken(ctx, id, token);
    throw err;
  }
}

/** Throws the same 404 for an unknown conversation and a wrong token. */
async function checkToken(ctx: CitizenParts, id: string, token: string): Promise<void> {
  if (!(await ctx.store.verifyToken(id, token))) throw new HttpError(404, 'not_found', 'unknown conversation');
}

/** The conversation id and bearer token of a citizen's request, not checked yet; a missing token or an
 * impossible id throw at once. */
function credentials(req: Request): { id: string; token: string } {
  const token = bearer(req);
  if (!token) throw new HttpError(401, 'unauthorized', 'missing "Authorization: Bearer <token>"');
  return { id: conversationIdParam(req), token };
}

/** The seq of a stored message; a too-long one is refused with 413 (the hub already told the citizen). */
export function storedSeq(result: ReceiveResult): number {
  if (result.status === 'too_long') throw new HttpError(413, 'too_long', `"text" is longer than ${result.max} characters`);
  return result.status === 'stored' ? result.seq : 0;
}

/** Turns a citizen's JSON body (API or socket frame) into an InboundMessage, or explains what is wrong:
 * exactly one of `text` and `choice` (schemas.ts: citizenMessageBody); other fields are ignored.
 * `sentKey`: the request's Idempotency-Key header or the frame's `idempotencyKey`, when sent. */
export function toInbound(body: Record<string, unknown>, maxChars: number, sentKey?: unknown): InboundMessage {
  const message = parse(citizenMessageBody, body);
  const key = sentKey === undefined ? {} : { idempotencyKey: checkedIdempotencyKey(sentKey) };
  if (message.choice !== undefined) return { kind: 'choice', choiceId: message.choice, ...key };
  const text = (message.text ?? '').trim();
  if (!text) throw new HttpError(400, 'empty_text', '"text" is empty');
  if (text.length > maxChars) throw new HttpError(413, 'too_long', `"text" is longer than ${maxChars} characters`);
  return { kind: 'text', text, ...key };
}

function checkedIdempotencyKey(value: unknown): string {
  if (idempotencyKey.safeParse(value).success) return value as string;
  throw new HttpError(400, 'invalid_idempotency_key', 'the idempotency key is 1 to 64 letters, digits or -._~:+/= characters');
}

/** Messages after `after`; with `wait`, holds until one arrives (any hub process) or time runs out. */
export async function waitForMessages(
  ctx: Pick<CitizenParts, 'store' | 'events' | 'holds'>,
  id: string,
  after: number,
  wait: number,
  res: Response,
  options: { internal?: boolean; caller: string; token?: string },
) {
  const internal = options.internal ?? false;
  const shown = (list: StoredMessage[]) => (internal ? list : list.filter((m) => !m.internal).map(citizenView));
  const read = async () => shown(await ctx.store.messages(id, after, { internal }));
  // A citizen's first read checks the token in the same Redis command; nothing read is returned unless it passed.
  const firstRead = async () => {
    if (options.token === undefined) return read();
    const messages = await ctx.store.messagesWithToken(id, options.token, after);
    if (!messages) throw new HttpError(404, 'not_found', 'unknown conversation');
    return shown(messages);
  };
  // Right after the same token's message was stored here, what was written since is kept (ConversationEvents.keep):
  // no read, and no wait to set up when the answer is among it.
  const kept = options.token === undefined ? undefined : ctx.events.takeKept(id, options.token, after);
  const keptShown = kept && shown(kept);
  if (keptShown && (keptShown.length || !wait)) return keptShown;
  if (!wait) return firstRead();
  // Listening before the first read: a message stored between the two is seen by one or the other (what was
  // kept is complete up to this synchronous point, so listening now misses nothing either).
  const { arrived, stop } = ctx.events.waitFor(id, after, wait);
  res.once('close', stop); // the caller went away: stop waiting
  try {
    const messages = keptShown ?? (await firstRead());
    if (messages.length) return messages;
    // A held request costs memory: a few per conversation and per address (one token once held 3,000).
    const release = ctx.holds.take([
      { key: `poll-conv:${id}`, max: HOLD_LIMITS.pollsPerConversation },
      { key: `poll-addr:${options.caller}`, max: HOLD_LIMITS.pollsPerAddress },
    ]);
    if (!release) throw new HttpError(429, 'rate_limited', 'too many waiting requests for this conversation or address; wait for one to return');
    res.once('close', release);
    try {
      // What arrived while we waited comes with the event (read again only after a gap or an erase).
      const got = await arrived;
      const held = got === false ? [] : got === true ? await read() : shown(got);
      // Erased while we waited (a quick exit): the conversation answers 404 from now on, here too.
      if (!held.length && !(await ctx.store.exists(id))) throw new HttpError(404, 'not_found', 'unknown conversation');
      return held;
    } finally {
      release();
    }
  } finally {
    stop();
  }
}

/** The caller's address for rate limits and caps (never logged): the one the server resolved
 * under TRUST_PROXY when the request came in (server.ts), else the socket's peer. */
export function clientIp(req: Request): string {
  return (req as Request & { clientAddress?: string }).clientAddress ?? req.socket?.remoteAddress ?? 'unknown';
}
