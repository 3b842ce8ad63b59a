/** The stations directory in Redis, shared by every hub process. Each source (one imported file:
 * `police`, `directory`, or a name the operator chose) is one hash of stations; an import fills a
 * temporary hash and renames it over the source's in one transaction, so readers see the old list
 * or the new one, never half of it. Every process keeps the whole list in memory (a few thousand
 * stations) and reloads it when the version counter an import bumps has moved.
 *
 * Keys: `{prefix}:stations:sources` (set of source names), `{prefix}:stations:src:{source}` (hash
 * id → station JSON), `{prefix}:stations:version` (counter). */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type Place, nearestStations, resolvePlace } from './place.js';
import type { NearbyStation, Station } from './types.js';

/** Stations near a place, and how the place was read. */
export interface NearbyResult {
  place: Place;
  stations: NearbyStation[];
}

/** What the bot and the API ask of the directory. */
export interface StationFinder {
  /** Whether any station is imported. */
  available(): Promise<boolean>;
  /** The stations nearest to what `near` names; undefined for an unknown place; throws InvalidPlace. */
  near(near: string, options: { limit: number; inText?: boolean }): Promise<NearbyResult | undefined>;
}

/** How long a temporary hash of an interrupted import survives. */
const TEMP_TTL_SECONDS = 3600;
const SOURCE = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** The stations of every source, in Redis, read through a per-process cache. */
export class StationDirectory implements StationFinder {
  private cache?: { version: string; stations: Station[]; sourceOf: Map<string, string> };
  /** The version read in flight: turns that run at once share one read instead of one each. */
  private versionRead?: Promise<string>;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Whether `name` can name a source (lower-case letters, digits, "-", "_"). */
  static isSourceName(name: string): boolean {
    return SOURCE.test(name);
  }

  /** Replaces every station of `source` with `stations`, at once (none: the source is removed).
   * Ids another source uses are refused. */
  async replace(source: string, stations: readonly Station[]): Promise<void> {
    if (!SOURCE.test(source)) throw new Error(`"${source}" cannot name a source (lower-case letters, digits, "-", "_")`);
    const { sourceOf } = await this.load();
    if (!stations.length) return void (await this.remove(source));
    const taken = stations.find((s) => sourceOf.has(s.id) && sourceOf.get(s.id) !== source);
    if (taken) throw new Error(`station id "${taken.id}" already belongs to source "${sourceOf.get(taken.id)}"`);
    const temp = this.key(`tmp:${source}:${randomUUID()}`);
    for (let i = 0; i < stations.length; i += 500) {
      const chunk = stations.slice(i, i + 500);
      await this.redis
        .multi()
        .hset(temp, Object.fromEntries(chunk.map((s) => [s.id, JSON.stringify(s)])))
        .expire(temp, TEMP_TTL_SECONDS)
        .exec();
    }
    const target = this.key(`src:${source}`);
    await this.redis.multi().rename(temp, target).persist(target).sadd(this.key('sources'), source).incr(this.key('version')).exec();
    this.versionRead = undefined; // a read sent before the import must not answer a caller after it
  }

  /** Removes a source and its stations; false when there was no such source. */
  async remove(source: string): Promise<boolean> {
    const [[, removed]] = (await this.redis
      .multi()
      .srem(this.key('sources'), source)
      .del(this.key(`src:${source}`))
      .incr(this.key('version'))
      .exec()) as [[null, number], ...unknown[]];
    this.versionRead = undefined;
    return removed === 1;
  }

  /** Each source and how many stations it has. */
  async sources(): Promise<{ source: string; count: number }[]> {
    const names = (await this.redis.smembers(this.key('sources'))).sort();
    const counts = await Promise.all(names.map((n) => this.redis.hlen(this.key(`src:${n}`))));
    return names.map((source, i) => ({ source, count: counts[i] }));
  }

  /** Every station, all sources together. */
  async all(): Promise<Station[]> {
    return (await this.load()).stations;
  }

  /** One station by id. */
  async get(id: string): Promise<Station | undefined> {
    return (await this.load()).stations.find((s) => s.id === id);
  }

  async available(): Promise<boolean> {
    return (await this.load()).stations.length > 0;
  }

  async near(near: string, options: { limit: number; inText?: boolean }): Promise<NearbyResult | undefined> {
    const { stations } = await this.load();
    const place = resolvePlace(stations, near, { inText: options.inText });
    return place ? { place, stations: nearestStations(stations, place, options.limit) } : undefined;
  }

  /** The list in memory, reloaded when an import or a removal moved the version. */
  private async load(): Promise<NonNullable<StationDirectory['cache']>> {
    const version = await this.readVersion();
    if (this.cache?.version === version) return this.cache;
    const names = await this.redis.smembers(this.key('sources'));
    const hashes = await Promise.all(names.map((n) => this.redis.hvals(this.key(`src:${n}`))));
    const stations: Station[] = [];
    const sourceOf = new Map<string, string>();
    hashes.forEach((values, i) => {
      for (const value of values) {
        const station = JSON.parse(value) as Station;
        stations.push(station);
        sourceOf.set(station.id, names[i]);
      }
    });
    // A stable order: ties in distance are broken by id, not by Redis's hash order.
    stations.sort((a, b) => a.id.localeCompare(b.id));
    this.cache = { version, stations, sourceOf };
    return this.cache;
  }

  /** The version counter; a caller that comes while a read is in flight takes its answer (sent after
   * the caller's own previous calls, so it is never older than what that caller saw). */
  private readVersion(): Promise<string> {
    if (this.versionRead) return this.versionRead;
    const read = this.redis.get(this.key('version')).then((v) => v ?? '0');
    this.versionRead = read;
    const done = (): void => {
      if (this.versionRead === read) this.versionRead = undefined;
    };
    read.then(done, done);
    return read;
  }

  private key(rest: string): string {
    return `${this.prefix}:stations:${rest}`;
  }
}
