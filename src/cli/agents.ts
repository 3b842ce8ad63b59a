/** `relais agents add|list|remove`: accounts with hashed passwords. */
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
    if (action === 'remove' && username) {
      if (!(await accounts.remove(username))) {
        console.error(`no account named ${username}`);
        return 1;
      }
      console.log(`${username} removed`);
      return 0;
    }
    console.error('usage: relais agents add <username> --role agent|supervisor|editor | list | remove <username>');
    return 2;
  });
}

async function firstLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line.replace(/\r$/, '');
  }
  return '';
}
