/** The OpenAPI 3.1 description of the whole HTTP API, served at GET /api/v1/openapi.json. Request
 * bodies and queries come from the very schemas the routes parse with (web/schemas.ts), turned into
 * JSON Schema by zod; responses and error codes are listed here, one entry per route of the shared
 * contract and of docs/api-extensions.md. The 400 codes of a body or query are derived from its
 * schema (`invalid_<field>`), so a new field is documented by adding it to the schema. */
import { z } from 'zod';
import type { Permission } from '../agents/roles.js';
import * as s from './schemas.js';

type Method = 'get' | 'post' | 'put' | 'delete';
type JsonSchema = Record<string, unknown>;

interface RouteDoc {
  summary: string;
  tag: 'citizen' | 'public service' | 'agent' | 'console' | 'webhooks' | 'operations';
  /** Who may call: nobody in particular, the conversation's citizen token, or a logged-in agent. */
  auth?: 'citizen' | 'agent';
  /** The agent permission checked (403 forbidden without it). */
  permission?: Permission;
  body?: z.ZodObject;
  query?: z.ZodObject;
  /** A page for people: each query field is read on its own and a value it cannot use is ignored (no 400). */
  lenientQuery?: boolean;
  /** A body read raw (webhooks: verified before it is parsed), described in words. */
  rawBody?: string;
  ok: { status: number; description: string; schema?: z.ZodType | JsonSchema; type?: string };
  /** Codes beyond those derived from the body, query, auth and path. */
  errors?: Record<number, string[]>;
  rateLimited?: boolean;
  /** A WebSocket: GET with `Upgrade: websocket`, then JSON frames. */
  socket?: boolean;
  /** Request headers beyond Authorization, all optional. */
  headers?: Record<string, z.ZodType>;
}

// ---------------------------------------------------------------- response shapes (documentation only)

const choice = z.object({ id: z.string(), label: z.string() });
const link = z.object({ label: z.string(), url: z.string() });
const message = z.object({
  seq: z.int().min(1),
  from: z.enum(['citizen', 'bot', 'agent', 'system']),
  text: z.string(),
  choices: z.array(choice).optional(),
  links: z.array(link).optional(),
  urgent: z.literal(true).optional().meta({ description: 'an emergency-number message' }),
  choice: z.string().optional().meta({ description: 'the choice id, when the citizen tapped a choice' }),
  idempotencyKey: z
    .string()
    .optional()
    .meta({ description: 'a citizen message’s idempotency key: the one its client sent, or for a messaging platform’s message its id, hashed' }),
  author: z.string().optional().meta({ description: 'the agent\u2019s display name' }),
  internal: z.boolean().optional().meta({ description: 'an internal note (agent side only)' }),
  queuePosition: z.literal(true).optional().meta({ description: 'a queue-position update (the agents\u2019 console shows only the latest)' }),
  at: z.iso.datetime(),
});
const waiting = z.object({
  id: z.string(),
  urgent: z.boolean(),
  intent: z.string(),
  locale: z.string(),
  channel: z.string(),
  waitingSince: z.iso.datetime(),
  summary: z.string(),
  afterHours: z.boolean().optional(),
  skills: z.array(z.string()).optional(),
});
const conversationInfo = z.object({
  id: z.string(),
  mode: z.enum(['bot', 'waiting', 'agent', 'survey', 'closed']),
  urgent: z.boolean(),
  intent: z.string().optional(),
  locale: z.string(),
  channel: z.string(),
  agent: z.string().optional(),
  waitingSince: z.iso.datetime().optional(),
  claimedAt: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
  closedAt: z.iso.datetime().optional(),
  outcome: z.string().optional().meta({ description: 'the close outcome code' }),
  summary: z.string(),
});
const session = z.object({ id: z.string(), token: z.string() });
const status = (value: string) => z.object({ status: z.literal(value) });
const triageResult = z.object({
  urgent: z.boolean(),
  danger: z.enum(['now', 'maybe', 'none']),
  intent: z.string(),
  confidence: z.number(),
  locale: z.string(),
});
const presence = z.enum(['available', 'away', 'offline']);
const station = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['police', 'gendarmerie']),
  address: z.string(),
  postcode: z.string(),
  commune: z.string(),
  phone: z.string(),
  lat: z.number(),
  lon: z.number(),
  distanceKm: z.number().optional().meta({ description: 'from the place asked about, in kilometres' }),
  hours: z
    .array(z.object({ day: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), from: z.string(), to: z.string() }))
    .optional()
    .meta({ description: 'opening ranges, local time "HH:MM", Monday first; absent when the directory gives none' }),
});

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const listOf = (key: string, item: JsonSchema): JsonSchema => ({ type: 'object', required: [key], properties: { [key]: { type: 'array', items: item } } });

// ---------------------------------------------------------------- the routes

const CONVERSATION = '/api/v1/conversations/{id}';
const AGENT_CONVERSATION = '/api/v1/agent/conversations/{id}';

