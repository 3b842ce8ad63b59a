/** Every request body and query of the HTTP API as a zod schema, named after its route. The routes
 * parse with them (web/http.ts: parseBody, parseQuery) and the OpenAPI document (web/openapi.ts) is
 * built from them, so the two cannot drift apart.
 *
 * Conventions: unknown fields are ignored (the contract says "extend freely"); a wrong field answers
 * `400 invalid_<field>` with a message naming it; a root-level rule (e.g. "exactly one of text or
 * choice") carries its own code in the issue's `params.code`. Error messages are predicates: http.ts
 * prefixes them with the field's name. Query values arrive as strings and are checked as such. */
import { z } from 'zod';
import { PRESENCE_STATUSES } from '../handoff/presence.js';
import { MAX_QUERY_CHARS } from '../help/index.js';
import { SUPPORTED_LOCALES } from '../core/triage.js';

// ---------------------------------------------------------------- shared pieces

/** A conversation id as the store makes them (lower-case UUID); anything else is an unknown conversation. */
export const CONVERSATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const conversationId = z.string().regex(CONVERSATION_ID).meta({ format: 'uuid', description: 'a conversation id' });

/** A client's idempotency key (the `Idempotency-Key` header, a socket frame's `idempotencyKey`): letters,
 * digits and `-._~:+/=` (a UUID, a base64 or hex string), at most 64. The same key sent again for a
 * conversation is the same message (hub/receive.ts: Receiver.repeated). */
export const idempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9._~:+/=-]{1,64}$/)
  .meta({
    description:
      'optional, 1 to 64 letters, digits or `-._~:+/=`, one per message: the same message sent again with the same key ' +
      '(after a lost answer or a 503) answers 202 with the seq stored the first time, and stores nothing; ' +
      'searched among the conversation\u2019s last 50 messages',
  });

/** A short BCP 47-like language tag: "fr", "pt-BR", "zh-Hant-TW" (a language and at most two subtags). */
export const LOCALE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,2}$/;
export const locale = z
  .string({ error: 'must be a short language tag such as "fr" or "pt-BR"' })
  .regex(LOCALE)
  .meta({ description: 'a short BCP 47 language tag', examples: ['fr', 'en', 'pt-BR'] });

/** A string with something other than white space in it. */
const nonBlank = (error: string) => z.string({ error }).refine((s) => s.trim() !== '', { error });

/** A query parameter holding a whole number from 0 to `max` (no sign, no exponent, no fraction). */
const queryInteger = (max: number, description: string) =>
  z
    .string({ error: `must be a whole number from 0 to ${max}` })
    .refine((s) => /^\d{1,16}$/.test(s) && Number(s) <= max, { error: `must be a whole number from 0 to ${max}` })
    .transform(Number)
    .meta({ type: 'integer', minimum: 0, maximum: max, description });

/** A calendar day, YYYY-MM-DD. */
const day = z.iso.date({ error: 'must be a day as YYYY-MM-DD' });

/** The longest wait of a long-poll, in milliseconds (contract). */
export const MAX_WAIT_MS = 30_000;

// ---------------------------------------------------------------- citizen side

/** POST /api/v1/conversations */
export const createConversationBody = z.object({
  locale: locale.optional(),
  channel: z
    .enum(['web', 'api'], { error: 'is "web" (the chat widget) or "api" (the default)' })
    .optional()
    .meta({ description: '"web" for the chat widget, "api" (the default) for integrations' }),
});

/** GET /api/v1/widget-strings */
export const widgetStringsQuery = z.object({
  locale: locale.optional().meta({ description: 'fr, en, es, ar, de, pt or it (another tag: its base language when one of these, else French)' }),
});

/** POST /api/v1/conversations/{id}/locale: the citizen's choice of language. */
export const conversationLocaleBody = z.object({
  locale: z
    .enum(SUPPORTED_LOCALES, { error: 'is one of fr, en, es, ar, de, pt, it' })
    .meta({ description: 'the language the bot answers in from now on (the seven complete languages)' }),
});

