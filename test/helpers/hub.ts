/** Starts a whole hub in this process against a test Redis, on an ephemeral port. */
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config.js';
import { startTestRedis, type TestRedis } from './redis.js';
import { createLogger } from '../../src/log.js';
import type { Clock } from '../../src/core/clock.js';
import type { ConfirmWrite } from '../../src/redis/sentinel-confirmation.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
/** Content used by hub tests (the real flows/ and knowledge/ unless TEST_CONTENT_DIR says otherwise). */
export const CONTENT_DIR = process.env.TEST_CONTENT_DIR || ROOT;

/** The hub secret of test hubs (several hubs of one test must share it, as in production). */
export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

export interface TestHub {
  app: App;
  url: string;
  stop(): Promise<void>;
}

export async function startTestHub(
  redisUrl: string,
  env: Record<string, string> = {},
  options: { clock?: Clock; watchContent?: boolean; confirmWrite?: ConfirmWrite } = {},
): Promise<TestHub> {
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_URL: redisUrl, CONTENT_DIR, RATE_LIMITS: 'off', RELAIS_SECRET: TEST_SECRET, ...env });
  const { clock, watchContent, confirmWrite } = options;
  const app = await createApp(config, { log: createLogger(process.env.TEST_LOG || 'silent'), clock, watchContent, confirmWrite });
  const url = await app.listen();
  return { app, url, stop: () => app.stop() };
}

/** A private Redis and a hub for one `describe`, started before its tests and stopped after.
 * Read `hub` and `redis` inside the tests (they exist once `before` has run). `env` may be a function,
 * read when the hub starts: for a value known only then, such as the address of a fake server a `before`
 * declared earlier started (an `after` declared later runs after the hub has stopped). */
export function useTestHub(
  env: Record<string, string> | (() => Record<string, string>) = {},
  options: { clock?: Clock; confirmWrite?: ConfirmWrite } = {},
): { hub: TestHub; redis: TestRedis } {
  const running = {} as { hub: TestHub; redis: TestRedis };
  before(async function () {
    // A run's first hub pays its process's one-time costs (modules compiled on first import, content read):
    // ~1.2 s here, but once over 20 s on a slow CI machine, failing the first suite's hook.
    this.timeout(60_000);
    running.redis = await startTestRedis();
    running.hub = await startTestHub(running.redis.url, typeof env === 'function' ? env() : env, options);
  });
  after(async () => {
    await running.hub?.stop();
    await running.redis?.stop();
  });
  return running;
}

/** fetch + JSON, returning status and body. */
export async function call(url: string, init: { method?: string; token?: string; body?: unknown; raw?: string } = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined || init.raw !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method: init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.raw ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}

/** The agents' queue entry of a conversation once it shows (undefined if it never does): the entry
 * follows the hand-off's event, after the citizen's notice, so a test that read the notice reads the
 * queue until it is there (100 reads, a turn of the event loop between them, no sleep). */
export async function waitForQueueEntry(url: string, agentToken: string, id: string): Promise<any> {
  for (let tries = 0; tries < 100; tries++) {
    if (tries) await new Promise((resolve) => setImmediate(resolve));
    const { body: queue } = await call(`${url}/api/v1/agent/queue`, { token: agentToken });
    const entry = queue.waiting.find((w: { id: string }) => w.id === id);
    if (entry) return entry;
  }
  return undefined;
}

/** Polls the citizen's messages until `predicate` matches one (long-poll, so no busy loop). */
export async function waitForMessage(url: string, id: string, token: string, predicate: (m: any) => boolean, after = 0, timeoutMs = 10_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let cursor = after;
  while (Date.now() < deadline) {
    const { body } = await call(`${url}/api/v1/conversations/${id}/messages?after=${cursor}&wait=2000`, { token });
    for (const m of body.messages ?? []) {
      if (predicate(m)) return m;
      cursor = Math.max(cursor, m.seq);
    }
  }
  throw new Error('expected message did not arrive');
}

/** Copies the `flows/` and `knowledge/` of `from` into `dir` (a content folder a test may edit). */
export function copyContent(from: string, dir: string): void {
  for (const sub of ['flows', 'knowledge']) cpSync(join(from, sub), join(dir, sub), { recursive: true });
}