const ROUTES: Record<string, Partial<Record<Method, RouteDoc>>> = {
  '/health': {
    get: {
      summary: 'Health: 200 when Redis answers, 503 otherwise',
      tag: 'operations',
      ok: { status: 200, description: 'the hub and its Redis answer', schema: z.object({ status: z.literal('ok'), redis: z.string(), content: z.string() }) },
      errors: { 503: ['Redis does not answer: `{"status": "unavailable", "redis": "unreachable"}`'] },
    },
  },
  '/metrics': {
    get: { summary: 'Anonymous figures, Prometheus text format', tag: 'operations', ok: { status: 200, description: 'Prometheus text', type: 'text/plain' } },
  },
  '/api/v1/openapi.json': {
    get: { summary: 'This document', tag: 'operations', ok: { status: 200, description: 'the OpenAPI description', schema: { type: 'object' } } },
  },

  // Citizen side: the API channel.
  '/api/v1/conversations': {
    post: {
      summary: 'Open a conversation; its welcome (urgency warning, privacy notice, entries) is already in it',
      tag: 'citizen',
      body: s.createConversationBody,
      rateLimited: true,
      ok: { status: 201, description: 'the conversation and its citizen token', schema: session },
    },
  },
  [`${CONVERSATION}/messages`]: {
    post: {
      summary: 'Send the citizen\u2019s text or tapped choice',
      tag: 'citizen',
      auth: 'citizen',
      body: s.citizenMessageBody,
      headers: { 'Idempotency-Key': s.idempotencyKey },
      rateLimited: true,
      ok: { status: 202, description: 'stored; the answer follows in the transcript', schema: z.object({ seq: z.int() }) },
      errors: { 400: ['invalid_message', 'empty_text', 'invalid_idempotency_key'], 409: ['closed'], 413: ['too_long'], 422: ['idempotency_key_reused'] },
    },
    get: {
      summary: 'The transcript after a seq; with `wait`, a long-poll',
      tag: 'citizen',
      auth: 'citizen',
      query: s.messagesQuery,
      ok: { status: 200, description: 'the messages after `after` (empty when the wait ran out)', schema: listOf('messages', ref('Message')) },
    },
  },
  [`${CONVERSATION}/close`]: {
    post: {
      summary: 'Close the conversation; the survey question follows',
      tag: 'citizen',
      auth: 'citizen',
      ok: { status: 200, description: 'closed', schema: status('closed') },
    },
  },
  [CONVERSATION]: {
    delete: {
      summary: 'Quick exit: the transcript is erased at once; the conversation answers 404 afterwards',
      tag: 'citizen',
      auth: 'citizen',
      ok: {
        status: 204,
        description:
          'erased: transcript, state, follow-up code and e-mail are gone; its socket and long-polls end (close code 4404, 404); ' +
          'agents see only that the citizen left and erased it (console frame `erased`)',
      },
    },
  },
  [`${CONVERSATION}/socket`]: {
    get: {
      summary: 'The web chat socket (WebSocket, JSON frames)',
      tag: 'citizen',
      socket: true,
      ok: {
        status: 101,
        description:
          'Switching protocols. First client frame `{"type": "auth", "token", "after"}`; then `{"type": "message", "text"|"choice", "ref", "idempotencyKey"?}` ' +
          '(the message body schema) and `{"type": "typing"}`. Server frames: `{"type": "messages", "messages"}`, `{"type": "ack", "seq", "ref"}`, ' +
          '`{"type": "error", "error": {"code", "message"}, "ref"?}` (the same codes as the HTTP routes), `{"type": "typing", "from": "agent"}`. ' +
          'A wrong token gets an error frame `not_found` and close code 4404; no auth within 10 s, close code 4401; frames over 64 KB, 1009; invalid UTF-8, 1007.',
      },
      errors: { 400: ['(a path that cannot be decoded; no body)'] },
    },
  },
  [`${CONVERSATION}/locale`]: {
    post: {
      summary: 'The citizen chooses the conversation\u2019s language: the bot answers in it from then on',
      tag: 'citizen',
      auth: 'citizen',
      body: s.conversationLocaleBody,
      rateLimited: true,
      ok: {
        status: 200,
        description:
          'chosen: kept whatever language the citizen then writes in (until chosen again); the bot confirms in it, offering the buttons on screen again with translated labels',
        schema: z.object({ locale: z.string() }),
      },
      errors: { 409: ['closed'] },
    },
  },
  [`${CONVERSATION}/easy-read`]: {
    post: {
      summary: 'The citizen chooses easy-to-read French (FALC) or the usual texts',
      tag: 'citizen',
      auth: 'citizen',
      body: s.conversationEasyReadBody,
      rateLimited: true,
      ok: {
        status: 200,
        description:
          'kept on the conversation (purged with it); in French, the welcome, the answers and the main phrases come in easy-to-read where written so. While the bot waits for a menu choice, the menu is said again in the new reading',
        schema: z.object({ easyRead: z.boolean() }),
      },
      errors: { 409: ['closed'] },
    },
  },
  '/api/v1/triage': {
    post: {
      summary: 'Classify a text (stateless, creates nothing)',
      tag: 'citizen',
      body: s.triageBody,
      rateLimited: true,
      ok: { status: 200, description: 'the triage verdict; `urgent` is exactly `danger == "now"`', schema: triageResult },
    },
  },

  // Public-service features (citizen side).
  '/api/v1/service': {
    get: {
      summary: 'Service hours and announcements',
      tag: 'public service',
      query: s.serviceQuery,
      ok: {
        status: 200,
        description: 'whether the service is open, its weekly hours and the announcements in force',
        schema: z.object({
          open: z.boolean(),
          nextChange: z.iso.datetime().optional(),
          timezone: z.string(),
          hours: z.array(z.object({ day: z.string(), from: z.string(), to: z.string() })),
          announcements: z.array(z.object({ id: z.string(), text: z.string(), links: z.array(link).optional(), until: z.string().optional() })),
        }),
      },
    },
  },
  '/api/v1/conversations/resume': {
    post: {
      summary: 'Resume a conversation handed to agents with its follow-up code',
      tag: 'public service',
      body: s.resumeBody,
      rateLimited: true,
      ok: { status: 200, description: 'the conversation and a citizen token', schema: session },
      errors: { 404: ['not_found'] },
    },
  },
  '/api/v1/contact': {
    post: {
      summary: 'A written request queued for agents (contact form)',
      tag: 'public service',
      body: s.contactBody,
      rateLimited: true,
      ok: {
        status: 201,
        description:
          'queued for agents; `code` is the follow-up code (12 letters and digits in groups, shown once); `urgent`: the text tells of a danger now and the emergency numbers are in the conversation',
        schema: z.object({ id: z.string(), token: z.string(), code: z.string(), urgent: z.boolean() }),
      },
      errors: { 400: ['email_unavailable'], 413: ['too_long'] },
    },
  },
  '/api/v1/widget-strings': {
    get: {
      summary: 'The web chat\u2019s own words in one language (flows/widget.yaml), and the languages it offers',
      tag: 'public service',
      query: s.widgetStringsQuery,
      ok: {
        status: 200,
        description: 'cached (Cache-Control max-age 300, ETag; 304 when unchanged); `dir` is rtl for Arabic',
        schema: z.object({
          locale: z.string(),
          dir: z.enum(['ltr', 'rtl']),
          languages: z.array(z.object({ code: z.string(), name: z.string(), dir: z.enum(['ltr', 'rtl']) })),
          strings: z.record(z.string(), z.string()),
        }),
      },
    },
  },
  '/api/v1/settings': {
    get: {
      summary: 'What the citizen\u2019s page needs to know: where the quick exit goes, whether the contact form takes an e-mail',
      tag: 'public service',
      ok: {
        status: 200,
        description: 'the widget settings',
        schema: z.object({ quickExitUrl: z.string(), email: z.boolean(), maxMessageChars: z.int() }),
      },
    },
  },
  '/api/v1/help': {
    get: {
      summary: 'Help centre search, best first',
      tag: 'public service',
      query: s.helpQuery,
      rateLimited: true,
      ok: {
        status: 200,
        description: 'matching topics, best first (none: an empty list)',
        schema: z.object({
          results: z.array(
            z.object({
              intent: z.string(),
              title: z.string(),
              text: z.string(),
              links: z.array(link),
              answers: z.array(z.object({ id: z.string(), title: z.string(), text: z.string(), links: z.array(link) })).optional(),
            }),
          ),
        }),
      },
    },
  },
  '/aide': {
    get: {
      summary: 'Help centre (HTML): topics and a search box',
      tag: 'public service',
      query: s.helpPageQuery,
      lenientQuery: true,
      ok: { status: 200, description: 'HTML', type: 'text/html' },
      errors: { 429: ['an HTML page asking to try again in a minute'] },
    },
  },
  '/aide/{intent}': {
    get: {
      summary: 'One help topic (HTML)',
      tag: 'public service',
      query: s.helpPageQuery,
      lenientQuery: true,
      ok: { status: 200, description: 'HTML', type: 'text/html' },
      errors: { 404: ['an HTML page saying the topic does not exist'], 429: ['an HTML page asking to try again in a minute'] },
    },
  },
  '/mentions-legales': {
    get: {
      summary: 'Legal notice (HTML, flows/pages/mentions-legales.yaml)',
      tag: 'public service',
      query: s.legalPageQuery,
      lenientQuery: true,
      ok: { status: 200, description: 'HTML', type: 'text/html' },
      errors: { 429: ['an HTML page asking to try again in a minute'] },
    },
  },
  '/donnees-personnelles': {
    get: {
      summary: 'Personal data: what the software keeps (HTML, flows/pages/donnees-personnelles.yaml)',
      tag: 'public service',
      query: s.legalPageQuery,
      lenientQuery: true,
      ok: { status: 200, description: 'HTML', type: 'text/html' },
      errors: { 429: ['an HTML page asking to try again in a minute'] },
    },
  },
  '/accessibilite': {
    get: {
      summary: 'Accessibility statement (HTML, flows/pages/accessibilite.yaml)',
      tag: 'public service',
      query: s.legalPageQuery,
      lenientQuery: true,
      ok: { status: 200, description: 'HTML', type: 'text/html' },
      errors: { 429: ['an HTML page asking to try again in a minute'] },
    },
  },
  '/api/v1/stations': {
    get: {
      summary: 'Police and gendarmerie stations, nearest first',
      tag: 'public service',
      query: s.stationsQuery,
      rateLimited: true,
      ok: { status: 200, description: 'the stations nearest to the place, nearest first', schema: z.object({ stations: z.array(station) }) },
      errors: { 400: ['invalid_near'], 404: ['unknown_place'] },
    },
  },
  [`${CONVERSATION}/appointment.ics`]: {
    get: {
      summary: 'The confirmed appointment as a calendar file (citizen token as header, or `?token=`)',
      tag: 'public service',
      auth: 'citizen',
      query: s.appointmentIcsQuery,
      ok: { status: 200, description: 'iCalendar (RFC 5545): one VEVENT, DTSTART in UTC, DURATION PT30M', type: 'text/calendar' },
      errors: { 404: ['not_found', 'no_appointment'] },
    },
  },
  '/widget.js': {
    get: {
      summary: 'The chat bubble for pages whose origin is in WIDGET_ORIGINS',
      tag: 'public service',
      ok: { status: 200, description: 'JavaScript', type: 'text/javascript' },
    },
  },
  // WIDGET_THEME=dsfr only (docs/theme-dsfr.md): the State design system from the operator's installed package.
  '/dsfr/dsfr.min.css': {
    get: {
      summary: "The State design system's style sheet (WIDGET_THEME=dsfr only; 404 in the neutral theme)",
      tag: 'public service',
      ok: { status: 200, description: 'CSS, from DSFR_DIR/dist', type: 'text/css' },
      errors: { 404: ['not_found'] },
    },
  },
  '/dsfr/fonts/{file}': {
    get: {
      summary: "One of the State design system's fonts, e.g. Marianne-Regular.woff2 (WIDGET_THEME=dsfr only)",
      tag: 'public service',
      ok: { status: 200, description: 'font/woff2 or font/woff', type: 'font/woff2' },
      errors: { 404: ['not_found'] },
    },
  },
  '/dsfr/icons/{group}/{file}': {
    get: {
      summary: "One of the State design system's icons, e.g. system/close-line.svg (WIDGET_THEME=dsfr only)",
      tag: 'public service',
      ok: { status: 200, description: 'SVG', type: 'image/svg+xml' },
      errors: { 404: ['not_found'] },
    },
  },

  // Agent side.
  '/api/v1/agent/session': {
    post: {
      summary: 'Log in',
      tag: 'agent',
      body: s.agentSessionBody,
      rateLimited: true,
      ok: {
        status: 200,
        description: 'a session token (also usable as the relais_agent cookie)',
        schema: z.object({ token: z.string(), username: z.string(), role: z.enum(['agent', 'supervisor', 'editor']) }),
      },
      errors: { 401: ['bad_credentials'] },
    },
    delete: { summary: 'Log out', tag: 'agent', ok: { status: 200, description: 'logged out', schema: status('logged_out') } },
  },
  '/api/v1/agent/me': {
    get: {
      summary: 'Who is logged in, and what they may do',
      tag: 'agent',
      auth: 'agent',
      ok: {
        status: 200,
        description: 'the session',
        schema: z.object({
          username: z.string(),
          role: z.string(),
          display: z.string().optional().meta({ description: 'the name citizens see on this agent\u2019s messages' }),
          permissions: z.array(z.string()),
          routing: z.object({ mode: z.enum(['pick', 'auto']), capacity: z.int() }),
        }),
      },
    },
  },
  '/api/v1/agent/queue': {
    get: {
      summary: 'The waiting list: urgent first, then oldest first',
      tag: 'agent',
      auth: 'agent',
      permission: 'queue',
      ok: { status: 200, description: 'waiting conversations', schema: z.object({ waiting: z.array(waiting) }) },
    },
  },
  '/api/v1/agent/conversations': {
    get: {
      summary:
        'History and search (with `state`, `q`, `from` or `to`): conversations the caller has held (supervisors: all), newest first; without them, the conversations the caller holds now (supervisors: `scope=all`)',
      tag: 'agent',
      auth: 'agent',
      permission: 'converse',
      query: s.agentConversationsQuery,
      ok: { status: 200, description: 'conversations (at most 200)', schema: z.object({ conversations: z.array(conversationInfo) }) },
      errors: { 400: ['invalid_range'] },
    },
  },
  [AGENT_CONVERSATION]: {
    get: {
      summary: 'One conversation\u2019s summary',
      tag: 'agent',
      auth: 'agent',
      permission: 'converse',
      ok: { status: 200, description: 'the conversation', schema: conversationInfo },
    },
  },
  [`${AGENT_CONVERSATION}/claim`]: {
    post: {
      summary: 'Take a waiting conversation',
      tag: 'agent',
      auth: 'agent',
      permission: 'converse',
      ok: { status: 200, description: 'claimed', schema: status('claimed') },
      errors: { 409: ['conflict', 'not_waiting'] },
    },
  },
  [`${AGENT_CONVERSATION}/messages`]: {
    get: {
      summary: 'The whole conversation so far, the bot\u2019s part and internal notes included',
      tag: 'agent',
      auth: 'agent',
      permission: 'converse',
      query: s.messagesQuery,
      ok: { status: 200, description: 'the messages after `after`', schema: listOf('messages', ref('Message')) },
    },
    post: {
      summary: 'Reply to the citizen on their own channel, or keep an internal note',
      tag: 'agent',
      auth: 'agent',
      permission: 'converse',
      body: s.agentMessageBody,
      ok: { status: 202, description: 'stored', schema: z.object({ seq: z.int() }) },
      errors: { 409: ['not_waiting'], 413: ['too_long'] },
    },
  },
  [`${AGENT_CONVERSATION}/close`]: {
    post: {
      summary: 'Close; the citizen gets the satisfaction question',
      tag: 'agent',
      auth: 'agent',
      permission: 'converse',
      body: s.agentCloseBody,
      ok: { status: 200, description: 'closed', schema: status('closed') },
      errors: { 409: ['not_waiting'] },
    },
  },
  [`${AGENT_CONVERSATION}/transfer`]: {
    post: {
      summary: 'Hand the conversation to a colleague, or back to the queue',
      tag: 'console',
      auth: 'agent',
      permission: 'converse',
      body: s.transferBody,
      ok: {
        status: 200,
        description: 'transferred',
        schema: z.object({ status: z.literal('transferred'), to: z.string().meta({ description: 'a username, or "queue"' }) }),
      },
      errors: { 400: ['invalid'], 409: ['conflict', 'not_waiting'], 413: ['too_long'] },
    },
  },
  [`${AGENT_CONVERSATION}/appointment`]: {
    post: {
      summary: 'Confirm (or propose) an appointment at a station',
      tag: 'agent',
      auth: 'agent',
      permission: 'converse',
      body: s.appointmentBody,
      ok: {
        status: 200,
        description: 'confirmed; the citizen is told',
        schema: z.object({
          status: z.literal('confirmed'),
          appointment: z.object({ stationId: z.string(), at: z.string().meta({ description: 'the instant, in UTC' }), note: z.string().optional() }),
        }),
      },
      errors: { 400: ['invalid_stationId', 'invalid_at', 'invalid_note', 'invalid'], 409: ['not_waiting'] },
    },
  },
  [`${AGENT_CONVERSATION}/forward`]: {
    post: {
      summary: 'E-mail the case summary to the competent unit (audited)',
      tag: 'agent',
      auth: 'agent',
      permission: 'converse',
      body: s.forwardBody,
      ok: { status: 202, description: 'the SMTP server took the e-mail; an internal note records it', schema: status('forwarded') },
      errors: {
        400: ['invalid_unit', 'unknown_station', 'station_without_email'],
        409: ['not_waiting'],
        413: ['too_long'],
        502: ['mail_failed'],
        503: ['mail_unavailable'],
      },
    },
  },
  '/api/v1/agent/presence': {
    get: {
      summary: 'The caller\u2019s effective presence',
      tag: 'console',
      auth: 'agent',
      permission: 'converse',
      ok: { status: 200, description: 'presence', schema: z.object({ status: presence }) },
    },
    post: {
      summary: 'Choose a presence (effective only while a console of the agent is connected)',
      tag: 'console',
      auth: 'agent',
      permission: 'converse',
      body: s.presenceBody,
      ok: { status: 200, description: 'the chosen and the effective status', schema: z.object({ chosen: presence, status: presence }) },
    },
  },
  '/api/v1/agent/agents': {
    get: {
      summary: 'Colleagues to transfer to',
      tag: 'console',
      auth: 'agent',
      permission: 'converse',
      ok: {
        status: 200,
        description: 'agents and supervisors',
        schema: z.object({
          agents: z.array(z.object({ username: z.string(), display: z.string().optional(), role: z.string(), status: presence, load: z.int() })),
        }),
      },
    },
  },
  '/api/v1/agent/canned': {
    get: {
      summary: 'Canned answers (in one language with `locale`)',
      tag: 'console',
      auth: 'agent',
      permission: 'canned',
      query: s.cannedQuery,
      ok: {
        status: 200,
        description: 'canned answers',
        schema: z.object({
          canned: z.array(
            z.object({ id: z.string(), category: z.string().nullable(), languages: z.array(z.string()), text: z.unknown(), links: z.array(z.unknown()) }),
          ),
          fileVersion: z.string(),
        }),
      },
    },
    put: {
      summary: 'Replace the canned answers (editors, supervisors): checked like `relais validate`, written to knowledge/canned.yaml, live in every process',
      tag: 'console',
      auth: 'agent',
      permission: 'edit_canned',
      body: s.cannedEditBody,
      ok: { status: 200, description: 'the list in force and the content version', schema: { type: 'object' } },
      errors: { 409: ['conflict'], 422: ['invalid_content', '(`error.problems`: every `file:line: message`)'] },
    },
  },
  '/api/v1/agent/conversations/{id}/canned': {
    get: {
      summary: "The canned answers written in the conversation's language, by category (no category last)",
      tag: 'console',
      auth: 'agent',
      permission: 'canned',
      ok: {
        status: 200,
        description: 'the language and the categories',
        schema: z.object({
          locale: z.string(),
          categories: z.array(
            z.object({
              category: z.string().nullable(),
              answers: z.array(z.object({ id: z.string(), text: z.record(z.string(), z.string()), links: z.array(z.unknown()) })),
            }),
          ),
        }),
      },
    },
  },
  '/api/v1/agent/conversations/{id}/canned/{cannedId}': {
    post: {
      summary: 'One canned answer as inserted: {{agent}}, {{station}}, {{code}} (a new follow-up code, for the agent holding it) filled in',
      tag: 'console',
      auth: 'agent',
      permission: 'converse',
      ok: {
        status: 200,
        description: 'the text filled in; `missing`: the variables left as is (unknown here)',
        schema: z.object({ id: z.string(), locale: z.string(), text: z.string(), links: z.array(link), missing: z.array(z.string()) }),
      },
    },
  },
  '/api/v1/agent/content': {
    get: {
      summary: 'Read-only preview of the content in force',
      tag: 'console',
      auth: 'agent',
      permission: 'content',
      ok: { status: 200, description: 'steps, intents and canned answers', schema: { type: 'object' } },
    },
  },
  '/api/v1/agent/stats': {
    get: {
      summary: 'Anonymous live figures (supervisors)',
      tag: 'console',
      auth: 'agent',
      permission: 'supervise',
      ok: {
        status: 200,
        description:
          'waiting, inProgress, agents, presence, firstResponse, wait, today, satisfaction, satisfactionByTeam ([{team, count, average, distribution}], a team is a skill), hours',
        schema: { type: 'object' },
      },
    },
  },
  '/api/v1/agent/stats.csv': {
    get: {
      summary: 'Daily anonymous aggregates over a range of days (supervisors)',
      tag: 'agent',
      auth: 'agent',
      permission: 'supervise',
      query: s.statsCsvQuery,
      ok: {
        status: 200,
        description:
          'a header line (date, the counters, waits, wait_average_seconds, satisfaction_count, satisfaction_average, then satisfaction_count@<team>, satisfaction_average@<team> for each team rated in the range), then one row per day of the range (STATS_TIMEZONE), zeros included; at most 366 days',
        type: 'text/csv',
      },
      errors: { 400: ['invalid_range'] },
    },
  },
  '/api/v1/agent/audit': {
    get: {
      summary: 'The audit log, newest first (supervisors); never any message text',
      tag: 'console',
      auth: 'agent',
      permission: 'supervise',
      query: s.auditQuery,
      ok: {
        status: 200,
        description: 'entries',
        schema: z.object({
          entries: z.array(
            z.object({
              id: z.string(),
              at: z.iso.datetime(),
              actor: z.string(),
              action: z.string(),
              conversation: z.string().optional(),
              detail: z.string().optional(),
            }),
          ),
        }),
      },
    },
  },
  '/api/v1/agent/socket': {
    get: {
      summary: 'The console socket (WebSocket, JSON frames)',
      tag: 'console',
      socket: true,
      ok: {
        status: 101,
        description:
          'Switching protocols. First frame `{"type": "auth", "token"}`, then `follow` `{id, after}`, `unfollow`, `typing` `{id}`, `presence` `{status}`, `ping`. ' +
          'The server pushes `ready`, `queue`, `mine`, `assigned` `{id, by}`, `messages` `{id, messages}`, `typing` `{id, from: "citizen"}`, `presence`, ' +
          '`stats` (supervisors), `revoked` `{id}`, `error`.',
      },
    },
  },

  // Channel webhooks: the platforms' own formats, verified over the raw bytes before parsing.
  '/webhooks/telegram': {
    post: {
      summary: 'Telegram updates (webhook mode), header X-Telegram-Bot-Api-Secret-Token',
      tag: 'webhooks',
      rawBody: 'a Telegram Update',
      ok: { status: 200, description: 'accepted (stored; the work follows)' },
      errors: { 400: ['invalid_update'], 401: ['bad_secret'], 413: ['too_large'] },
    },
  },
  '/webhooks/whatsapp': {
    get: { summary: 'WhatsApp Cloud API verification', tag: 'webhooks', ok: { status: 200, description: 'the challenge' }, errors: { 403: ['forbidden'] } },
    post: {
      summary: 'WhatsApp Cloud API notifications, header X-Hub-Signature-256',
      tag: 'webhooks',
      rawBody: 'a WhatsApp Business Account notification',
      ok: { status: 200, description: 'EVENT_RECEIVED' },
      errors: { 400: ['invalid_json', 'invalid_event'], 401: ['bad_signature'], 413: ['too_large'] },
    },
  },
  '/webhooks/messenger': {
    get: { summary: 'Messenger verification', tag: 'webhooks', ok: { status: 200, description: 'the challenge' }, errors: { 403: ['forbidden'] } },
    post: {
      summary: 'Messenger Platform notifications, header X-Hub-Signature-256',
      tag: 'webhooks',
      rawBody: 'a Messenger page notification',
      ok: { status: 200, description: 'EVENT_RECEIVED' },
      errors: { 400: ['invalid_json', 'invalid_event'], 401: ['bad_signature'], 413: ['too_large'] },
    },
  },
  '/api/messages': {
    post: {
      summary: 'Bot Framework activities (Authorization: the Bot Connector\u2019s JWT)',
      tag: 'webhooks',
      rawBody: 'a Bot Framework Activity',
      ok: { status: 200, description: 'accepted' },
      errors: { 400: ['invalid_activity'], 401: ['unauthorized'], 403: ['forbidden'], 413: ['too_large'] },
    },
  },

  // Pages.
  '/': { get: { summary: 'The web chat demo page', tag: 'citizen', ok: { status: 200, description: 'HTML', type: 'text/html' } } },
  '/console': { get: { summary: 'The agents\u2019 console', tag: 'console', ok: { status: 200, description: 'HTML', type: 'text/html' } } },
  '/console/vendor/i18next.js': {
    get: {
      summary: 'i18next\u2019s browser build (ES module) for the console\u2019s words, served by the hub (no CDN)',
      tag: 'console',
      ok: { status: 200, description: 'JavaScript', type: 'text/javascript' },
    },
  },
};