/** POST /api/v1/conversations/{id}/easy-read: the citizen's choice of easy-to-read French (FALC). */
export const conversationEasyReadBody = z.object({
  easyRead: z
    .boolean({ error: 'is true (easy-to-read French) or false (the usual texts)' })
    .meta({ description: 'true: in French, the welcome, answers and main phrases in easy-to-read (FALC) from now on; false: the usual texts' }),
});

/** POST /api/v1/conversations/{id}/messages, and the chat socket's "message" frame: exactly one of
 * `text` and `choice` (both at once is ambiguous and refused). The length limit (MAX_MESSAGE_CHARS,
 * 413 too_long) and the blank-text check (400 empty_text) are applied by `toInbound`. */
export const citizenMessageBody = z
  .object({
    text: z.string({ error: 'must be a string' }).optional().meta({ description: 'what the citizen wrote (at most MAX_MESSAGE_CHARS characters, 413 above)' }),
    choice: z
      .string({ error: 'must be the id of a choice offered, at most 100 characters' })
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'the id of a choice the conversation offered' }),
  })
  .superRefine((body, ctx) => {
    if ((body.text === undefined) === (body.choice === undefined))
      ctx.addIssue({ code: 'custom', message: 'send exactly one of {"text": "..."} or {"choice": "<choice id>"}', params: { code: 'invalid_message' } });
  })
  .meta({ oneOf: [{ required: ['text'] }, { required: ['choice'] }] });

/** GET /api/v1/conversations/{id}/messages and GET /api/v1/agent/conversations/{id}/messages */
export const messagesQuery = z.object({
  after: queryInteger(Number.MAX_SAFE_INTEGER, 'only messages with a greater seq (default 0: all)').optional(),
  wait: queryInteger(MAX_WAIT_MS, 'hold the request up to this many milliseconds until a newer message exists').optional(),
});

/** POST /api/v1/triage */
export const triageBody = z.object({
  text: nonBlank('must be a non-empty string').meta({ description: 'the text to classify (only its first MAX_MESSAGE_CHARS characters are read)' }),
  locale: locale.optional(),
});

/** GET /api/v1/service */
export const serviceQuery = z.object({ locale: locale.optional() });

/** POST /api/v1/conversations/resume */
export const resumeBody = z.object({
  code: z
    .string({ error: 'must be a follow-up code' })
    .min(10)
    .max(64)
    .meta({ description: 'the follow-up code (at least 10 letters and digits, spaces and dashes ignored)' }),
});

/** POST /api/v1/contact */
export const contactBody = z.object({
  text: nonBlank('must be a non-empty string'),
  locale: locale.optional(),
  email: z.email({ error: 'must be an e-mail address' }).max(254).optional().meta({ description: 'used only to send the agents\u2019 answer' }),
});

/** GET /api/v1/help */
export const helpQuery = z.object({
  q: z
    .string({ error: `must be a search text of 1 to ${MAX_QUERY_CHARS} characters` })
    .max(MAX_QUERY_CHARS, { error: `must be a search text of 1 to ${MAX_QUERY_CHARS} characters` })
    .refine((q) => q.trim() !== '', { error: `must be a search text of 1 to ${MAX_QUERY_CHARS} characters` })
    .meta({ description: 'what the citizen looks for; typos and missing accents are tolerated' }),
  locale: locale.optional().meta({ description: 'the language of the texts returned and searched first (default fr; French and English stand in)' }),
});

/** GET /aide and GET /aide/{intent}: a page for people, so a value it cannot use is ignored, not
 * refused (web/help-routes.ts reads each field on its own). */
export const helpPageQuery = z.object({
  lang: locale.optional().meta({ description: 'fr, en, es, ar, de, pt or it (default: Accept-Language, else fr)' }),
  q: z.string().max(MAX_QUERY_CHARS).optional().meta({ description: '/aide only: search text, results shown above the topics' }),
});

