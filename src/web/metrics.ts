/** Prometheus metrics (prom-client): anonymous counters, queue depth and the Node process, on a
 * registry of this app's own (several hubs may share one process). GET /metrics is protected:
 * METRICS_TOKEN as a bearer token, or loopback callers only when it is unset. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Request, Response } from 'restify';
import type { StatsSnapshot } from '../stats/stats.js';
import { COUNTERS } from '../stats/stats.js';
import { clientIp } from './citizen-api.js';
import type { WebParts } from './context.js';
import { bearer, HttpError, route } from './http.js';
import type { Limit } from './rate-limit.js';

/** Scrapes allowed per address (Prometheus scrapes every 15 to 60 s). */
export const METRICS_LIMIT: Limit = { max: 60, windowSeconds: 60 };

interface Figures {
  snapshot: StatsSnapshot;
  waiting: { urgent: number; normal: number };
}

/** A registry of this app's own, read at scrape time: the stats counters and the queue are read
 * once per scrape, shared by every metric. */
export function createMetricsRegistry(ctx: Pick<WebParts, 'handoff' | 'stats'>): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  let pending: Promise<Figures> | undefined;
  const load = async (): Promise<Figures> => {
    // Two counts on the queue's sorted index, never the entries themselves.
    const [snapshot, count] = await Promise.all([ctx.stats.snapshot(), ctx.handoff.count()]);
    return { snapshot, waiting: { urgent: count.urgent, normal: count.all - count.urgent } };
  };
  // The collects of one scrape start together: they share one read, the next scrape reads again.
  const figures = (): Promise<Figures> => {
    pending ??= load().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  for (const counter of COUNTERS) {
    new Counter({
      name: `relais_${counter}_total`,
      help: `Anonymous counter: ${counter.replace(/_/g, ' ')} (all time).`,
      registers: [registry],
      async collect() {
        const { snapshot } = await figures();
        this.reset();
        this.inc(snapshot.counters[counter]);
      },
    });
  }
  new Counter({
    name: 'relais_satisfaction_total',
    help: 'Satisfaction answers by rating (1 to 5), all time.',
    labelNames: ['rating'],
    registers: [registry],
    async collect() {
      const { snapshot } = await figures();
      this.reset();
      for (const [rating, count] of Object.entries(snapshot.satisfaction)) this.inc({ rating }, count);
    },
  });
  new Gauge({
    name: 'relais_queue_waiting',
    help: 'Conversations waiting for an agent, urgent or not.',
    labelNames: ['urgent'],
    registers: [registry],
    async collect() {
      const { waiting } = await figures();
      this.set({ urgent: 'true' }, waiting.urgent);
      this.set({ urgent: 'false' }, waiting.normal);
    },
  });
  return registry;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8 or ::1 (IPv4-mapped forms included). */
export function isLoopback(address: string | undefined): boolean {
  const family = address ? isIP(address) : 0;
  if (!address || !family) return false;
  return LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Without a token: a caller on this machine, not a request relayed by a local reverse proxy. */
export function isLocalCaller(remoteAddress: string | undefined, headers: IncomingHttpHeaders): boolean {
  const relayed = Boolean(headers.forwarded || headers['x-forwarded-for'] || headers['x-real-ip']);
  return !relayed && isLoopback(remoteAddress);
}

/** Compares in constant time (both sides hashed first, so the length does not show either). */
export function tokenMatches(given: string, expected: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected)) && given.length > 0;
}

/** The GET /metrics handler: per-address budget, then the token (or loopback), then the text. */
export function metricsRoute(ctx: Pick<WebParts, 'handoff' | 'stats' | 'limiter' | 'log'>, options: { token?: string } = {}) {
  const registry = createMetricsRegistry(ctx);
  const token = options.token || undefined;
  if (token && token.length < 16) ctx.log.warn('METRICS_TOKEN is short: use at least 32 random characters');
  return route(async (req: Request, res: Response) => {
    await ctx.limiter.hit('metrics', clientIp(req), METRICS_LIMIT);
    if (token) {
      if (!tokenMatches(bearer(req), token)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        throw new HttpError(401, 'unauthorized', 'metrics need the Authorization: Bearer <METRICS_TOKEN> header');
      }
    } else if (!isLocalCaller(req.socket?.remoteAddress, req.headers)) {
      throw new HttpError(403, 'forbidden', 'metrics answer only on this machine unless METRICS_TOKEN is set');
    }
    const body = await registry.metrics();
    res.writeHead(200, { 'Content-Type': registry.contentType });
    res.end(body);
  }, ctx.log);
}
