/** One listener for the HTTP server's WebSocket upgrades: each known path goes to its socket
 * server, within the caps on open sockets; anything else is refused at once (an unanswered upgrade
 * used to stay open for minutes). */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { HOLD_LIMITS, type Holds } from './holds.js';

/** A socket endpoint: its path, its server, and what to do with an accepted socket. */
export interface UpgradeRoute {
  path: RegExp;
  wss: WebSocketServer;
  /** The conversation (or other key) a socket is for, from the path's match; undefined: none. */
  keyOf?: (match: RegExpExecArray) => string | undefined;
  accept: (ws: import('ws').WebSocket, match: RegExpExecArray, req: IncomingMessage) => void;
}

/** Answers an upgrade with an HTTP status and closes the connection. */
function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Routes upgrades; `address` says who is calling (the trusted-proxy rule). */
export function routeUpgrades(server: HttpServer, routes: UpgradeRoute[], holds: Holds, address: (req: IncomingMessage) => string): void {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = req.url ?? '';
    for (const route of routes) {
      const match = route.path.exec(url);
      if (!match) continue;
      let key: string | undefined;
      try {
        key = route.keyOf?.(match);
      } catch {
        return refuse(socket, 400, 'Bad Request'); // a malformed escape in the path (%E0%A4%A)
      }
      const caps: { key: string; max: number }[] = [{ key: `addr:${address(req)}`, max: HOLD_LIMITS.socketsPerAddress }];
      if (key) caps.push({ key: `conv:${key}`, max: HOLD_LIMITS.socketsPerConversation });
      const release = holds.take(caps);
      if (!release) return refuse(socket, 429, 'Too Many Requests');
      socket.once('close', release);
      route.wss.handleUpgrade(req, socket, head, (ws) => {
        ws.once('close', release);
        route.accept(ws, match, req);
      });
      return;
    }
    refuse(socket, 404, 'Not Found');
  });
}