/** GET /mentions-legales, /donnees-personnelles, /accessibilite: only the language (ignored when unusable). */
export const legalPageQuery = helpPageQuery.pick({ lang: true });

/** The most stations GET /api/v1/stations lists. */
export const MAX_STATIONS = 20;

/** GET /api/v1/stations */
export const stationsQuery = z.object({
  near: nonBlank('must be a postcode, a commune or "lat,lon"')
    .refine((s) => s.length <= 100, { error: 'must be a postcode, a commune or "lat,lon" of at most 100 characters' })
    .meta({
      description: 'a postcode ("01100"), a commune ("Saint-Quentin", any case and accents) or "lat,lon" in degrees',
      examples: ['01100', 'Laon', '46.25,5.65'],
    }),
  limit: z
    .string({ error: `must be a whole number from 1 to ${MAX_STATIONS}` })
    .refine((s) => /^\d{1,2}$/.test(s) && Number(s) >= 1 && Number(s) <= MAX_STATIONS, { error: `must be a whole number from 1 to ${MAX_STATIONS}` })
    .transform(Number)
    .optional()
    .meta({ type: 'integer', minimum: 1, maximum: MAX_STATIONS, description: 'how many stations (default 3)' }),
});

/** GET /api/v1/conversations/{id}/appointment.ics */
export const appointmentIcsQuery = z.object({
  token: z.string({ error: 'must be the conversation\u2019s token' }).optional().meta({ description: 'the citizen token, for a download link' }),
});

// ---------------------------------------------------------------- agent side

/** POST /api/v1/agent/session */
export const agentSessionBody = z.object({
  username: z.string({ error: 'must be a string of at most 200 characters' }).max(200),
  password: z.string({ error: 'must be a string of at most 1024 characters' }).max(1024),
});

/** GET /api/v1/agent/conversations */
export const agentConversationsQuery = z.object({
  scope: z
    .enum(['mine', 'all'], { error: 'is "mine" (the default) or "all" (supervisors)' })
    .optional()
    .meta({ description: '"all" (supervisors): every conversation an agent holds' }),
  state: z
    .enum(['waiting', 'agent', 'closed'], { error: 'is "waiting", "agent" or "closed"' })
    .optional()
    .meta({ description: '"closed" includes conversations waiting for their survey answer' }),
  q: z
    .string({ error: 'must be a search text' })
    .max(500)
    .optional()
    .meta({ description: 'words of the topic or of what the citizen wrote (accents ignored)' }),
  from: day.optional().meta({ description: 'first day the conversation started (STATS_TIMEZONE)' }),
  to: day.optional().meta({ description: 'last day the conversation started (STATS_TIMEZONE)' }),
});

/** POST /api/v1/agent/conversations/{id}/messages */
export const agentMessageBody = z.object({
  text: nonBlank('must be a non-empty string').meta({ description: 'the reply (at most MAX_MESSAGE_CHARS characters, 413 above)' }),
  internal: z.boolean({ error: 'must be true or false' }).optional().meta({ description: 'true: an internal note the citizen never sees' }),
});

/** POST /api/v1/agent/conversations/{id}/close */
export const agentCloseBody = z.object({
  outcome: z.string({ error: 'must be a string' }).optional().meta({ description: 'an outcome code (its first 64 characters are kept)' }),
});

/** POST /api/v1/agent/conversations/{id}/transfer */
export const transferBody = z.object({
  to: z
    .string({ error: 'is an agent\u2019s username, or absent for the queue' })
    .nullable()
    .optional()
    .meta({ description: 'a colleague\u2019s username; absent (or null) sends the conversation back to the queue' }),
  note: z.string({ error: 'must be a string' }).optional().meta({ description: 'kept as an internal message (at most 1000 characters, 413 above)' }),
});

