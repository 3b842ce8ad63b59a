/** POST /api/v1/agent/conversations/{id}/forward (contract "Agents' desk features"): an agent e-mails
 * the case summary to the competent unit (src/hub/unit-forwards.ts). Answers 202 once the SMTP server
 * took the mail; errors: docs/api-extensions.md. */
import type { Server } from 'restify';
import { ForwardError } from '../hub/unit-forwards.js';
import { requirePermission } from './agent-api.js';
import type { AgentParts, WebParts } from './context.js';
import { HttpError, conversationIdParam, parseBody, route } from './http.js';
import { forwardBody } from './schemas.js';

/** What the forward route uses. */
export type ForwardParts = AgentParts & Pick<WebParts, 'forwards'>;

/** Each ForwardError's status: the unit is the caller's to fix (400); the mail server is not (503, 502). */
const STATUS: Record<ForwardError['code'], number> = {
  unknown_station: 400,
  station_without_email: 400,
  mail_unavailable: 503,
  mail_failed: 502,
};

/** Registers the forward route. */
export function addForwardRoutes(server: Server, ctx: ForwardParts): void {
  server.post(
    '/api/v1/agent/conversations/:id/forward',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'converse');
      const id = conversationIdParam(req);
      const body = await parseBody(req, forwardBody, ctx.maxBodyBytes);
      if (body.summary.length > ctx.maxMessageChars) throw new HttpError(413, 'too_long', `"summary" is longer than ${ctx.maxMessageChars} characters`);
      const target = body.stationId !== undefined ? { stationId: body.stationId } : { email: body.email as string };
      try {
        await ctx.forwards.forward(agent, id, { ...target, summary: body.summary });
      } catch (err) {
        if (err instanceof ForwardError) throw new HttpError(STATUS[err.code], err.code, err.message);
        throw err;
      }
      res.send(202, { status: 'forwarded' });
    }, ctx.log),
  );
}