// ---------------------------------------------------------------- outgoing webhooks (the hub calls out)

const webhookBody = z.object({
  delivery: z.string().meta({ description: 'unique per delivery, the same on its retries: ignore one already seen' }),
  event: z.enum(['handed_off', 'urgent', 'closed']),
  at: z.string().meta({ description: 'when the event happened (ISO 8601)' }),
  conversation: z.object({
    id: z.string(),
    channel: z.string(),
    intent: z.string().nullable(),
    danger: z.enum(['now', 'maybe', 'none']),
    skills: z.array(z.string()),
    afterHours: z.boolean(),
    createdAt: z.string(),
    waitingSince: z.string().nullable(),
    claimedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
  }),
  closedBy: z.enum(['agent', 'citizen', 'system']).optional(),
  sentAt: z.string().meta({ description: 'this attempt (signed with the body): reject one more than 5 minutes off' }),
});

/** OpenAPI 3.1 `webhooks`: what the hub POSTs to each OUTGOING_WEBHOOKS URL. */
const OUTGOING = Object.fromEntries(
  (['handed_off', 'urgent', 'closed'] as const).map((event) => [
    event,
    {
      post: {
        summary: `Outgoing webhook "${event}" (OUTGOING_WEBHOOKS), no message text`,
        description:
          'Headers: `X-Relais-Signature: sha256=<hex HMAC-SHA256 of the raw body with OUTGOING_WEBHOOK_SECRET>`, `X-Relais-Timestamp` (Unix seconds of `sentAt`), ' +
          '`X-Relais-Event`, `X-Relais-Delivery`. Answer 2xx; a 5xx, 408, 429, timeout or connection error is retried with backoff (10 attempts at most).',
        tags: ['webhooks'],
        requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(webhookBody) } } },
        responses: { '200': { description: 'received' } },
      },
    },
  ]),
);

