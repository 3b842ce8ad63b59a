/** Public-service routes (contract "Public-service features"): the service's hours and announcements,
 * and resuming a conversation with its follow-up code. */
import type { Server } from 'restify';
import { activeAnnouncements, serviceStatus, weeklyHours } from '../service/index.js';
import { normaliseLocale } from '../hub/receive.js';
import { HttpError, parseBody, parseQuery, route } from './http.js';
import { clientIp } from './citizen-api.js';
import { LIMITS } from './rate-limit.js';
import { resumeBody, serviceQuery } from './schemas.js';
import type { ServiceParts } from './context.js';

/** Registers GET /api/v1/service and POST /api/v1/conversations/resume. */
export function addServiceRoutes(server: Server, ctx: ServiceParts): void {
  server.get(
    '/api/v1/service',
    route(async (req, res) => {
      const { locale } = parseQuery(req, serviceQuery);
      const { service } = ctx.runtime.current.content;
      const now = ctx.clock.now();
      const status = serviceStatus(service, now);
      res.send(200, {
        open: status.open,
        ...(status.nextChange !== undefined ? { nextChange: new Date(status.nextChange).toISOString() } : {}),
        timezone: service.timezone,
        hours: weeklyHours(service),
        announcements: activeAnnouncements(service, normaliseLocale(locale), now),
      });
    }, ctx.log),
  );

  server.post(
    '/api/v1/conversations/resume',
    route(async (req, res) => {
      const { code } = await parseBody(req, resumeBody, ctx.maxBodyBytes);
      const address = clientIp(req);
      // Counted before the code is looked up, so a burst of guesses cannot slip past the budget.
      await ctx.limiter.hit('resume', address, LIMITS.resumeGuesses, { always: true });
      const id = await ctx.followUps.find(code);
      const token = id ? await ctx.store.renewToken(id) : undefined;
      if (!id || !token) throw new HttpError(404, 'not_found', 'unknown follow-up code');
      await ctx.limiter.forgive('resume', address, LIMITS.resumeGuesses);
      ctx.log.info('conversation resumed with its follow-up code', { conversation: id });
      res.send(200, { id, token });
    }, ctx.log),
  );
}
