/** Environment → typed configuration; every name here is mirrored in .env.example. */
import { resolve } from 'node:path';
import { parseTrustProxy, type TrustProxy } from './web/client-address.js';

export interface Config {
  port: number;
  host: string;
  redisUrl?: string;
  /** REDIS_SENTINELS ("host:port,host:port") and REDIS_SENTINEL_NAME: a primary that may fail over. */
  sentinels?: { host: string; port: number }[];
  sentinelName?: string;
  dataDir: string;
  contentDir: string;
  /** Prefix of every Redis key the hub writes (Bull queues included). */
  redisPrefix: string;
  retentionHours: number;
  /** A conversation left with the bot this long is closed (and so purged after the retention). */
  botIdleMs: number;
  rateLimits: boolean;
  /** The hub's secret (keyed hashes, sealed addresses); a file under DATA_DIR when unset. */
  secret?: string;
  translateUrl?: string;
  /** One request to the translation server, at most (TRANSLATE_TIMEOUT_MS, default 3 s). */
  translateTimeoutMs: number;
  /** What machine translation for citizens starts from (TRANSLATE_SOURCE: fr or en). */
  translateSource: 'fr' | 'en';
  /** How long a translation of the hub's own words is cached in Redis (TRANSLATE_CACHE_HOURS). */
  translateCacheHours: number;
  /** Which reverse proxies may name the caller's address (X-Forwarded-For). */
  trustProxy: TrustProxy;
  /** How long the audit log keeps an entry (and so a conversation id), in days. */
  auditRetentionDays: number;
  /** Bearer token for /metrics (unset: loopback callers only). */
  metricsToken?: string;
  /** Largest citizen message, in characters. */
  maxMessageChars: number;
  /** Below this triage confidence the bot asks one clarifying question. */
  confidenceThreshold: number;
  agentSessionHours: number;
  /** Hand-off routing: agents pick from the queue, or the hub assigns the least-busy available agent. */
  routingMode: 'pick' | 'auto';
  /** Most conversations the hub assigns to one agent at once (auto routing). */
  agentCapacity: number;
  /** How long a console may stay disconnected before its agent's conversations go back to the queue. */
  agentGraceMs: number;
  /** A citizen silent this long after an agent's message is closed politely (0 = never). */
  citizenIdleMs: number;
  /** Time zone of the supervisors' "today" and hourly figures. */
  statsTimeZone: string;
  /** SMTP server for the agents' e-mailed answers (smtp://user:pass@host:port); e-mail is off when unset. */
  smtpUrl?: string;
  /** The sender of those e-mails. */
  mailFrom: string;
  /** Where the widget's "Quitter et effacer" takes the citizen (a neutral page, replacing the chat in the history). */
  quickExitUrl: string;
  /** Origins (scheme://host[:port]) of the sites that may embed the chat bubble (widget.js); none by default. */
  widgetOrigins: string[];
  /** WIDGET_THEME: the citizen pages' look; `dsfr` needs the State design system installed by the operator (docs/theme-dsfr.md). */
  widgetTheme: 'neutral' | 'dsfr';
  /** DSFR_DIR: the installed `@gouvfr/dsfr` folder (the one holding dist/), when not found in node_modules. */
  dsfrDir?: string;
  /** Outgoing webhooks (OUTGOING_WEBHOOKS): where hand-offs, urgent conversations and closings are POSTed, signed. */
  outgoingWebhooks: { urls: string[]; secret: string; timeoutMs: number } | undefined;
  env: Record<string, string | undefined>;
}