// ---------------------------------------------------------------- building the document

/** A zod schema as JSON Schema (2020-12, which OpenAPI 3.1 uses), from the request's side; the
 * safe-integer bounds zod puts on every integer and its date and e-mail patterns are left out. */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ jsonSchema: js }) => {
      if (js.minimum === Number.MIN_SAFE_INTEGER) delete js.minimum;
      if (js.maximum === Number.MAX_SAFE_INTEGER) delete js.maximum;
      // zod's long patterns for dates and e-mail addresses: the format says it.
      if (typeof js.format === 'string' && ['date', 'date-time', 'email'].includes(js.format)) delete js.pattern;
    },
  }) as JsonSchema;
  return rest;
}

/** The 400 codes a schema can give: its fields' `invalid_<field>`. */
function fieldCodes(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape).map((field) => `invalid_${field}`);
}

function errorResponse(status: number, codes: string[]): JsonSchema {
  const known = [...new Set(codes.filter((c) => /^[a-z_]+$/.test(c)))];
  const notes = codes.filter((c) => !/^[a-z_]+$/.test(c));
  const description = [...known.map((c) => `\`${c}\``), ...notes].join(', ') || `HTTP ${status}`;
  if (!known.length) return { description }; // not the contract's error shape (e.g. /health's 503)
  const codeIs = { type: 'object', properties: { error: { type: 'object', properties: { code: { enum: known } } } } };
  return { description, content: { 'application/json': { schema: { allOf: [ref('Error'), codeIs] } } } };
}

