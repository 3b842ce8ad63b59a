/** Bad input on every door (security issue): the JSON API, the chat socket and the Telegram webhook.
 * Each case asserts the exact status and error code, and the hub must still answer /health after it;
 * a normal conversation still works at the end. */
import { expect } from 'chai';
import WebSocket from 'ws';
import { createTelegramChannel } from '../../channels/telegram/index.js';
import { FakeTelegramApi, TelegramCitizen } from '../channels/fakes/telegram-api.js';
import { call, useTestHub, waitForMessage } from '../helpers/hub.js';

const TELEGRAM_TOKEN = '123456:TEST-token';
const TELEGRAM_SECRET = 'webhook-secret_1';
const PASSWORD = 'correct horse battery';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
/** A text too short to say its language, and one that says it whatever the conversation's locale. */
const SHORT = 'bonjour';
const SURE = 'Bonjour, je voudrais porter plainte pour le vol de mon vélo devant chez moi';
const LONG_LOCALE = 'zz-ZZ-invalid-locale-tag-that-is-long';
/** `{"a": ... }` or `[[...]]` nested `depth` levels deep. */
const nested = (depth: number, open = '[', close = ']', leaf = '0') => `${open.repeat(depth)}${leaf}${close.repeat(depth)}`;
const DEEP_ARRAY = nested(10_000);
const DEEP_OBJECT = nested(10_000, '{"a":', '}', '0');
/** `{"text": "caf` then a lone 0xC3 0x28 (not UTF-8), then `"}`. */
const INVALID_UTF8 = Buffer.concat([Buffer.from('{"text": "caf'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);

/** What a case observed: the HTTP status (101 for an upgraded socket) and the error code, if any. */
interface Outcome {
  status: number;
  code: string | null;
}

interface Case {
  name: string;
  run: () => Promise<Outcome>;
  status: number;
  code: string | null;
  /** Further checks once the hub answered. */
  check?: () => Promise<void>;
}

describe('bad input on every route, the chat socket and the webhooks', function () {
  this.timeout(60_000);
  const running = useTestHub();
  const telegram = new FakeTelegramApi(TELEGRAM_TOKEN);
  const s = { id: '', token: '', agent: '', supervisor: '', editor: '' };
  const url = (path: string) => `${running.hub.url}${path}`;

  before(async () => {
    await telegram.start();
    const { app } = running.hub;
    await app.hub.addChannel(
      createTelegramChannel({ token: TELEGRAM_TOKEN, apiRoot: telegram.apiRoot, mode: 'webhook', webhookSecret: TELEGRAM_SECRET }),
      app.webhooks,
    );
    const created = await call(url('/api/v1/conversations'), { body: { locale: 'fr' } });
    Object.assign(s, created.body);
    await app.ctx.accounts.add('alice', PASSWORD, 'agent');
    await app.ctx.accounts.add('sam', PASSWORD, 'supervisor');
    await app.ctx.accounts.add('eve', PASSWORD, 'editor');
    for (const [name, key] of [
      ['alice', 'agent'],
      ['sam', 'supervisor'],
      ['eve', 'editor'],
    ] as const)
      s[key] = (await call(url('/api/v1/agent/session'), { body: { username: name, password: PASSWORD } })).body.token;
  });
  after(async () => {
    await telegram.stop();
  });

  /** One HTTP request with a raw body; the error code of a contract-shaped answer. */
  async function http(method: string, path: string, init: { body?: string | Buffer; token?: string; headers?: Record<string, string> } = {}): Promise<Outcome> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(url(path), { method, headers, body: typeof init.body === 'string' ? init.body : init.body && new Uint8Array(init.body) });
    const text = await res.text();
    let code: string | null = null;
    try {
      code = JSON.parse(text)?.error?.code ?? null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, code };
  }
  const post = (path: string, body: unknown, token?: string) =>
    http('POST', path, { body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body), token });
  const citizen = (body: unknown) => post(`/api/v1/conversations/${s.id}/messages`, body, s.token);
  const citizenMessages = async (id: string) =>
    (await running.hub.app.ctx.store.messages(id, 0, { internal: true })).filter((m) => m.from === 'citizen').length;
  const readCitizen = (query: string) => http('GET', `/api/v1/conversations/${s.id}/messages${query}`, { token: s.token });
  const agentPost = (path: string, body: unknown) => post(`/api/v1/agent${path}`, body, s.agent);
  const telegramPost = (body: string | Buffer, secret = TELEGRAM_SECRET) =>
    http('POST', '/webhooks/telegram', { body, headers: { 'x-telegram-bot-api-secret-token': secret } });

  /** Opens the chat socket at `path`, authenticates with `auth` (unless null), sends `frames`, and
   * reports the first error frame's code, or how the socket was closed, or the refused upgrade. */
  function socket(path: string, auth: object | null, frames: (object | string | Buffer)[]): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${running.hub.url.replace(/^http/, 'ws')}${path}`);
      const done = (outcome: Outcome) => {
        ws.terminate();
        resolve(outcome);
      };
      const send = () => {
        for (const f of frames) ws.send(typeof f === 'object' && !Buffer.isBuffer(f) ? JSON.stringify(f) : f, { binary: false });
      };
      ws.on('unexpected-response', (_req, res) => done({ status: res.statusCode ?? 0, code: null }));
      ws.on('error', (err) => (/Unexpected server response/.test(err.message) ? undefined : reject(err)));
      ws.on('open', () => {
        if (auth) ws.send(JSON.stringify({ type: 'auth', ...auth }));
        else send();
      });
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data));
        if (frame.type === 'messages' && auth) {
          auth = null; // authenticated: the backlog came
          send();
        }
        if (frame.type === 'error') done({ status: 101, code: frame.error.code });
        if (frame.type === 'ack') done({ status: 101, code: 'ack' }); // stored: not what a bad frame should get
      });
      ws.on('close', (code) => done({ status: 101, code: `closed_${code}` }));
    });
  }
  const chatPath = () => `/api/v1/conversations/${s.id}/socket`;
  const authed = () => ({ token: s.token, after: 1_000_000 });

  const cases: Case[] = [
    // ---------------------------------------------------------------- POST /api/v1/conversations
    { name: 'create: malformed JSON', run: () => post('/api/v1/conversations', '{"locale": fr}'), status: 400, code: 'invalid_json' },
    { name: 'create: truncated JSON', run: () => post('/api/v1/conversations', '{"locale": "fr"'), status: 400, code: 'invalid_json' },
    { name: 'create: a JSON array', run: () => post('/api/v1/conversations', '["fr"]'), status: 400, code: 'invalid_body' },
    { name: 'create: JSON null', run: () => post('/api/v1/conversations', 'null'), status: 400, code: 'invalid_body' },
    { name: 'create: locale of the wrong type', run: () => post('/api/v1/conversations', { locale: 33 }), status: 400, code: 'invalid_locale' },
    { name: 'create: a long made-up locale tag', run: () => post('/api/v1/conversations', { locale: LONG_LOCALE }), status: 400, code: 'invalid_locale' },
    { name: 'create: a locale with markup', run: () => post('/api/v1/conversations', { locale: '<script>' }), status: 400, code: 'invalid_locale' },
    { name: 'create: an unknown channel', run: () => post('/api/v1/conversations', { channel: 'telegram' }), status: 400, code: 'invalid_channel' },
    { name: 'create: channel of the wrong type', run: () => post('/api/v1/conversations', { channel: ['web'] }), status: 400, code: 'invalid_channel' },
    { name: 'create: invalid UTF-8 bytes', run: () => post('/api/v1/conversations', INVALID_UTF8), status: 400, code: 'invalid_json' },
    {
      name: 'create: a 2 MB body',
      run: () => post('/api/v1/conversations', { locale: 'fr', padding: 'x'.repeat(2 * 1024 * 1024) }),
      status: 413,
      code: 'too_large',
    },
    { name: 'create: 10,000 nested arrays', run: () => post('/api/v1/conversations', DEEP_ARRAY), status: 400, code: 'invalid_body' },
    {
      name: 'create: a locale nested 10,000 levels',
      run: () => post('/api/v1/conversations', `{"locale": ${DEEP_OBJECT}}`),
      status: 400,
      code: 'invalid_locale',
    },
    {
      name: 'create: unknown fields are ignored',
      run: () => post('/api/v1/conversations', { locale: 'fr', colour: 'blue', deep: JSON.parse(nested(50)) }),
      status: 201,
      code: null,
    },
    { name: 'create: a region subtag is a locale', run: () => post('/api/v1/conversations', { locale: 'pt-BR' }), status: 201, code: null },

    // ---------------------------------------------------------------- citizen messages
    { name: 'message: text and choice at once (ambiguous)', run: () => citizen({ text: 'a', choice: 'b' }), status: 400, code: 'invalid_message' },
    { name: 'message: neither text nor choice', run: () => citizen({ message: 'bonjour' }), status: 400, code: 'invalid_message' },
    { name: 'message: an empty body', run: () => citizen(''), status: 400, code: 'invalid_message' },
    { name: 'message: text of the wrong type', run: () => citizen({ text: 42 }), status: 400, code: 'invalid_text' },
    { name: 'message: text null', run: () => citizen({ text: null }), status: 400, code: 'invalid_text' },
    { name: 'message: choice of the wrong type', run: () => citizen({ choice: { id: 'victim' } }), status: 400, code: 'invalid_choice' },
    { name: 'message: an empty choice', run: () => citizen({ choice: '' }), status: 400, code: 'invalid_choice' },
    { name: 'message: blank text', run: () => citizen({ text: '  \n ' }), status: 400, code: 'empty_text' },
    { name: 'message: text longer than allowed', run: () => citizen({ text: 'a'.repeat(4001) }), status: 413, code: 'too_long' },
    { name: 'message: text nested 10,000 levels', run: () => citizen(`{"text": ${DEEP_ARRAY}}`), status: 400, code: 'invalid_text' },
    { name: 'message: 10,000 nested objects', run: () => citizen(DEEP_OBJECT), status: 400, code: 'invalid_message' },
    {
      name: 'message: invalid UTF-8 bytes',
      run: () => post(`/api/v1/conversations/${s.id}/messages`, INVALID_UTF8, s.token),
      status: 400,
      code: 'invalid_json',
    },
    {
      name: 'message: a 2 MB body',
      run: () => citizen({ text: 'a'.repeat(2 * 1024 * 1024) }),
      status: 413,
      code: 'too_large',
    },
    { name: 'message: no token', run: () => post(`/api/v1/conversations/${s.id}/messages`, { text: 'bonjour' }), status: 401, code: 'unauthorized' },
    {
      name: 'message: a malformed Authorization header',
      run: () => http('POST', `/api/v1/conversations/${s.id}/messages`, { body: '{"text":"x"}', headers: { authorization: `Basic ${s.token}` } }),
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'message: a wrong token',
      run: () => post(`/api/v1/conversations/${s.id}/messages`, { text: 'bonjour' }, 'not-the-token'),
      status: 404,
      code: 'not_found',
    },
    // A wrong token answers 404 before anything else is said about the body or the conversation, and
    // stores nothing.
    {
      name: 'message: a wrong token and a malformed body',
      run: () => http('POST', `/api/v1/conversations/${s.id}/messages`, { body: '{"text": ', token: 'not-the-token' }),
      status: 404,
      code: 'not_found',
    },
    // Both message paths: a short text is triaged after its conversation is read (its locale may decide),
    // a text sure of its language is stored in the script that checks the token and the mode (hub/receive.ts).
    ...[SHORT, SURE].flatMap((text) => {
      const closed = { id: '', token: '', stored: 0 };
      return [
        {
          name: `message: a wrong token on a closed conversation (${text})`,
          run: async () => {
            Object.assign(closed, (await call(url('/api/v1/conversations'), { body: { locale: 'fr' } })).body);
            await running.hub.app.ctx.store.write(closed.id, { mode: 'closed' }); // over, its survey answered
            closed.stored = (await running.hub.app.ctx.store.messages(closed.id, 0, { internal: true })).length;
            return post(`/api/v1/conversations/${closed.id}/messages`, { text }, 'not-the-token');
          },
          status: 404,
          code: 'not_found',
          check: async () => {
            expect((await post(`/api/v1/conversations/${closed.id}/messages`, { text }, closed.token)).status).to.equal(409);
            expect((await running.hub.app.ctx.store.messages(closed.id, 0, { internal: true })).length).to.equal(closed.stored);
          },
        },
        {
          name: `message: a wrong token stores nothing (${text})`,
          run: async () => {
            closed.stored = await citizenMessages(s.id);
            return post(`/api/v1/conversations/${s.id}/messages`, { text }, 'not-the-token');
          },
          status: 404,
          code: 'not_found',
          check: async () => {
            expect(await citizenMessages(s.id)).to.equal(closed.stored);
          },
        },
        {
          name: `message: an unknown conversation (${text})`,
          run: () => post(`/api/v1/conversations/${UNKNOWN_ID}/messages`, { text }, s.token),
          status: 404,
          code: 'not_found',
        },
      ];
    }),
    {
      name: 'message: an id that is not a UUID',
      run: () => post('/api/v1/conversations/..%2F..%2Fagents/messages', { text: 'bonjour' }, s.token),
      status: 404,
      code: 'not_found',
    },
    // The router cannot decode the path, so no route matches: its own 404.
    {
      name: 'message: an id with a malformed escape',
      run: () => post('/api/v1/conversations/%E0%A4%A/messages', { text: 'bonjour' }, s.token),
      status: 404,
      code: 'resource_not_found',
    },
    {
      name: 'message: the upper-case form of a real id',
      run: () => post(`/api/v1/conversations/${s.id.toUpperCase()}/messages`, { text: 'bonjour' }, s.token),
      status: 404,
      code: 'not_found',
    },

    // ---------------------------------------------------------------- reading messages
    { name: 'read: a negative after', run: () => readCitizen('?after=-1'), status: 400, code: 'invalid_after' },
    { name: 'read: after not a number', run: () => readCitizen('?after=abc'), status: 400, code: 'invalid_after' },
    { name: 'read: after twice', run: () => readCitizen('?after=1&after=2'), status: 400, code: 'invalid_after' },
    { name: 'read: after in exponent form', run: () => readCitizen('?after=1e3'), status: 400, code: 'invalid_after' },
    { name: 'read: wait above 30000', run: () => readCitizen('?wait=30001'), status: 400, code: 'invalid_wait' },
    { name: 'read: wait not an integer', run: () => readCitizen('?wait=1.5'), status: 400, code: 'invalid_wait' },
    { name: 'read: after and wait well-formed', run: () => readCitizen('?after=0&wait=0&colour=blue'), status: 200, code: null },
    { name: 'read: a wrong token', run: () => http('GET', `/api/v1/conversations/${s.id}/messages`, { token: 'x' }), status: 404, code: 'not_found' },
    // The token is checked beside the first read (one round trip): a wrong one still reads nothing back,
    // waiting or not, and still answers 404 before a malformed query answers 400.
    {
      name: 'read: a wrong token, waiting',
      run: () => http('GET', `/api/v1/conversations/${s.id}/messages?wait=1000`, { token: 'x' }),
      status: 404,
      code: 'not_found',
    },
    {
      name: 'read: a wrong token and a bad query',
      run: () => http('GET', `/api/v1/conversations/${s.id}/messages?after=-1`, { token: 'x' }),
      status: 404,
      code: 'not_found',
    },

    // ---------------------------------------------------------------- close and triage
    { name: 'close: an id that is not a UUID', run: () => post('/api/v1/conversations/42/close', {}, s.token), status: 404, code: 'not_found' },
    { name: 'triage: no text', run: () => post('/api/v1/triage', { locale: 'fr' }), status: 400, code: 'invalid_text' },
    { name: 'triage: blank text', run: () => post('/api/v1/triage', { text: '   ' }), status: 400, code: 'invalid_text' },
    { name: 'triage: text of the wrong type', run: () => post('/api/v1/triage', { text: ['au secours'] }), status: 400, code: 'invalid_text' },
    {
      name: 'triage: a long made-up locale tag',
      run: () => post('/api/v1/triage', { text: 'bonjour', locale: LONG_LOCALE }),
      status: 400,
      code: 'invalid_locale',
    },
    { name: 'triage: truncated JSON', run: () => post('/api/v1/triage', '{"text": "au secours'), status: 400, code: 'invalid_json' },

    // ---------------------------------------------------------------- agent session and calls
    { name: 'login: malformed JSON', run: () => post('/api/v1/agent/session', '{username: alice}'), status: 400, code: 'invalid_json' },
    {
      name: 'login: username of the wrong type',
      run: () => post('/api/v1/agent/session', { username: 7, password: PASSWORD }),
      status: 400,
      code: 'invalid_username',
    },
    { name: 'login: no password', run: () => post('/api/v1/agent/session', { username: 'alice' }), status: 400, code: 'invalid_password' },
    {
      name: 'login: a wrong password',
      run: () => post('/api/v1/agent/session', { username: 'nobody', password: 'wrong' }),
      status: 401,
      code: 'bad_credentials',
    },
    { name: 'agent: no token', run: () => http('GET', '/api/v1/agent/queue'), status: 401, code: 'unauthorized' },
    { name: 'agent: a forged token', run: () => http('GET', '/api/v1/agent/queue', { token: 'forged'.repeat(10) }), status: 401, code: 'unauthorized' },
    { name: 'agent: a citizen token', run: () => http('GET', '/api/v1/agent/queue', { token: s.token }), status: 401, code: 'unauthorized' },
    { name: 'agent: claim an id that is not a UUID', run: () => agentPost('/conversations/not-a-uuid/claim', {}), status: 404, code: 'not_found' },
    { name: 'agent: claim an id with a malformed escape', run: () => agentPost('/conversations/%E0%A4%A/claim', {}), status: 404, code: 'resource_not_found' },
    { name: 'agent: claim an unknown conversation', run: () => agentPost(`/conversations/${UNKNOWN_ID}/claim`, {}), status: 404, code: 'not_found' },
    {
      name: 'agent: one conversation, id not a UUID',
      run: () => http('GET', '/api/v1/agent/conversations/x', { token: s.agent }),
      status: 404,
      code: 'not_found',
    },
    {
      name: 'agent: read with a negative after',
      run: () => http('GET', `/api/v1/agent/conversations/${s.id}/messages?after=-5`, { token: s.agent }),
      status: 400,
      code: 'invalid_after',
    },
    {
      name: 'agent: reply with text of the wrong type',
      run: () => agentPost(`/conversations/${s.id}/messages`, { text: 5 }),
      status: 400,
      code: 'invalid_text',
    },
    {
      name: 'agent: reply with internal of the wrong type',
      run: () => agentPost(`/conversations/${s.id}/messages`, { text: 'note', internal: 'yes' }),
      status: 400,
      code: 'invalid_internal',
    },
    {
      name: 'agent: close with outcome of the wrong type',
      run: () => agentPost(`/conversations/${s.id}/close`, { outcome: 5 }),
      status: 400,
      code: 'invalid_outcome',
    },
    { name: 'agent: transfer to a number', run: () => agentPost(`/conversations/${s.id}/transfer`, { to: 5 }), status: 400, code: 'invalid_to' },
    {
      name: 'agent: transfer with a note object',
      run: () => agentPost(`/conversations/${s.id}/transfer`, { note: { a: 1 } }),
      status: 400,
      code: 'invalid_note',
    },
    { name: 'agent: an unknown presence', run: () => agentPost('/presence', { status: 'busy' }), status: 400, code: 'invalid_status' },
    {
      name: 'agent: presence nested 10,000 levels (over its 4 KB)',
      run: () => agentPost('/presence', `{"status": ${DEEP_ARRAY}}`),
      status: 413,
      code: 'too_large',
    },
    {
      name: 'agent: reply nested 10,000 levels',
      run: () => agentPost(`/conversations/${s.id}/messages`, `{"text": ${DEEP_OBJECT}}`),
      status: 400,
      code: 'invalid_text',
    },
    { name: 'agent: reply with invalid UTF-8 bytes', run: () => agentPost(`/conversations/${s.id}/messages`, INVALID_UTF8), status: 400, code: 'invalid_json' },
    {
      name: 'agent: an unknown scope',
      run: () => http('GET', '/api/v1/agent/conversations?scope=everything', { token: s.agent }),
      status: 400,
      code: 'invalid_scope',
    },
    {
      name: 'agent: canned answers in a made-up locale',
      run: () => http('GET', `/api/v1/agent/canned?locale=${LONG_LOCALE}`, { token: s.agent }),
      status: 400,
      code: 'invalid_locale',
    },
    {
      name: 'supervisor: audit with a negative limit',
      run: () => http('GET', '/api/v1/agent/audit?limit=-1', { token: s.supervisor }),
      status: 400,
      code: 'invalid_limit',
    },
    {
      name: 'supervisor: audit before a malformed id',
      run: () => http('GET', '/api/v1/agent/audit?before=yesterday', { token: s.supervisor }),
      status: 400,
      code: 'invalid_before',
    },

    // Found by an outside fuzz run: Redis refuses these range ends ("0-0", a part above 2^64 - 1), a 500.
    ...['0-0', '99999999999999999999-0', '18446744073709551616-0', '1-99999999999999999999', `${'9'.repeat(40)}-0`].map((before) => ({
      name: `supervisor: audit before ${before.length > 30 ? 'a 40-digit id' : before}`,
      run: () => http('GET', `/api/v1/agent/audit?before=${before}`, { token: s.supervisor }),
      status: 400,
      code: 'invalid_before',
    })),
    {
      name: 'supervisor: audit before the largest id Redis takes',
      run: () => http('GET', '/api/v1/agent/audit?before=18446744073709551615-18446744073709551615', { token: s.supervisor }),
      status: 200,
      code: null,
    },
    {
      name: 'agent: a session cookie with a malformed escape',
      run: () => http('GET', '/api/v1/agent/me', { headers: { cookie: 'relais_agent=%E0%A4%A' } }),
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'editor: canned answers nested 2,000 levels',
      run: () =>
        http('PUT', '/api/v1/agent/canned', { body: `{"canned": [{"id": "x", "text": {"fr": ${nested(2000, '{"a":', '}', '"x"')}}}]}`, token: s.editor }),
      status: 400,
      code: 'invalid_canned',
    },

    // ---------------------------------------------------------------- the router itself
    { name: 'an unknown route', run: () => http('GET', '/api/v1/nothing-here'), status: 404, code: 'resource_not_found' },
    { name: 'a wrong method', run: () => http('PUT', '/api/v1/conversations', { body: '{}' }), status: 405, code: 'method_not_allowed' },

    // ---------------------------------------------------------------- the chat socket
    { name: 'socket: a malformed escape in the path', run: () => socket('/api/v1/conversations/%E0%A4%A/socket', null, []), status: 400, code: null },
    { name: 'socket: a wrong token', run: () => socket(chatPath(), { token: 'not-the-token' }, []), status: 101, code: 'not_found' },
    { name: 'socket: a token of the wrong type', run: () => socket(chatPath(), { token: { $ne: '' } }, []), status: 101, code: 'not_found' },
    { name: 'socket: an id that is not a UUID', run: () => socket('/api/v1/conversations/abc/socket', { token: 'x' }, []), status: 101, code: 'not_found' },
    { name: 'socket: a message before auth', run: () => socket(chatPath(), null, [{ type: 'message', text: 'bonjour' }]), status: 101, code: 'unauthorized' },
    { name: 'socket: malformed JSON', run: () => socket(chatPath(), null, ['{"type": "auth", ']), status: 101, code: 'invalid_json' },
    { name: 'socket: 10,000 nested arrays', run: () => socket(chatPath(), null, [DEEP_ARRAY]), status: 101, code: 'invalid_json' },
    {
      name: 'socket: text and choice at once',
      run: () => socket(chatPath(), authed(), [{ type: 'message', text: 'a', choice: 'b', ref: 'r1' }]),
      status: 101,
      code: 'invalid_message',
    },
    { name: 'socket: text of the wrong type', run: () => socket(chatPath(), authed(), [{ type: 'message', text: 12 }]), status: 101, code: 'invalid_text' },
    {
      name: 'socket: text nested 10,000 levels',
      run: () => socket(chatPath(), authed(), [`{"type": "message", "text": ${DEEP_ARRAY}}`]),
      status: 101,
      code: 'invalid_text',
    },
    { name: 'socket: blank text', run: () => socket(chatPath(), authed(), [{ type: 'message', text: ' ' }]), status: 101, code: 'empty_text' },
    {
      name: 'socket: an unknown frame type',
      run: () => socket(chatPath(), authed(), [{ type: 'subscribe', id: UNKNOWN_ID }]),
      status: 101,
      code: 'unknown_frame',
    },
    // Found by an outside fuzz run: the socket echoes `ref`, and re-encoding 10,000 nested arrays overflowed
    // the stack inside the socket's handler, which ended the process.
    {
      name: 'socket: a ref nested 10,000 levels',
      run: () => socket(chatPath(), authed(), [`{"type": "zzz", "ref": ${DEEP_ARRAY}}`]),
      status: 101,
      code: 'invalid_ref',
    },
    {
      name: 'socket: a ref nested 10,000 levels, before auth',
      run: () => socket(chatPath(), null, [`{"type": "message", "ref": ${DEEP_ARRAY}}`]),
      status: 101,
      code: 'invalid_ref',
    },
    {
      name: 'socket: a ref of 10,000 characters',
      run: () => socket(chatPath(), authed(), [{ type: 'message', text: 'a', ref: 'r'.repeat(10_000) }]),
      status: 101,
      code: 'invalid_ref',
    },
    { name: 'socket: auth with after 1e20', run: () => socket(chatPath(), { token: s.token, after: 1e20 }, []), status: 101, code: 'invalid_after' },
    {
      name: 'console socket: a ref nested 7,000 levels (within its 16 KB frames), before auth',
      run: () => socket('/api/v1/agent/socket', null, [`{"type": "ping", "ref": ${nested(7000)}}`]),
      status: 101,
      code: 'invalid_ref',
    },
    { name: 'socket: invalid UTF-8 in a text frame', run: () => socket(chatPath(), authed(), [INVALID_UTF8]), status: 101, code: 'closed_1007' },
    {
      name: 'socket: a frame larger than 64 KB',
      run: () => socket(chatPath(), authed(), [{ type: 'message', text: 'a'.repeat(70_000) }]),
      status: 101,
      code: 'closed_1009',
    },

    // ---------------------------------------------------------------- Telegram webhook
    {
      name: 'telegram: a wrong secret',
      run: () => telegramPost(JSON.stringify(new TelegramCitizen().text('bonjour')), 'wrong'),
      status: 401,
      code: 'bad_secret',
    },
    { name: 'telegram: malformed JSON', run: () => telegramPost('{"update_id": 1, '), status: 400, code: 'invalid_update' },
    { name: 'telegram: no update_id', run: () => telegramPost('{"message": {}}'), status: 400, code: 'invalid_update' },
    { name: 'telegram: 10,000 nested arrays', run: () => telegramPost(DEEP_ARRAY), status: 400, code: 'invalid_update' },
    { name: 'telegram: a null message', run: () => telegramPost('{"update_id": 1, "message": null}'), status: 400, code: 'invalid_update' },
    {
      name: 'telegram: a message without a chat',
      run: () => telegramPost('{"update_id": 2, "message": {"message_id": 1, "date": 1, "text": "hi"}}'),
      status: 400,
      code: 'invalid_update',
    },
    { name: 'telegram: a null callback query', run: () => telegramPost('{"update_id": 3, "callback_query": null}'), status: 400, code: 'invalid_update' },
    {
      name: 'telegram: a language code that is not text',
      run: () =>
        telegramPost(
          JSON.stringify({
            update_id: 4,
            message: {
              message_id: 1,
              date: 1,
              text: 'hi',
              chat: { id: 5, type: 'private' },
              from: { id: 5, is_bot: false, first_name: 'x', language_code: 12 },
            },
          }),
        ),
      status: 400,
      code: 'invalid_update',
    },
    { name: 'telegram: a 2 MB body', run: () => telegramPost('x'.repeat(2 * 1024 * 1024)), status: 413, code: 'too_large' },
    (() => {
      const update = JSON.stringify(new TelegramCitizen(777).text('Comment porter plainte ?'));
      let before = 0;
      const received = async () => (await running.hub.app.ctx.stats.snapshot()).counters.messages_received ?? 0;
      return {
        name: 'telegram: a replayed update is taken once',
        run: async () => {
          before = await received();
          expect((await telegramPost(update)).status).to.equal(200);
          return telegramPost(update);
        },
        status: 200,
        code: null,
        check: async () => {
          expect(await received()).to.equal(before + 1);
        },
      };
    })(),
  ];

  it('has at least 40 cases', () => {
    expect(cases.length).to.be.at.least(40);
  });

  for (const c of cases) {
    it(`${c.name} → ${c.status}${c.code ? ` ${c.code}` : ''}`, async () => {
      const outcome = await c.run();
      expect(outcome).to.deep.equal({ status: c.status, code: c.code });
      await c.check?.();
      const health = await call(url('/health'));
      expect(health.status).to.equal(200);
    });
  }

  it('still holds a normal conversation afterwards, over HTTP and the socket', async () => {
    const { status, body } = await call(url('/api/v1/conversations'), { body: { locale: 'fr' } });
    expect(status).to.equal(201);
    const sent = await call(url(`/api/v1/conversations/${body.id}/messages`), { token: body.token, body: { text: 'Comment porter plainte ?' } });
    expect(sent.status).to.equal(202);
    const answer = await waitForMessage(running.hub.url, body.id, body.token, (m) => m.from === 'bot' && m.seq > sent.body.seq);
    expect(answer.text).to.be.a('string').and.not.equal('');
    const ack = await new Promise<{ seq: number; ref: string }>((resolve, reject) => {
      const ws = new WebSocket(`${running.hub.url.replace(/^http/, 'ws')}/api/v1/conversations/${body.id}/socket`);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: body.token, after: 0 })));
      ws.on('error', reject);
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data));
        if (frame.type === 'messages' && frame.messages.length) ws.send(JSON.stringify({ type: 'message', choice: 'information', ref: 'ok-1' }));
        if (frame.type === 'ack') {
          ws.close();
          resolve(frame);
        }
        if (frame.type === 'error') reject(new Error(frame.error.code));
      });
    });
    expect(ack.ref).to.equal('ok-1');
    expect(ack.seq).to.be.above(sent.body.seq);
    const agent = await call(url(`/api/v1/agent/conversations/${body.id}/messages`), { token: s.supervisor });
    expect(agent.status).to.equal(200);
    expect((await call(url('/health'))).status).to.equal(200);
  });
});
