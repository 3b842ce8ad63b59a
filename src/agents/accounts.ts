/** Agent, supervisor and editor accounts, and their login sessions, in Redis. */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { hashPassword, verifyPassword } from './passwords.js';

/** The roles an account may have (what each may do: roles.ts). */
export const ROLES = ['agent', 'supervisor', 'editor'] as const;
/** One of ROLES. */
export type Role = (typeof ROLES)[number];

/** What a citizen and colleagues are told about an agent, and what they can handle (routing). */
export interface AgentProfile {
  /** The name shown to citizens with each message, with the grade ("Gendarme Julie"); the username never is. */
  display?: string;
  /** Skills for routing ("vss", languages such as "ar"): knowledge/routing.yaml says which conversations need which. */
  skills?: string[];
}

/** An account as listed (never with its password hash). */
export interface Account extends AgentProfile {
  username: string;
  role: Role;
  createdAt: string;
}

/** A logged-in person, as agent endpoints see them (role and profile are read from the account at each use). */
export interface AgentSession {
  username: string;
  role: Role;
  /** The display name, when the account has one. */
  display?: string;
}

/** A skill name: lower-case letters, digits, "_" or "-" (e.g. "vss", "ar"). */
export const SKILL = /^[a-z0-9_-]{1,32}$/;
const MAX_DISPLAY_CHARS = 60;

/** Checks and tidies a profile (trimmed display name, skills sorted and deduplicated); throws on a bad value. */
export function normaliseProfile(profile: AgentProfile): AgentProfile {
  const out: AgentProfile = {};
  if (profile.display !== undefined) {
    const display = profile.display.trim().replace(/\s+/g, ' ');
    // Control characters would break a transcript line or a log; a name needs none.
    if (!display || display.length > MAX_DISPLAY_CHARS || /\p{Cc}/u.test(display)) throw new Error(`display name: 1 to ${MAX_DISPLAY_CHARS} characters`);
    out.display = display;
  }
  if (profile.skills !== undefined) {
    const bad = profile.skills.find((s) => !SKILL.test(s));
    if (bad !== undefined) throw new Error(`skill "${bad}": lower-case letters, digits, "_" or "-" (e.g. vss, ar, en)`);
    out.skills = [...new Set(profile.skills)].sort();
  }
  return out;
}

/** An account as stored. `epoch` changes whenever sessions must end (password, role, revocation,
 * re-creation): a session carries the epoch it was opened under and dies when they differ. */
interface AccountRecord extends AgentProfile {
  role: Role;
  createdAt: string;
  hash: string;
  epoch?: string;
}

function newEpoch(): string {
  return randomBytes(9).toString('base64url');
}

// A hash to verify against when the username is unknown, so a wrong name costs as long as a wrong password.
let decoyHash: Promise<string> | undefined;