function parameters(path: string, doc: RouteDoc): JsonSchema[] {
  const params: JsonSchema[] = [];
  for (const [, name] of path.matchAll(/\{(\w+)\}/g))
    params.push({ name, in: 'path', required: true, schema: name === 'id' ? jsonSchema(s.conversationId) : { type: 'string' } });
  for (const [name, field] of Object.entries(doc.query?.shape ?? {})) {
    const { description, ...schema } = jsonSchema(field as z.ZodType);
    params.push({ name, in: 'query', required: !(field as z.ZodType).safeParse(undefined).success, ...(description ? { description } : {}), schema });
  }
  for (const [name, field] of Object.entries(doc.headers ?? {})) {
    const { description, ...schema } = jsonSchema(field);
    params.push({ name, in: 'header', required: false, ...(description ? { description } : {}), schema });
  }
  return params;
}

function operation(path: string, doc: RouteDoc): JsonSchema {
  const errors = new Map<number, string[]>();
  const add = (status: number, ...codes: string[]) => errors.set(status, [...(errors.get(status) ?? []), ...codes]);
  if (doc.body) {
    add(400, 'invalid_json', 'invalid_body', ...fieldCodes(doc.body));
    add(413, 'too_large');
  }
  if (doc.query && !doc.lenientQuery) add(400, ...fieldCodes(doc.query));
  if (doc.auth) add(401, 'unauthorized');
  if (doc.permission) add(403, 'forbidden');
  if (doc.auth === 'citizen' || path.includes('{id}')) add(404, 'not_found');
  if (doc.rateLimited) add(429, 'rate_limited');
  for (const [status, codes] of Object.entries(doc.errors ?? {})) add(Number(status), ...codes);

  const ok = doc.ok;
  const okContent = ok.type
    ? { [ok.type]: { schema: { type: 'string' } } }
    : ok.schema
      ? { 'application/json': { schema: '_zod' in ok.schema ? jsonSchema(ok.schema as z.ZodType) : ok.schema } }
      : ok.status === 204 || ok.status === 101
        ? undefined
        : { 'application/json': { schema: { type: 'object' } } };
  const responses: Record<string, JsonSchema> = { [ok.status]: { description: ok.description, ...(okContent ? { content: okContent } : {}) } };
  for (const status of [...errors.keys()].sort()) responses[status] = errorResponse(status, errors.get(status) ?? []);
  responses.default = {
    description: '`internal` (500) or `unavailable` (503, Redis restarting: try again)',
    content: { 'application/json': { schema: ref('Error') } },
  };

  const params = parameters(path, doc);
  return {
    summary: doc.summary,
    tags: [doc.tag],
    ...(params.length ? { parameters: params } : {}),
    ...(doc.body ? { requestBody: { required: !doc.body.safeParse({}).success, content: { 'application/json': { schema: jsonSchema(doc.body) } } } } : {}),
    ...(doc.rawBody
      ? {
          requestBody: {
            required: true,
            description: `${doc.rawBody}, verified before it is parsed`,
            content: { 'application/json': { schema: { type: 'object' } } },
          },
        }
      : {}),
    ...(doc.auth === 'citizen' ? { security: [{ citizenToken: [] }] } : {}),
    ...(doc.auth === 'agent' ? { security: [{ agentToken: [] }, { agentCookie: [] }] } : {}),
    ...(doc.socket ? { 'x-websocket': true } : {}),
    responses,
  };
}

