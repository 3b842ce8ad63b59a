/** Small HTTP helpers shared by the API routes: JSON bodies and queries checked against their schemas
 * (schemas.ts), contract-shaped errors, route wrapper. */
import type { IncomingMessage } from 'node:http';
import type { Next, Request, Response } from 'restify';
import type { z } from 'zod';
import { HubError } from '../core/errors.js';
import type { Logger } from '../log.js';
import { NotReplicatedError } from '../redis/sentinel-confirmation.js';
import { conversationId } from './schemas.js';

/** An error with the contract's shape: `{"error": {"code", "message"}}` and a status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const HUB_STATUS: Record<HubError['code'], number> = {
  not_found: 404,
  closed: 409,
  too_long: 413,
  conflict: 409,
  not_waiting: 409,
  invalid: 400,
  forbidden: 403,
  idempotency_key_reused: 422,
};

/** Reads a request body of at most `limit` bytes (413 above), refusing early on Content-Length. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = (): HttpError => new HttpError(413, 'too_large', `body larger than ${limit} bytes`);
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a JSON object body of at most `limit` bytes (413 above, 400 when not UTF-8 JSON or not an object). */
export async function readJson(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = utf8.decode(await readBody(req, limit));
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(400, 'invalid_json', 'the body is not valid UTF-8');
  }
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'invalid_body', 'the body must be a JSON object');
  return value as Record<string, unknown>;
}

/** A JSON body checked against `schema` (web/schemas.ts): 413 above `limit` bytes, else 400 as `parse` says. */
export async function parseBody<S extends z.ZodType>(req: IncomingMessage, schema: S, limit: number): Promise<z.output<S>> {
  return parse(schema, await readJson(req, limit));
}

/** The query string checked against `schema` (web/schemas.ts); 400 as `parse` says. */
export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  return parse(schema, req.query ?? {});
}

/** `value` checked against `schema`, or a 400 naming the first problem: `invalid_<field>` for a field,
 * the rule's own code (`params.code`) for a rule over several fields, else `invalid_body`. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path[0];
  const own = issue.code === 'custom' ? issue.params?.code : undefined;
  if (typeof own === 'string') return fail(own, issue.message);
  if (typeof field === 'string') return fail(`invalid_${field}`, `"${field}" ${issue.message}`);
  return fail('invalid_body', issue.code === 'invalid_type' ? 'the body must be a JSON object' : issue.message);
}

function fail(code: string, message: string): never {
  throw new HttpError(400, code, message);
}

/** The `:id` of a conversation route; an id that cannot be one answers the same 404 as an unknown one. */
export function conversationIdParam(req: Request): string {
  const id = req.params?.id;
  if (!conversationId.safeParse(id).success) throw new HttpError(404, 'not_found', 'unknown conversation');
  return id as string;
}

/** What a caller is told of an error that is not its own. */
export const INTERNAL = { code: 'internal', message: 'something went wrong on our side; please try again' };

/** What a caller is told while Redis is away: nothing was stored, send it again. */
export const UNAVAILABLE = { code: 'unavailable', message: 'the service is restarting; please try again in a few seconds' };

/** Sends an error in the contract's shape. */
export function sendError(res: Response, err: unknown, log?: Logger): void {
  if (err instanceof HttpError) return void res.send(err.status, { error: { code: err.code, message: err.message } });
  if (err instanceof HubError) return void res.send(HUB_STATUS[err.code], { error: { code: err.code, message: err.message } });
  if (isRedisUnavailable(err)) {
    log?.warn('redis unavailable', { error: (err as Error).message });
    return void res.send(503, { error: UNAVAILABLE });
  }
  log?.error('request failed', { error: err instanceof Error ? err.message : String(err) });
  res.send(500, { error: INTERNAL });
}

/** Redis is down or restarting, or a failover may lose the write: the caller should send it again; nothing
 * accepted was lost on our side. */
export function isRedisUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    err.name === 'MaxRetriesPerRequestError' ||
    err instanceof NotReplicatedError ||
    /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|ENOENT.*sock/.test(err.message)
  );
}

/** Wraps an async handler: errors become contract-shaped responses. */
export function route(handler: (req: Request, res: Response) => Promise<void>, log?: Logger) {
  return (req: Request, res: Response, next: Next): void => {
    handler(req, res).then(
      () => next(),
      (err) => {
        sendError(res, err, log);
        next();
      },
    );
  };
}

/** The bearer token of a request ("Authorization: Bearer x"), or a named cookie. */
export function bearer(req: IncomingMessage, cookie?: string): string {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (match) return match[1];
  if (cookie) {
    const found = (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith(`${cookie}=`));
    if (found) {
      // A malformed escape ("%E0%A4%A") is no token (401), not an error of ours.
      try {
        return decodeURIComponent(found.slice(cookie.length + 1));
      } catch {
        return '';
      }
    }
  }
  return '';
}