/** Accounts live in one hash; sessions are keys that expire. */
export class AccountStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly sessionHours: number,
  ) {}

  private get accountsKey(): string {
    return `${this.prefix}:accounts`;
  }

  private sessionKey(token: string): string {
    return `${this.prefix}:session:${createHash('sha256').update(token).digest('hex')}`;
  }

  /** Creates or replaces an account, with its display name and skills when given. */
  async add(username: string, password: string, role: Role, profile: AgentProfile = {}): Promise<void> {
    if (!/^[a-zA-Z0-9._-]{2,64}$/.test(username)) throw new Error('username: 2 to 64 letters, digits, ".", "_" or "-"');
    if (!ROLES.includes(role)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
    if (password.length < 8) throw new Error('password: at least 8 characters');
    const record: AccountRecord = {
      role,
      ...normaliseProfile(profile),
      createdAt: new Date().toISOString(),
      hash: await hashPassword(password),
      epoch: newEpoch(),
    };
    await this.redis.hset(this.accountsKey, username, JSON.stringify(record));
  }

  /** Changes a password; every session of the account ends. False when there is no such account. */
  async setPassword(username: string, password: string): Promise<boolean> {
    if (password.length < 8) throw new Error('password: at least 8 characters');
    return this.change(username, async (r) => ({ ...r, hash: await hashPassword(password) }));
  }

  /** Changes a role; every session of the account ends (the new role applies from the next login). */
  async setRole(username: string, role: Role): Promise<boolean> {
    if (!ROLES.includes(role)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
    return this.change(username, async (r) => ({ ...r, role }));
  }

  /** Changes the display name and/or skills given (an empty skills list removes them); sessions go on. */
  async setProfile(username: string, profile: AgentProfile): Promise<boolean> {
    const changes = normaliseProfile(profile);
    const json = await this.redis.hget(this.accountsKey, username);
    if (!json) return false;
    // Not a security change: the epoch stays, so nobody is logged out for a new grade.
    await this.redis.hset(this.accountsKey, username, JSON.stringify({ ...(JSON.parse(json) as AccountRecord), ...changes }));
    return true;
  }

  /** Ends every session of the account now. */
  async revokeSessions(username: string): Promise<boolean> {
    return this.change(username, async (r) => r);
  }

  private async change(username: string, edit: (record: AccountRecord) => Promise<AccountRecord>): Promise<boolean> {
    const json = await this.redis.hget(this.accountsKey, username);
    if (!json) return false;
    const record = await edit(JSON.parse(json) as AccountRecord);
    await this.redis.hset(this.accountsKey, username, JSON.stringify({ ...record, epoch: newEpoch() }));
    return true;
  }

  /** All accounts, without their hashes. */
  async list(): Promise<Account[]> {
    const all = await this.redis.hgetall(this.accountsKey);
    return Object.entries(all)
      .map(([username, json]) => toAccount(username, JSON.parse(json) as AccountRecord))
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  /** One account without its hash, or undefined. */
  async find(username: string): Promise<Account | undefined> {
    const json = typeof username === 'string' ? await this.redis.hget(this.accountsKey, username) : null;
    if (!json) return undefined;
    return toAccount(username, JSON.parse(json) as AccountRecord);
  }

  /** Removes an account; its open sessions stop working at their next use. */
  async remove(username: string): Promise<boolean> {
    return (await this.redis.hdel(this.accountsKey, username)) === 1;
  }

  /** Checks a password and opens a session; undefined when wrong. */
  async login(username: string, password: string): Promise<{ token: string; session: AgentSession } | undefined> {
    const json = typeof username === 'string' ? await this.redis.hget(this.accountsKey, username) : null;
    if (!json) {
      decoyHash ??= hashPassword('decoy-password');
      await verifyPassword(password, await decoyHash);
      return undefined;
    }
    const record = JSON.parse(json) as AccountRecord;
    if (!(await verifyPassword(String(password), record.hash))) return undefined;
    const token = randomBytes(32).toString('base64url');
    await this.redis.set(this.sessionKey(token), JSON.stringify({ username, epoch: record.epoch }), 'EX', this.sessionHours * 3600);
    return { token, session: { username, role: record.role, ...(record.display ? { display: record.display } : {}) } };
  }

  /** The session behind a token, if it is live and its account is the one it was opened for
   * (not changed, removed or re-created since); the role is the account's current one. */
  async session(token: string): Promise<AgentSession | undefined> {
    if (!token) return undefined;
    const json = await this.redis.get(this.sessionKey(token));
    if (!json) return undefined;
    const session = JSON.parse(json) as { username: string; epoch?: string };
    const account = await this.redis.hget(this.accountsKey, session.username);
    if (!account) return undefined;
    const record = JSON.parse(account) as AccountRecord;
    if (record.epoch !== session.epoch) return undefined;
    return { username: session.username, role: record.role, ...(record.display ? { display: record.display } : {}) };
  }

  /** Ends a session (logout). */
  async logout(token: string): Promise<void> {
    await this.redis.del(this.sessionKey(token));
  }
}

function toAccount(username: string, record: AccountRecord): Account {
  const { role, createdAt, display, skills } = record;
  return { username, role, createdAt, ...(display ? { display } : {}), skills: skills ?? [] };
}