function build(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [path, methods] of Object.entries(ROUTES)) {
    paths[path] = {};
    for (const [method, doc] of Object.entries(methods)) paths[path][method] = operation(path, doc);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Relais',
      version: '1',
      description:
        'Bot-assisted citizen contact hub. JSON everywhere; errors are `{"error": {"code", "message"}}` with 400 malformed (`invalid_<field>` names the ' +
        'field), 401 bad credentials, 403 not allowed, 404 unknown or not yours (the same answer for both, and for an id that cannot be one), ' +
        '409 conflict, 413 too large, 429 rate limited. Unknown request fields are ignored.',
    },
    servers: [{ url: '/' }],
    tags: ['citizen', 'public service', 'agent', 'console', 'webhooks', 'operations'].map((name) => ({ name })),
    components: {
      securitySchemes: {
        citizenToken: { type: 'http', scheme: 'bearer', description: 'the token returned when the conversation was opened' },
        agentToken: { type: 'http', scheme: 'bearer', description: 'the token of POST /api/v1/agent/session' },
        agentCookie: { type: 'apiKey', in: 'cookie', name: 'relais_agent' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
        },
        Message: jsonSchema(message),
      },
    },
    paths,
    webhooks: OUTGOING,
  };
}

let built: JsonSchema | undefined;

/** The document (built once). */
export function openApiDocument(): JsonSchema {
  built ??= build();
  return built;
}
