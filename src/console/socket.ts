/** The console's live link at /api/v1/agent/socket: one WebSocket per open console.
 * Client frames: {type: "auth", token} first, then "follow" {id, after}, "unfollow" {id}, "typing" {id},
 * "presence" {status}, "ping". Server frames: "ready", "queue", "mine", "assigned", "messages",
 * "typing", "presence", "stats", "revoked", "erased", "error", "pong". Actions (claim, reply...) stay on HTTP. */
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { can, permissionsOf } from '../agents/roles.js';
import { PRESENCE_STATUSES, type PresenceStatus } from '../handoff/presence.js';
import { streamTranscript } from '../conversations/stream.js';
import { HttpError } from '../web/http.js';
import { closeUnlessAuthenticated, frameAfter, parseFrame, sendErrorFrame, sendFrame } from '../web/socket-frames.js';
import type { AgentParts } from '../web/context.js';
import type { UpgradeRoute } from '../web/upgrades.js';
import { ConsoleLive, type ConsoleClient } from './live.js';

const PATH = /^\/api\/v1\/agent\/socket(?:\?.*)?$/;
const MAX_FRAME_BYTES = 16 * 1024;
const TYPING_EVERY_MS = 1000;

/** The console socket's endpoint, for the upgrade router (upgrades.ts); `stop` ends its live feed. */
export function consoleSocketRoute(ctx: AgentParts): UpgradeRoute & { stop(): void } {
  const live = new ConsoleLive(ctx);
  return {
    path: PATH,
    wss: new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES }),
    accept: (ws) => serve(ws, ctx, live),
    stop: () => live.stop(),
  };
}

function serve(ws: WebSocket, ctx: AgentParts, live: ConsoleLive): void {
  let client: ConsoleClient | undefined;
  let lastTyping = 0;
  const send = (frame: unknown): void => sendFrame(ws, frame);
  const fail = (err: unknown, ref?: unknown): void => sendErrorFrame(ws, err, ref);
  const authenticated = closeUnlessAuthenticated(ws);

  ws.on('message', async (data) => {
    let frame: Record<string, unknown>;
    try {
      frame = parseFrame(data);
    } catch (err) {
      return fail(err);
    }
    try {
      if (frame.type === 'auth') {
        if (client) return;
        const token = typeof frame.token === 'string' ? frame.token : '';
        const session = await ctx.accounts.session(token);
        if (!session) {
          fail(new HttpError(401, 'unauthorized', 'log in first (POST /api/v1/agent/session)'));
          return ws.close(4401, 'unauthorized');
        }
        authenticated();
        client = { ws, connection: randomBytes(9).toString('base64url'), session, token, follows: new Map(), send };
        live.add(client);
        const { presence, routing } = ctx.console;
        if (can(session.role, 'converse')) {
          await presence.connected(session.username, client.connection, session.role === 'agent' ? 'available' : 'away');
          ctx.console.signal({ t: 'presence', agent: session.username });
        }
        const status = (await presence.statusOf([session.username])).get(session.username);
        send({ type: 'ready', me: { ...session, permissions: permissionsOf(session.role) }, routing, status });
        await live.sendQueue(client);
        await live.sendMine(client);
        await live.sendStats(client, 500);
        return;
      }
      if (!client) return fail(new HttpError(401, 'unauthorized', 'send {"type":"auth","token":...} first'), frame.ref);
      const id = typeof frame.id === 'string' ? frame.id : '';
      if (frame.type === 'follow') return await follow(ctx, client, id, frameAfter(frame.after));
      if (frame.type === 'unfollow') {
        client.follows.get(id)?.();
        client.follows.delete(id);
        return;
      }
      if (frame.type === 'typing') {
        const now = Date.now();
        if (!client.follows.has(id) || now - lastTyping < TYPING_EVERY_MS) return;
        lastTyping = now;
        const conv = await ctx.store.get(id);
        if (conv?.mode === 'agent' && conv.agent === client.session.username) ctx.console.bus.typing(id, 'agent');
        return;
      }
      if (frame.type === 'presence') {
        if (!PRESENCE_STATUSES.includes(frame.status as PresenceStatus))
          throw new HttpError(400, 'invalid_status', `status is one of ${PRESENCE_STATUSES.join(', ')}`);
        if (!can(client.session.role, 'converse')) throw new HttpError(403, 'forbidden', 'your role has no presence');
        return await ctx.desk.setPresence(client.session, frame.status as PresenceStatus);
      }
      if (frame.type === 'ping') return send({ type: 'pong', ref: frame.ref });
      fail(new HttpError(400, 'unknown_frame', `unknown frame type "${String(frame.type)}"`), frame.ref);
    } catch (err) {
      fail(err, frame.ref);
    }
  });
  ws.on('close', () => {
    authenticated();
    if (!client) return;
    live.remove(client);
    if (can(client.session.role, 'converse')) {
      const agent = client.session.username;
      void ctx.console.presence.disconnected(agent, client.connection).then(
        () => ctx.console.signal({ t: 'presence', agent }),
        () => {},
      );
    }
  });
  ws.on('error', () => ws.terminate());
}

/** Streams one conversation to a console: the backlog from `after`, then each new message (notes included). */
async function follow(ctx: AgentParts, client: ConsoleClient, id: string, after: number): Promise<void> {
  if (!can(client.session.role, 'converse')) throw new HttpError(403, 'forbidden', 'your role cannot read conversations');
  client.follows.get(id)?.();
  const offTyping = ctx.console.bus.onTyping(id, 'citizen', () => client.send({ type: 'typing', id, from: 'citizen' }));
  try {
    const offMessages = await streamTranscript({
      events: ctx.events,
      conversationId: id,
      after,
      readAfter: (seq) => ctx.desk.messages(client.session, id, seq),
      push: (messages) => client.send({ type: 'messages', id, messages }),
    });
    client.follows.set(id, () => {
      offMessages();
      offTyping();
    });
  } catch (err) {
    offTyping();
    client.follows.delete(id);
    throw err;
  }
}
