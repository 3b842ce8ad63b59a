/** The web chat's live link: a WebSocket per open widget, resuming from the last seq it saw.
 * Frames are JSON: client {type:"auth"|"message"|"typing"}, server {type:"messages"|"ack"|"error"|"typing"}. */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { HttpError } from './http.js';
import { HubError } from '../hub/errors.js';
import { toInbound } from './citizen-api.js';
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
  let unsubscribe: (() => void) | undefined;
  let offTyping: (() => void) | undefined;
  let lastTyping = 0;
  let lastSent = 0;
  const send = (frame: unknown): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const fail = (err: unknown, ref?: unknown): void => {
    const { code, message } = err instanceof HttpError || err instanceof HubError
      ? { code: err.code, message: err.message }
      : { code: 'internal', message: 'something went wrong on our side; please try again' };
    send({ type: 'error', error: { code, message }, ...(ref !== undefined ? { ref } : {}) });
  };
  const authTimer = setTimeout(() => ws.close(4401, 'auth expected'), 10_000);

  ws.on('message', async (data) => {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(String(data));
      if (typeof frame !== 'object' || frame === null) throw new Error();
    } catch {
      return fail(new HttpError(400, 'invalid_json', 'frames must be JSON objects'));
    }
    try {
      if (frame.type === 'auth') {
        if (unsubscribe) return;
        if (typeof frame.token !== 'string' || !(await ctx.store.verifyToken(id, frame.token))) {
          fail(new HttpError(404, 'not_found', 'unknown conversation'));
          return ws.close(4404, 'unknown conversation');
        }
        clearTimeout(authTimer);
        offTyping = ctx.console.bus.onTyping(id, 'agent', () => send({ type: 'typing', from: 'agent' }));
        lastSent = Math.max(0, Number(frame.after) || 0);
        // Subscribe first, then read the backlog; events during the read are caught by a second read.
        let live = false;
        unsubscribe = ctx.events.on(id, (m) => {
          if (!live || m.internal || m.seq <= lastSent) return;
          lastSent = m.seq;
          send({ type: 'messages', messages: [m] });
        });
        const backlog = await ctx.store.messages(id, lastSent);
        live = true;
        const backlogEnd = Math.max(lastSent, backlog.at(-1)?.seq ?? 0);
        lastSent = Math.max(lastSent, backlogEnd);
        send({ type: 'messages', messages: backlog });
        const missed = await ctx.store.messages(id, backlogEnd); // the client drops seqs it already has
        if (missed.length) {
          lastSent = Math.max(lastSent, missed.at(-1)!.seq);
          send({ type: 'messages', messages: missed });
        }
        return;
      }
      if (!unsubscribe) return fail(new HttpError(401, 'unauthorized', 'send {"type":"auth","token":...} first'));
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
      fail(new HttpError(400, 'unknown_frame', `unknown frame type "${String(frame.type)}"`), frame.ref);
    } catch (err) {
      fail(err, frame.ref);
    }
  });
  ws.on('close', () => {
    clearTimeout(authTimer);
    unsubscribe?.();
    offTyping?.();
  });
  ws.on('error', () => ws.terminate());
}
