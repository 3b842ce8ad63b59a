/** Everything a test Redis holds, as text: each key's name and a dump of its value, to search for
 * what must not be there (a citizen's words, an e-mail address, a follow-up code). */
import type { Redis } from 'ioredis';

/** Every key and value of `redis`, as one string. */
export async function everythingIn(redis: Redis): Promise<string> {
  const parts: string[] = [];
  for (const key of await redis.keys('*')) {
    const type = await redis.type(key);
    const value =
      type === 'string'
        ? await redis.getBuffer(key).then((b) => b?.toString('latin1'))
        : type === 'hash'
          ? await redis.hgetall(key)
          : type === 'list'
            ? await redis.lrange(key, 0, -1)
            : type === 'set'
              ? await redis.smembers(key)
              : type === 'zset'
                ? await redis.zrange(key, 0, -1)
                : type === 'stream'
                  ? await redis.xrange(key, '-', '+')
                  : '';
    parts.push(key, JSON.stringify(value));
  }
  return parts.join('\n');
}
