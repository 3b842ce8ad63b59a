/** The load driver's HTTP client: node:http with keep-alive agents (cheaper per request than fetch,
 * and each agent may bind its own loopback source address, as distinct citizens would have). */
import http from 'node:http';

export interface Reply {
  status: number;
  body: any;
}

/**
 * How long the driver keeps an idle connection at most. Its real purpose is to switch on the server's hint:
 * Node's agent follows a `Keep-Alive: timeout=N` answer (closing idle sockets 1 s before N) only when it has
 * a timeout of its own, above N. Without one it kept idle sockets for ever, and a socket the hub had closed
 * after 65 s idle could be taken, by a driver too busy at that moment to have read the close, for a POST that
 * then failed with ECONNRESET (`npm run bench` at fe945f8: four at 1,000 messages/s). Browsers and nginx
 * (60 s) close theirs first too. Requests keep their own timeout (`request`'s `timeoutMs`).
 */
const IDLE_CEILING_MS = 10 * 60_000;

/** Requests to one base URL, which must be on loopback (127.0.0.0/8): the bench loads nothing else. */
export class Client {
  readonly host: string;
  readonly port: number;
  private readonly agents = new Map<string, http.Agent>();

  constructor(readonly base: string) {
    const u = new URL(base);
    if (!/^127\.\d+\.\d+\.\d+$/.test(u.hostname)) throw new Error(`the bench only targets 127.0.0.0/8, not ${u.hostname}`);
    this.host = u.hostname;
    this.port = Number(u.port);
  }

  /** A keep-alive agent whose connections leave from `localAddress` (one per address). */
  agent(localAddress = '127.0.0.1'): http.Agent {
    let a = this.agents.get(localAddress);
    if (!a) {
      a = new http.Agent({
        keepAlive: true,
        maxSockets: Number.POSITIVE_INFINITY,
        maxFreeSockets: 256,
        localAddress,
        timeout: IDLE_CEILING_MS,
      } as http.AgentOptions);
      this.agents.set(localAddress, a);
    }
    return a;
  }

  /** One JSON request; rejects on network errors and after `timeoutMs`. */
  request(
    method: string,
    path: string,
    init: { token?: string; body?: unknown; from?: string; agent?: http.Agent | false; timeoutMs?: number } = {},
  ): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
      const headers: Record<string, string | number> = {};
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(payload);
      }
      const req = http.request(
        { host: this.host, port: this.port, method, path, headers, agent: init.agent ?? this.agent(init.from), localAddress: init.from },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              /* not JSON */
            }
            resolve({ status: res.statusCode ?? 0, body });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(init.timeoutMs ?? 15_000, () => req.destroy(new Error('client timeout')));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    for (const a of this.agents.values()) a.destroy();
    this.agents.clear();
  }
}

/** The n-th loopback source address of a spread (127.2.x.y, never 127.0.0.1 itself). */
export function loopbackAddress(n: number, block = 2): string {
  return `127.${block}.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}
