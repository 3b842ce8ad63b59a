/** The baseline: a bare restify server answering the citizen routes the benchmark drives, from memory,
 * in its own process (as the hub runs in its own). No Redis, no queue, no triage, no flows: a
 * message is stored and the bot's "answer" appended at once; what the hub adds on top is the ratio.
 *   POST /api/v1/conversations                       → 201 {id, token} (a welcome message, seq 1)
 *   POST /api/v1/conversations/{id}/messages {text}  → 202 {seq}; the answer is seq + 1
 *   GET  /api/v1/conversations/{id}/messages?after&wait → long-poll, same shape as the hub
 *   WS   /api/v1/conversations/{id}/socket           → {"type":"auth","token"} then "messages" frames;
 *                                                      {"type":"message","text"} → "ack" (and the answer)
 *   WS   /api/v1/agent/socket                        → {"type":"auth"} → "ready"; a "queue" frame
 *                                                      for every citizen message (the console's floor)
 *   POST /api/v1/agent/conversations/{id}/messages {text} → 200; pushed to the citizen's sockets
 * Prints `listening on URL`; PORT=0 by default. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import restify, { type Request, type Response } from 'restify';
import { type WebSocket, WebSocketServer } from 'ws';

interface Message {
  seq: number;
  from: 'citizen' | 'bot' | 'agent';
  text: string;
  at: string;
}

interface Conversation {
  token: string;
  messages: Message[];
  waiters: Set<() => void>;
  sockets: Set<WebSocket>;
}

const conversations = new Map<string, Conversation>();
const consoles = new Set<WebSocket>();
const MAX_WAIT = 30_000;

function append(conv: Conversation, from: Message['from'], text: string): Message {
  const m: Message = { seq: conv.messages.length + 1, from, text, at: new Date().toISOString() };
  conv.messages.push(m);
  for (const wake of conv.waiters) wake();
  conv.waiters.clear();
  const frame = JSON.stringify({ type: 'messages', messages: [m] });
  for (const ws of conv.sockets) ws.send(frame);
  return m;
}

/** A citizen's message: stored, the consoles told, and the bot's answer right behind it. */
function citizenSays(id: string, conv: Conversation, text: string): number {
  const m = append(conv, 'citizen', text);
  const queued = JSON.stringify({ type: 'queue', waiting: [{ id }] });
  for (const ws of consoles) ws.send(queued);
  append(conv, 'bot', `Réponse à « ${text.slice(0, 200)} »`);
  return m.seq;
}

function owned(req: Request, res: Response): Conversation | undefined {
  const conv = conversations.get(req.params.id);
  const auth = req.headers.authorization ?? '';
  if (!conv || auth !== `Bearer ${conv.token}`) {
    res.send(404, { error: { code: 'not_found', message: 'unknown conversation' } });
    return undefined;
  }
  return conv;
}

const server = restify.createServer({ name: 'bare', handleUncaughtExceptions: false });
// Idle connections kept as long as the hub keeps them (src/web/server.ts), so both meet the driver alike.
server.server.keepAliveTimeout = 65_000;
server.server.headersTimeout = 70_000;
server.use(restify.plugins.queryParser({ mapParams: false }));
server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 256 * 1024 }));

server.post('/api/v1/conversations', (_req, res, next) => {
  const id = randomBytes(12).toString('base64url');
  const conv: Conversation = { token: randomBytes(24).toString('base64url'), messages: [], waiters: new Set(), sockets: new Set() };
  conversations.set(id, conv);
  append(conv, 'bot', 'Bienvenue.');
  res.send(201, { id, token: conv.token });
  next();
});

server.post('/api/v1/conversations/:id/messages', (req, res, next) => {
  const conv = owned(req, res);
  if (!conv) return next();
  const text = String(req.body?.text ?? '').trim();
  if (!text) res.send(400, { error: { code: 'empty_text', message: '"text" is empty' } });
  else res.send(202, { seq: citizenSays(req.params.id, conv, text) });
  next();
});

server.get('/api/v1/conversations/:id/messages', (req, res, next) => {
  const conv = owned(req, res);
  if (!conv) return next();
  const after = Math.max(0, Number(req.query.after) || 0);
  const wait = Math.min(MAX_WAIT, Math.max(0, Number(req.query.wait) || 0));
  const answer = () => {
    res.send(200, { messages: conv.messages.slice(after) });
    next();
  };
  if (conv.messages.length > after || !wait) return answer();
  const wake = () => {
    clearTimeout(timer);
    answer();
  };
  const timer = setTimeout(() => {
    conv.waiters.delete(wake);
    answer();
  }, wait);
  conv.waiters.add(wake);
  res.once('close', () => {
    clearTimeout(timer);
    conv.waiters.delete(wake);
  });
});

server.post('/api/v1/agent/conversations/:id/messages', (req, res, next) => {
  const conv = conversations.get(req.params.id);
  if (!conv) res.send(404, { error: { code: 'not_found', message: 'unknown conversation' } });
  else {
    append(conv, 'agent', String(req.body?.text ?? ''));
    res.send(200, {});
  }
  next();
});

const CHAT = /^\/api\/v1\/conversations\/([^/?]+)\/socket(?:\?.*)?$/;
const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

server.server.on('upgrade', (req: IncomingMessage, socket, head) => {
  const url = req.url ?? '';
  const chat = CHAT.exec(url);
  if (!chat && !url.startsWith('/api/v1/agent/socket')) return socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
  wss.handleUpgrade(req, socket, head, (ws) => {
    if (chat) serveChat(ws, decodeURIComponent(chat[1]));
    else serveConsole(ws);
  });
});

function serveChat(ws: WebSocket, id: string): void {
  let conv: Conversation | undefined;
  ws.on('message', (data) => {
    let frame: { type?: string; token?: string; text?: string; ref?: unknown };
    try {
      frame = JSON.parse(String(data));
    } catch {
      return;
    }
    if (frame.type === 'auth') {
      const found = conversations.get(id);
      if (!found || found.token !== frame.token) return ws.close(4404, 'unknown conversation');
      conv = found;
      conv.sockets.add(ws);
      ws.send(JSON.stringify({ type: 'messages', messages: conv.messages }));
      return;
    }
    if (conv && frame.type === 'message' && typeof frame.text === 'string')
      ws.send(JSON.stringify({ type: 'ack', seq: citizenSays(id, conv, frame.text), ref: frame.ref }));
  });
  ws.on('close', () => conv?.sockets.delete(ws));
  ws.on('error', () => ws.terminate());
}

function serveConsole(ws: WebSocket): void {
  ws.once('message', () => {
    consoles.add(ws);
    ws.send(JSON.stringify({ type: 'ready' }));
  });
  ws.on('close', () => consoles.delete(ws));
  ws.on('error', () => ws.terminate());
}

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.server.address() as AddressInfo;
  console.log(`listening on http://127.0.0.1:${port}`);
});

const stop = () => {
  server.server.closeAllConnections?.();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
process.on('message', (m: { type?: string }) => {
  if (m?.type !== 'gc') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.({ type: 'gc-done', memory: process.memoryUsage() });
});
