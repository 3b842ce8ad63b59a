/** Environment → typed configuration; every name here is mirrored in .env.example. */
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  redisUrl?: string;
  dataDir: string;
  contentDir: string;
  /** Prefix of every Redis key the hub writes (Bull queues included). */
  redisPrefix: string;
  retentionHours: number;
  rateLimits: boolean;
  /** Secret for keyed hashes of platform user ids; generated and kept in Redis when unset. */
  hashSecret?: string;
  translateUrl?: string;
  /** Largest citizen message, in characters. */
  maxMessageChars: number;
  /** Below this triage confidence the bot asks one clarifying question. */
  confidenceThreshold: number;
  agentSessionHours: number;
  env: Record<string, string | undefined>;
}

/** Reads the configuration; throws one readable error per bad value. */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const root = process.cwd();
  return {
    port: integer(env, 'PORT', 3978, 0, 65535),
    host: env.HOST || '127.0.0.1',
    redisUrl: env.REDIS_URL || undefined,
    dataDir: resolve(root, env.DATA_DIR || 'var'),
    contentDir: resolve(root, env.CONTENT_DIR || '.'),
    redisPrefix: env.REDIS_PREFIX || 'relais',
    retentionHours: integer(env, 'RETENTION_HOURS', 24, 0, 24 * 365),
    rateLimits: (env.RATE_LIMITS || 'on') !== 'off',
    hashSecret: env.HASH_SECRET || undefined,
    translateUrl: env.TRANSLATE_URL || undefined,
    maxMessageChars: integer(env, 'MAX_MESSAGE_CHARS', 4000, 1, 100_000),
    confidenceThreshold: Number(env.TRIAGE_CONFIDENCE_THRESHOLD || 0.45),
    agentSessionHours: integer(env, 'AGENT_SESSION_HOURS', 12, 1, 24 * 30),
    env,
  };
}

function integer(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
}
