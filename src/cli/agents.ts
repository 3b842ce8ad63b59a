/** `relais agents add|list|remove|passwd|role|sessions revoke`: accounts with hashed passwords. */
import { createInterface } from 'node:readline';
import { AccountStore, ROLES, type Role } from '../agents/accounts.js';
import type { Config } from '../config.js';
import { withRedis } from './with-redis.js';

export async function runAgents(config: Config, args: string[]): Promise<number> {
  const [action, username] = args;
  return withRedis(config, async (redis) => {
    const accounts = new AccountStore(redis, config.redisPrefix, config.agentSessionHours);
    if (action === 'list') {
      for (const a of await accounts.list()) console.log(`${a.username}\t${a.role}\t${a.createdAt}`);
      return 0;
    }
    if (action === 'add' && username) {
      const roleAt = args.indexOf('--role');
      const role = (roleAt >= 0 ? args[roleAt + 1] : 'agent') as Role;
      if (!ROLES.includes(role)) {
        console.error(`--role must be one of ${ROLES.join(', ')}`);
        return 2;
      }
      const password = await firstLine();
      if (!password) {
        console.error('give the password on the first line of standard input');
        return 2;
      }
      await accounts.add(username, password, role);
      console.log(`${username} added (${role})`);
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
      'usage: relais agents add <username> --role agent|supervisor|editor | list | remove <username> | passwd <username> | role <username> <role> | sessions revoke <username>',
    );
    return 2;
  });
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
