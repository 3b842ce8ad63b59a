/** Accountability: every agent action as a capped Redis stream (who, what, when, which conversation).
 * Never the message text, never a citizen identifier beyond the conversation id. */
import type { Redis } from 'ioredis';

/** The actions written to the log. */
export type AuditAction =
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'presence'
  | 'read'
  | 'claim'
  | 'assign'
  | 'reply'
  | 'note'
  | 'transfer'
  | 'requeue'
  | 'close'
  | 'appointment' // confirmed or proposed (never the station or the time)
  | 'auto_close'
  | 'view_audit'
  | 'search' // the desk's history (detail: the state asked for; never the words)
  | 'export' // the daily figures (detail: the range of days)
  | 'edit_canned' // the canned answers changed from the console (detail: how many)
  | 'forward'; // a case e-mailed to a unit (detail: the station id or the unit's address; never the summary)

/** One line of the audit log as stored and served. */
export interface AuditEntry {
  id: string;
  at: string;
  /** The agent's username, or "system" for the hub's own actions (auto-assignment, idle close...). */
  actor: string;
  action: AuditAction;
  conversation?: string;
  /** A short code: an outcome, a presence status, a transfer target. Never free text. */
  detail?: string;
}

const MAX_ENTRIES = 100_000;

/** Appends and reads the audit stream. */
export class AuditLog {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => Date = () => new Date(),
    private readonly retentionDays = 90,
  ) {}

  private get key(): string {
    return `${this.prefix}:audit`;
  }

  /** Writes one entry; the stream keeps the last AUDIT_RETENTION_DAYS, at most about 100,000 entries. */
  async record(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    const fields = ['at', this.now().toISOString(), 'actor', entry.actor, 'action', entry.action];
    if (entry.conversation) fields.push('conversation', entry.conversation);
    if (entry.detail) fields.push('detail', entry.detail.slice(0, 64));
    // Entries older than the retention go as new ones come (stream ids are times): a conversation id
    // must not stay in the log past AUDIT_RETENTION_DAYS.
    const now = this.now().getTime();
    const oldest = now - this.retentionDays * 24 * 3600_000;
    // Ids are the injected clock's milliseconds, so that the retention is measured on one clock.
    await this.redis.xadd(this.key, 'MINID', String(oldest), `${now}-*`, ...fields).catch(async () => {
      await this.redis.xadd(this.key, 'MINID', String(oldest), '*', ...fields); // the clock went back: Redis's own time
    });
    await this.redis.xtrim(this.key, 'MAXLEN', '~', MAX_ENTRIES);
  }

  /** Writes the entry unless the same actor, action and conversation was written in the last `seconds`
   * (a console that polls must not flood the log; a read is still never unaudited). */
  async recordOnce(entry: Omit<AuditEntry, 'id' | 'at'>, seconds: number): Promise<void> {
    const key = `${this.key}:once:${entry.actor}:${entry.action}:${entry.conversation ?? ''}`;
    if ((await this.redis.set(key, '1', 'EX', seconds, 'NX')) === 'OK') await this.record(entry);
  }

  /** Newest first; `before` is an entry id to page back from. */
  async list(options: { limit?: number; before?: string } = {}): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
    const end = options.before ? `(${options.before}` : '+';
    const rows = (await this.redis.xrevrange(this.key, end, '-', 'COUNT', limit)) as [string, string[]][];
    return rows.map(([id, flat]) => {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i]] = flat[i + 1];
      return {
        id,
        at: f.at,
        actor: f.actor,
        action: f.action as AuditAction,
        ...(f.conversation ? { conversation: f.conversation } : {}),
        ...(f.detail ? { detail: f.detail } : {}),
      };
    });
  }
}