/** POST /api/v1/agent/conversations/{id}/appointment */
export const appointmentBody = z.object({
  stationId: nonBlank('must be a station id'),
  at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time with its offset' }),
  note: z.string({ error: 'must be a string' }).max(1000).optional(),
});

/** POST /api/v1/agent/conversations/{id}/forward */
export const forwardBody = z
  .object({
    stationId: z
      .string({ error: 'must be a station id' })
      .max(128, { error: 'must be a station id' })
      .optional()
      .meta({ description: 'a station of the directory (GET /api/v1/stations) whose `email` column is set' }),
    email: z.email({ error: 'must be an e-mail address' }).max(254).optional().meta({ description: 'the unit\u2019s address, instead of a station' }),
    summary: nonBlank('must be a non-empty string').meta({
      description: 'the case summary the agent wrote (at most MAX_MESSAGE_CHARS characters, 413 above); e-mailed, never stored',
    }),
  })
  .superRefine((body, ctx) => {
    if ((body.stationId === undefined) === (body.email === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give the unit: either "stationId" or "email" (one of them)', params: { code: 'invalid_unit' } });
    }
  });

/** GET|POST /api/v1/agent/presence */
export const presenceBody = z.object({
  status: z.enum(PRESENCE_STATUSES, { error: `is one of ${PRESENCE_STATUSES.join(', ')}` }),
});

/** GET /api/v1/agent/canned */
export const cannedQuery = z.object({ locale: locale.optional() });

/** How deep a canned answer's JSON may nest (it needs 4). */
const CANNED_DEPTH = 8;

/** Whether `value` nests at most `max` arrays or objects deep (read without recursion). */
function nestedAtMost(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > max) return false;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return true;
}

/** PUT /api/v1/agent/canned: the whole list, in knowledge/canned.yaml's shape (checked as content: 422 with file:line problems). */
export const cannedEditBody = z.object({
  canned: z
    .array(
      z
        .record(z.string(), z.unknown())
        // An answer is four levels deep at most (links → label → language); the content checks that
        // read it after recurse, so a body nested thousands of levels would overflow their stack.
        .refine((answer) => nestedAtMost(answer, CANNED_DEPTH), `an answer is nested ${CANNED_DEPTH} levels deep at most`),
    )
    .max(500)
    .meta({ description: 'every answer: {id, category?, text: {<language>: "..."}, links?: [{label: {<language>: "..."}, url}]}' }),
  version: z
    .string()
    .max(64)
    .optional()
    .meta({ description: 'the `fileVersion` the list was read with (GET): 409 conflict when knowledge/canned.yaml changed since' }),
});

/** The largest part of a Redis stream entry id (an unsigned 64-bit number). */
const MAX_STREAM_PART = 2n ** 64n - 1n;
const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

/** An entry id Redis takes as a range end: both parts within 64 bits, and not "0-0" (nothing is before
 * it). zod runs a refinement even after the regex failed, so this one tests the form again itself. */
function isStreamRangeEnd(id: string): boolean {
  return STREAM_ID.test(id) && id.split('-').every((part) => BigInt(part) <= MAX_STREAM_PART) && /[1-9]/.test(id);
}

/** GET /api/v1/agent/audit */
export const auditQuery = z.object({
  limit: queryInteger(Number.MAX_SAFE_INTEGER, 'how many entries (default 100, at most 1000 are returned)').optional(),
  before: z
    .string({ error: 'must be an entry id such as "1717000000000-0"' })
    // Redis refuses other range ends, which would be a 500, not the caller's 400.
    .regex(STREAM_ID)
    .refine(isStreamRangeEnd, 'must be an entry id such as "1717000000000-0"')
    .optional()
    .meta({ description: 'only entries older than this entry id' }),
});

/** GET /api/v1/agent/stats.csv */
export const statsCsvQuery = z.object({ from: day, to: day });
