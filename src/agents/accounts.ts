/** Agent, supervisor and editor accounts, and their login sessions, in Redis. */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { hashPassword, verifyPassword } from './passwords.js';

/** The roles an account may have (what each may do: roles.ts). */
export const ROLES = ['agent', 'supervisor', 'editor'] as const;
/** One of ROLES. */
export type Role = (typeof ROLES)[number];

/** An account as listed (never with its password hash). */
export interface Account {
  username: string;
  role: Role;
  createdAt: string;
}

/** A logged-in person, as agent endpoints see them (the role is read from the account at each use). */
export interface AgentSession {
  username: string;
  role: Role;
}

/** An account as stored. `epoch` changes whenever sessions must end (password, role, revocation,
 * re-creation): a session carries the epoch it was opened under and dies when they differ. */
interface AccountRecord {
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

  /** Creates or replaces an account. */
  async add(username: string, password: string, role: Role): Promise<void> {
    if (!/^[a-zA-Z0-9._-]{2,64}$/.test(username)) throw new Error('username: 2 to 64 letters, digits, ".", "_" or "-"');
    if (!ROLES.includes(role)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
    if (password.length < 8) throw new Error('password: at least 8 characters');
    const record: AccountRecord = { role, createdAt: new Date().toISOString(), hash: await hashPassword(password), epoch: newEpoch() };
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
      .map(([username, json]) => {
        const { role, createdAt } = JSON.parse(json) as Account;
        return { username, role, createdAt };
      })
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  /** One account without its hash, or undefined. */
  async find(username: string): Promise<Account | undefined> {
    const json = typeof username === 'string' ? await this.redis.hget(this.accountsKey, username) : null;
    if (!json) return undefined;
    const { role, createdAt } = JSON.parse(json) as Account;
    return { username, role, createdAt };
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
    return { token, session: { username, role: record.role } };
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
    return record.epoch === session.epoch ? { username: session.username, role: record.role } : undefined;
  }

  /** Ends a session (logout). */
  async logout(token: string): Promise<void> {
    await this.redis.del(this.sessionKey(token));
  }
}
