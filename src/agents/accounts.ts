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

/** A logged-in person, as agent endpoints see them. */
export interface AgentSession {
  username: string;
  role: Role;
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
    const record = { role, createdAt: new Date().toISOString(), hash: await hashPassword(password) };
    await this.redis.hset(this.accountsKey, username, JSON.stringify(record));
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
    const record = JSON.parse(json) as { role: Role; hash: string };
    if (!(await verifyPassword(String(password), record.hash))) return undefined;
    const token = randomBytes(32).toString('base64url');
    const session = { username, role: record.role };
    await this.redis.set(this.sessionKey(token), JSON.stringify(session), 'EX', this.sessionHours * 3600);
    return { token, session };
  }

  /** The session behind a token, if it is live and its account still exists. */
  async session(token: string): Promise<AgentSession | undefined> {
    if (!token) return undefined;
    const json = await this.redis.get(this.sessionKey(token));
    if (!json) return undefined;
    const session = JSON.parse(json) as AgentSession;
    return (await this.redis.hexists(this.accountsKey, session.username)) ? session : undefined;
  }

  /** Ends a session (logout). */
  async logout(token: string): Promise<void> {
    await this.redis.del(this.sessionKey(token));
  }
}