/** Reads the configuration; throws one readable error per bad value. */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const root = process.cwd();
  return {
    port: integer(env, 'PORT', 3978, 0, 65535),
    host: env.HOST || '127.0.0.1',
    redisUrl: env.REDIS_URL || undefined,
    sentinels: sentinelList(env.REDIS_SENTINELS),
    sentinelName: env.REDIS_SENTINEL_NAME || 'relais',
    dataDir: resolve(root, env.DATA_DIR || 'var'),
    contentDir: resolve(root, env.CONTENT_DIR || '.'),
    redisPrefix: env.REDIS_PREFIX || 'relais',
    retentionHours: integer(env, 'RETENTION_HOURS', 24, 0, 24 * 365),
    botIdleMs: integer(env, 'BOT_IDLE_MINUTES', 60, 0, 7 * 24 * 60) * 60_000,
    rateLimits: (env.RATE_LIMITS || 'on') !== 'off',
    // HASH_SECRET: the earlier name, still read.
    secret: env.RELAIS_SECRET || env.HASH_SECRET || undefined,
    translateUrl: env.TRANSLATE_URL || undefined,
    translateTimeoutMs: integer(env, 'TRANSLATE_TIMEOUT_MS', 3000, 100, 60_000),
    translateSource: oneOf(env, 'TRANSLATE_SOURCE', ['fr', 'en'] as const, 'fr'),
    translateCacheHours: integer(env, 'TRANSLATE_CACHE_HOURS', 24 * 7, 1, 24 * 365),
    metricsToken: env.METRICS_TOKEN || undefined,
    auditRetentionDays: integer(env, 'AUDIT_RETENTION_DAYS', 90, 1, 3650),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    maxMessageChars: integer(env, 'MAX_MESSAGE_CHARS', 4000, 1, 100_000),
    confidenceThreshold: Number(env.TRIAGE_CONFIDENCE_THRESHOLD || 0.45),
    agentSessionHours: integer(env, 'AGENT_SESSION_HOURS', 12, 1, 24 * 30),
    routingMode: oneOf(env, 'ROUTING_MODE', ['pick', 'auto'] as const, 'pick'),
    agentCapacity: integer(env, 'AGENT_CAPACITY', 3, 1, 50),
    agentGraceMs: integer(env, 'AGENT_GRACE_SECONDS', 60, 1, 24 * 3600) * 1000,
    citizenIdleMs: Math.round(decimal(env, 'CITIZEN_IDLE_MINUTES', 15, 0, 7 * 24 * 60) * 60_000),
    statsTimeZone: timeZone(env.STATS_TIMEZONE || 'Europe/Paris'),
    smtpUrl: smtpUrl(env.SMTP_URL),
    mailFrom: env.MAIL_FROM || 'Relais <no-reply@localhost>',
    quickExitUrl: webAddress('QUICK_EXIT_URL', env.QUICK_EXIT_URL || 'https://www.google.fr/'),
    widgetOrigins: originList(env.WIDGET_ORIGINS),
    widgetTheme: oneOf(env, 'WIDGET_THEME', ['neutral', 'dsfr'] as const, 'neutral'),
    dsfrDir: env.DSFR_DIR ? resolve(root, env.DSFR_DIR) : undefined,
    outgoingWebhooks: outgoingWebhooks(env),
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

function decimal(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number from ${min} to ${max} (got "${raw}")`);
  return n;
}

function oneOf<T extends string>(env: Record<string, string | undefined>, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${values.join(', ')} (got "${raw}")`);
  return raw as T;
}

function timeZone(name: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
  } catch {
    throw new Error(`STATS_TIMEZONE must be an IANA time zone such as Europe/Paris (got "${name}")`);
  }
  return name;
}

/** An smtp:// or smtps:// address; undefined when unset. */
function smtpUrl(raw: string | undefined): string | undefined {
  if (!raw?.trim()) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error('SMTP_URL must look like smtp://user:password@host:587 (or smtps:// for implicit TLS)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`SMTP_URL must start with smtp:// or smtps:// (got "${url.protocol}")`);
  return url.toString();
}

/** An http(s) address the citizen's browser may be sent to. */
function webAddress(name: string, raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:')
    throw new Error(`${name} must be an http(s) address such as https://www.google.fr/ (got "${raw}")`);
  return url.toString();
}

/** "https://www.example.gouv.fr, http://localhost:8080" → each origin exactly as a browser names it.
 * A path, a query or a wildcard is refused: the list goes verbatim into a CSP's frame-ancestors. */
export function originList(raw: string | undefined): string[] {
  return httpUrls(raw, (url, part) => {
    if (url?.origin !== part.replace(/\/$/, ''))
      throw new Error(`WIDGET_ORIGINS lists origins such as https://www.example.gouv.fr or http://localhost:8080 (got "${part}")`);
    return url.origin;
  });
}

/** A comma-separated list read by `take`, given each entry as an http(s) URL (undefined when it is not one). */
function httpUrls(raw: string | undefined, take: (url: URL | undefined, part: string) => string): string[] {
  if (!raw?.trim()) return [];
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      let url: URL | undefined;
      try {
        url = new URL(part);
      } catch {
        url = undefined;
      }
      return take(url?.protocol === 'https:' || url?.protocol === 'http:' ? url : undefined, part);
    });
}

/** OUTGOING_WEBHOOKS (comma-separated http(s) URLs) with the OUTGOING_WEBHOOK_SECRET that signs them
 * (required: an unsigned event could be forged by anyone who finds the receiver). */
function outgoingWebhooks(env: Record<string, string | undefined>): Config['outgoingWebhooks'] {
  if (!env.OUTGOING_WEBHOOKS?.trim()) return undefined;
  const urls = httpUrls(env.OUTGOING_WEBHOOKS, (url, part) => {
    if (!url) throw new Error(`OUTGOING_WEBHOOKS lists http(s) URLs separated by commas (got "${part}")`);
    return url.toString();
  });
  const secret = env.OUTGOING_WEBHOOK_SECRET ?? '';
  if (secret.length < 32) throw new Error('OUTGOING_WEBHOOK_SECRET must be set, 32 characters or more, when OUTGOING_WEBHOOKS is');
  return { urls, secret, timeoutMs: integer(env, 'OUTGOING_WEBHOOK_TIMEOUT_MS', 5000, 100, 60_000) };
}

/** "10.0.0.1:26379, 10.0.0.2:26379" → [{host, port}]; undefined when unset. */
function sentinelList(raw: string | undefined): { host: string; port: number }[] | undefined {
  if (!raw?.trim()) return undefined;
  return raw.split(',').map((part) => {
    const match = /^\s*\[?([^\]\s]+?)\]?:(\d{1,5})\s*$/.exec(part);
    if (!match) throw new Error(`REDIS_SENTINELS must list host:port pairs separated by commas (got "${part.trim()}")`);
    return { host: match[1], port: Number(match[2]) };
  });
}
