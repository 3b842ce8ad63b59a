/** The contact form's routes (contract "Public-service features"): a written request queued for
 * agents, and the settings the widget reads first (quick-exit address, whether e-mail is on). */
import type { Server } from 'restify';
import { clientIp } from './citizen-api.js';
import type { CitizenParts } from './context.js';
import { HttpError, parseBody, route } from './http.js';
import { LIMITS } from './rate-limit.js';
import { contactBody } from './schemas.js';

/** Registers POST /api/v1/contact and GET /api/v1/settings. */
export function addContactRoutes(server: Server, ctx: CitizenParts): void {
  const { log } = ctx;

  server.get(
    '/api/v1/settings',
    route(async (_req, res) => {
      res.send(200, { quickExitUrl: ctx.widget.quickExitUrl, email: ctx.widget.email, maxMessageChars: ctx.maxMessageChars });
    }, log),
  );

  server.post(
    '/api/v1/contact',
    route(async (req, res) => {
      await ctx.limiter.hit('contact', clientIp(req), LIMITS.contact);
      const body = await parseBody(req, contactBody, ctx.maxBodyBytes);
      const text = body.text.trim();
      if (text.length > ctx.maxMessageChars) throw new HttpError(413, 'too_long', `"text" is longer than ${ctx.maxMessageChars} characters`);
      // Refused rather than ignored: a citizen told "we will answer by e-mail" must not wait for nothing.
      if (body.email && !ctx.widget.email)
        throw new HttpError(400, 'email_unavailable', 'this service cannot answer by e-mail; leave "email" out and keep the follow-up code');
      const receipt = await ctx.contact.open({ text, locale: body.locale, email: body.email });
      res.send(201, receipt);
    }, log),
  );
}
