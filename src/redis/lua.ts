/**
 * Runs a Lua script by its SHA1 (EVALSHA), sending its text (EVAL) only when Redis does not have it
 * yet (NOSCRIPT: the first call, a restarted Redis, a failover). A plain `eval` sends the whole text
 * on every call and Redis hashes it every time; the store's write script (~2 KB) runs on each turn.
 * ioredis's `defineCommand` does the same, but its commands are missing from auto-pipelines created
 * before the definition (a TypeError that crashed the process when the hub used them), so plain
 * EVALSHA it is.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

type Arg = string | number | Buffer;

const shas = new Map<string, string>();

/** The result of the script `lua` run on `redis` with `numKeys` keys then arguments, as `eval` gives it. */
export async function runLua(redis: Redis, lua: string, numKeys: number, ...args: Arg[]): Promise<unknown> {
  let sha = shas.get(lua);
  if (!sha) {
    sha = createHash('sha1').update(lua).digest('hex');
    shas.set(lua, sha);
  }
  try {
    return await redis.evalsha(sha, numKeys, ...args);
  } catch (err) {
    if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
    return redis.eval(lua, numKeys, ...args);
  }
}
