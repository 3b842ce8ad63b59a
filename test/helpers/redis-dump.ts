/** Everything a test Redis holds, as text: each key's name and a dump of its value, to search for
 * what must not be there (a citizen's words, an e-mail address, a follow-up code). */
import type { Redis } from 'ioredis';

/** How to read a value of each Redis type. */
const READERS: Record<string, (redis: Redis, key: string) => Promise<unknown>> = {
  string: (redis, key) => redis.getBuffer(key).then((b) => b?.toString('latin1')),
  hash: (redis, key) => redis.hgetall(key),
  list: (redis, key) => redis.lrange(key, 0, -1),
  set: (redis, key) => redis.smembers(key),
  zset: (redis, key) => redis.zrange(key, 0, -1),
  stream: (redis, key) => redis.xrange(key, '-', '+'),
};

/** Every key and value of `redis`, as one string. */
export async function everythingIn(redis: Redis): Promise<string> {
  const parts: string[] = [];
  for (const key of await redis.keys('*')) {
    const read = READERS[await redis.type(key)];
    parts.push(key, JSON.stringify(read ? await read(redis, key) : ''));
  }
  return parts.join('\n');
}
