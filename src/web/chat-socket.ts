/** The web chat's live link: a WebSocket per open widget, resuming from the last seq it saw.
 * Frames are JSON: client {type:"auth"|"message"|"typing"}, server {type:"messages"|"ack"|"error"|"typing"}. */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { streamTranscript } from '../conversations/stream.js';
import { HttpError } from './http.js';
import { toInbound } from './citizen-api.js';
import { closeUnlessAuthenticated, parseFrame, sendErrorFrame, sendFrame } from './socket-frames.js';
import { LIMITS } from './rate-limit.js';
import type { WebContext } from './context.js';

const PATH = /^\/api\/v1\/conversations\/([^/?]+)\/socket(?:\?.*)?$/;
const MAX_FRAME_BYTES = 64 * 1024;

/** Accepts chat sockets on the HTTP server's upgrade event. */
export function attachChatSocket(server: HttpServer, ctx: WebContext): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = PATH.exec(req.url ?? '');
    if (!match) return; // other upgrade handlers (the console) may take it
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, decodeURIComponent(match[1]), ctx));
  });
  return wss;
}

function serve(ws: WebSocket, id: string, ctx: WebContext): void {
  let authed = false;
  let closed = false;
  let unsubscribe: (() => void) | undefined;
  let offTyping: (() => void) | undefined;
  let lastTyping = 0;
  const send = (frame: unknown): void => sendFrame(ws, frame);
  const authenticated = closeUnlessAuthenticated(ws);

  ws.on('message', async (data) => {
    let frame: Record<string, unknown> = {};
    try {
      frame = parseFrame(data);
      if (frame.type === 'auth') {
        if (authed) return;
        if (typeof frame.token !== 'string' || !(await ctx.store.verifyToken(id, frame.token))) {
          sendErrorFrame(ws, new HttpError(404, 'not_found', 'unknown conversation'));
          return ws.close(4404, 'unknown conversation');
        }
        authenticated();
        authed = true;
        offTyping = ctx.console.bus.onTyping(id, 'agent', () => send({ type: 'typing', from: 'agent' }));
        unsubscribe = await streamTranscript({
          events: ctx.events, conversationId: id, after: Math.max(0, Number(frame.after) || 0),
          readAfter: (seq) => ctx.store.messages(id, seq), keep: (m) => !m.internal,
          push: (messages) => send({ type: 'messages', messages }),
        });
        if (closed) unsubscribe(); // the socket went away while the backlog was read
        return;
      }
      if (!authed) return sendErrorFrame(ws, new HttpError(401, 'unauthorized', 'send {"type":"auth","token":...} first'));
      if (frame.type === 'message') {
        await ctx.limiter.hit('message', id, LIMITS.citizenMessage);
        const { seq } = await ctx.hub.receive(toInbound(id, 'web', frame, ctx.maxMessageChars));
        return send({ type: 'ack', seq, ref: frame.ref });
      }
      if (frame.type === 'typing') {
        // Ephemeral, never stored; the widget already sends it at most every few seconds.
        const now = Date.now();
        if (now - lastTyping >= 1000) ctx.console.bus.typing(id, 'citizen');
        lastTyping = now;
        return;
      }
      sendErrorFrame(ws, new HttpError(400, 'unknown_frame', `unknown frame type "${String(frame.type)}"`), frame.ref);
    } catch (err) {
      sendErrorFrame(ws, err, frame.ref);
    }
  });
  ws.on('close', () => {
    authenticated();
    closed = true;
    unsubscribe?.();
    offTyping?.();
  });
  ws.on('error', () => ws.terminate());
}
