/** Mounts channel webhooks on restify with the raw body kept (platform signatures are over raw bytes). */
import type { Request, Response, Server } from 'restify';
import type { WebhookRegistrar, WebhookRequest, WebhookResponse } from '../core/channel.js';
import { readBody, route } from './http.js';
import type { Logger } from '../log.js';

const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** A registrar that adds routes to `server`. */
export function webhookRegistrar(server: Server, log: Logger): WebhookRegistrar {
  const mount = (method: 'get' | 'post') => (path: string, handler: (req: WebhookRequest) => Promise<WebhookResponse>) => {
    server[method](
      path,
      route(async (req: Request, res: Response) => {
        const rawBody = method === 'post' ? await readBody(req, MAX_WEBHOOK_BYTES) : Buffer.alloc(0);
        const answer = await handler({
          method: req.method ?? method.toUpperCase(),
          path: req.path(),
          rawBody,
          remoteAddress: req.socket?.remoteAddress ?? '',
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])),
          query: Object.fromEntries(Object.entries((req.query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, v === undefined ? undefined : String(v)])),
        });
        if (typeof answer.body === 'string') {
          res.writeHead(answer.status, { 'Content-Type': 'text/plain; charset=utf-8', ...answer.headers });
          res.end(answer.body);
        } else {
          for (const [k, v] of Object.entries(answer.headers ?? {})) res.setHeader(k, v);
          res.send(answer.status, answer.body ?? {});
        }
      }, log),
    );
  };
  return { get: mount('get'), post: mount('post') };
}
