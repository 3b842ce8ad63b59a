/** The web chat's live link: a WebSocket per open widget, resuming from the last seq it saw.
 * Frames are JSON: client {type:"auth"|"message"|"typing"}, server {type:"messages"|"ack"|"error"|"typing"};
 * their names and shapes are shared with the page in public/chat/frames.js. */
import { WebSocketServer, type WebSocket } from 'ws';
import { streamTranscript } from '../conversations/stream.js';
import { HttpError } from './http.js';
import { citizenView } from '../core/messages.js';
import { storedSeq, toInbound } from './citizen-api.js';
import { webChannel } from './pull-channels.js';
import { closeUnlessAuthenticated, frameAfter, parseFrame, sendErrorFrame, sendFrame } from './socket-frames.js';
import { CLIENT_FRAME, SERVER_FRAME, type ServerFrame } from './public/chat/frames.js';
import { countCitizenMessage } from './rate-limit.js';
import type { CitizenParts } from './context.js';
import type { UpgradeRoute } from './upgrades.js';

const PATH = /^\/api\/v1\/conversations\/([^/?]+)\/socket(?:\?.*)?$/;
const MAX_FRAME_BYTES = 64 * 1024;

/** The chat socket's endpoint, for the upgrade router (upgrades.ts): one per conversation path. */
export function chatSocketRoute(ctx: CitizenParts): UpgradeRoute {
  return {
    path: PATH,
    wss: new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES }),
    // A malformed escape (%E0%A4%A) throws here, and the router answers 400: never a crash.
    keyOf: (match) => decodeURIComponent(match[1]),
    accept: (ws, match) => serve(ws, decodeURIComponent(match[1]), ctx),
  };
}

function serve(ws: WebSocket, id: string, ctx: CitizenParts): void {
  /** The token the socket authenticated with (undefined until then): the citizen's budget is counted under it. */
  let token: string | undefined;
  let closed = false;
  let unsubscribe: (() => void) | undefined;
  let offTyping: (() => void) | undefined;
  let offErased: (() => void) | undefined;
  let lastTyping = 0;
  const send = (frame: ServerFrame): void => sendFrame(ws, frame);
  const authenticated = closeUnlessAuthenticated(ws);

  ws.on('message', async (data) => {
    let frame: Record<string, unknown> = {};
    try {
      frame = parseFrame(data);
      if (frame.type === CLIENT_FRAME.auth) {
        if (token !== undefined) return;
        const after = frameAfter(frame.after); // checked first: a bad one leaves the socket unauthenticated, not silent
        if (typeof frame.token !== 'string' || !(await ctx.store.verifyToken(id, frame.token))) {
          sendErrorFrame(ws, new HttpError(404, 'not_found', 'unknown conversation'));
          return ws.close(4404, 'unknown conversation');
        }
        authenticated();
        token = frame.token;
        offTyping = ctx.console.bus.onTyping(id, 'agent', () => send({ type: SERVER_FRAME.typing, from: 'agent' }));
        // A quick exit (from this socket's page or anywhere else) ends the link at once.
        offErased = ctx.events.onErased(id, () => {
          sendErrorFrame(ws, new HttpError(404, 'not_found', 'unknown conversation'));
          ws.close(4404, 'unknown conversation');
        });
        unsubscribe = await streamTranscript({
          events: ctx.events,
          conversationId: id,
          after,
          readAfter: (seq) => ctx.store.messages(id, seq),
          keep: (m) => !m.internal,
          push: (messages) => send({ type: SERVER_FRAME.messages, messages: messages.map(citizenView) }),
        });
        if (closed) unsubscribe(); // the socket went away while the backlog was read
        return;
      }
      if (token === undefined) return sendErrorFrame(ws, new HttpError(401, 'unauthorized', 'send {"type":"auth","token":...} first'));
      if (frame.type === CLIENT_FRAME.message) {
        await countCitizenMessage(ctx.limiter, id, token);
        const seq = storedSeq(
          await ctx.hub.receive({
            channel: webChannel.id,
            sender: { conversationId: id },
            message: toInbound(frame, ctx.maxMessageChars, frame.idempotencyKey),
          }),
        );
        return send({ type: SERVER_FRAME.ack, seq, ref: frame.ref });
      }
      if (frame.type === CLIENT_FRAME.typing) {
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
    offErased?.();
  });
  ws.on('error', () => ws.terminate());
}
