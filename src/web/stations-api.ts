/** GET /api/v1/stations (contract "Public-service features"): the stations nearest to a postcode,
 * a commune or "lat,lon". How places are read: src/stations/place.ts and docs/stations.md. */
import type { Server } from 'restify';
import { InvalidPlace } from '../stations/index.js';
import { clientIp } from './citizen-api.js';
import type { WebParts } from './context.js';
import { HttpError, parseQuery, route } from './http.js';
import { LIMITS } from './rate-limit.js';
import { stationsQuery } from './schemas.js';

/** How many stations when `limit` is not given. */
const DEFAULT_LIMIT = 3;

/** Registers the stations route. */
export function addStationRoutes(server: Server, ctx: Pick<WebParts, 'stations' | 'limiter' | 'log'>): void {
  server.get(
    '/api/v1/stations',
    route(async (req, res) => {
      await ctx.limiter.hit('stations', clientIp(req), LIMITS.stations);
      const { near, limit = DEFAULT_LIMIT } = parseQuery(req, stationsQuery);
      let found: Awaited<ReturnType<WebParts['stations']['near']>>;
      try {
        found = await ctx.stations.near(near, { limit });
      } catch (err) {
        if (err instanceof InvalidPlace) throw new HttpError(400, 'invalid_near', `"near" ${err.message}`);
        throw err;
      }
      if (!found) throw new HttpError(404, 'unknown_place', 'no station matches this postcode or commune');
      // A unit's mailbox is for agents' forwards, not for the public.
      res.send(200, { stations: found.stations.map(({ email: _email, ...station }) => station) });
    }, ctx.log),
  );
}
