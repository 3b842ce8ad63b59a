/** `relais agents add|list|remove|passwd|role|profile|sessions revoke`: accounts with hashed passwords,
 * display names and skills. */
import { createInterface } from 'node:readline';
import { type Account, AccountStore, type AgentProfile, normaliseProfile, ROLES, type Role } from '../agents/accounts.js';
import type { Config } from '../config.js';
import { withRedis } from './with-redis.js';

export async function runAgents(config: Config, args: string[]): Promise<number> {
  const [action, username] = args;
  return withRedis(config, async (redis) => {
    const accounts = new AccountStore(redis, config.redisPrefix, config.agentSessionHours);
    if (action === 'list') {
      for (const a of await accounts.list()) console.log(listLine(a));
      return 0;
    }
    if (action === 'add' && username) {
      const roleAt = args.indexOf('--role');
      const role = (roleAt >= 0 ? args[roleAt + 1] : 'agent') as Role;
      if (!ROLES.includes(role)) {
        console.error(`--role must be one of ${ROLES.join(', ')}`);
        return 2;
      }
      const profile = profileOptions(args);
      if (typeof profile === 'string') {
        console.error(profile);
        return 2;
      }
      const password = await firstLine();
      if (!password) {
        console.error('give the password on the first line of standard input');
        return 2;
      }
      await accounts.add(username, password, role, profile);
      console.log(`${username} added (${role})`);
      return 0;
    }
    if (action === 'profile' && username) {
      const profile = profileOptions(args);
      if (typeof profile === 'string' || (profile.display === undefined && profile.skills === undefined)) {
        console.error(typeof profile === 'string' ? profile : 'give --display "<name>" and/or --skills a,b (--skills "" removes them)');
        return 2;
      }
      if (!(await accounts.setProfile(username, profile))) return noSuch(username);
      console.log(`${username}: profile changed`);
      return 0;
    }
    if (action === 'passwd' && username) {
      const password = await firstLine();
      if (!password) {
        console.error('give the new password on the first line of standard input');
        return 2;
      }
      if (!(await accounts.setPassword(username, password))) return noSuch(username);
      console.log(`${username}: password changed; every session of ${username} has ended`);
      return 0;
    }
    if (action === 'role' && username) {
      const role = args[2] as Role;
      if (!ROLES.includes(role)) {
        console.error(`the role must be one of ${ROLES.join(', ')}`);
        return 2;
      }
      if (!(await accounts.setRole(username, role))) return noSuch(username);
      console.log(`${username} is now ${role}; every session of ${username} has ended`);
      return 0;
    }
    if (action === 'sessions' && username === 'revoke' && args[2]) {
      if (!(await accounts.revokeSessions(args[2]))) return noSuch(args[2]);
      console.log(`every session of ${args[2]} has ended`);
      return 0;
    }
    if (action === 'remove' && username) {
      if (!(await accounts.remove(username))) {
        console.error(`no account named ${username}`);
        return 1;
      }
      console.log(`${username} removed`);
      return 0;
    }
    console.error(
      'usage: relais agents add <username> --role agent|supervisor|editor [--display "Gendarme Julie"] [--skills vss,ar,en] | list | remove <username> | passwd <username> | role <username> <role> | profile <username> [--display ...] [--skills ...] | sessions revoke <username>',
    );
    return 2;
  });
}

/** One account per line, tab-separated: username, role, display name, skills, created ("-" when unset). */
function listLine(a: Account): string {
  return [a.username, a.role, a.display ?? '-', a.skills?.length ? a.skills.join(',') : '-', a.createdAt].join('\t');
}

/** `--display NAME` and `--skills a,b,c`; a message instead when a value is missing or refused. */
function profileOptions(args: string[]): AgentProfile | string {
  const profile: AgentProfile = {};
  for (const [flag, key] of [
    ['--display', 'display'],
    ['--skills', 'skills'],
  ] as const) {
    const at = args.indexOf(flag);
    if (at < 0) continue;
    const value = args[at + 1];
    if (value === undefined || (value.startsWith('--') && key === 'display')) return `${flag} needs a value`;
    if (key === 'display') profile.display = value;
    else
      profile.skills = value
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);
  }
  try {
    return normaliseProfile(profile); // refused before the password is asked for
  } catch (err) {
    return (err as Error).message;
  }
}

function noSuch(username: string): number {
  console.error(`no account named ${username}`);
  return 1;
}

async function firstLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line.replace(/\r$/, '');
  }
  return '';
}
