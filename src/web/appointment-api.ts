/** Appointments (contract "Public-service features"): an agent confirms one, the citizen downloads it
 * as an iCalendar file with their token (the Authorization header, or `?token=` for a plain link). */
import type { Server } from 'restify';
import { appointmentCalendar } from '../appointments/index.js';
import { requirePermission } from './agent-api.js';
import type { AgentParts, WebParts } from './context.js';
import { HttpError, bearer, conversationIdParam, parseBody, parseQuery, route } from './http.js';
import { appointmentBody, appointmentIcsQuery } from './schemas.js';

/** What the appointment routes use. */
export type AppointmentParts = AgentParts & Pick<WebParts, 'appointments'>;

/** Registers the agent's confirmation and the citizen's calendar file. */
export function addAppointmentRoutes(server: Server, ctx: AppointmentParts): void {
  server.post(
    '/api/v1/agent/conversations/:id/appointment',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'converse');
      const id = conversationIdParam(req);
      const body = await parseBody(req, appointmentBody, 16 * 1024);
      const appointment = await ctx.appointments.confirm(agent, id, body);
      res.send(200, {
        status: 'confirmed',
        appointment: { stationId: appointment.station.id, at: appointment.at, ...(appointment.note ? { note: appointment.note } : {}) },
      });
    }, ctx.log),
  );

  server.get(
    '/api/v1/conversations/:id/appointment.ics',
    route(async (req, res) => {
      const { token: inQuery } = parseQuery(req, appointmentIcsQuery);
      const token = bearer(req) || inQuery || '';
      if (!token) throw new HttpError(401, 'unauthorized', 'missing "Authorization: Bearer <token>" or "?token="');
      const id = conversationIdParam(req);
      if (!(await ctx.store.verifyToken(id, token))) throw new HttpError(404, 'not_found', 'unknown conversation');
      const found = await ctx.appointments.confirmed(id);
      if (!found) throw new HttpError(404, 'no_appointment', 'no appointment has been confirmed in this conversation');
      const body = appointmentCalendar(found.appointment, ctx.runtime.current.phrases, found.locale);
      res.writeHead(200, {
        'Content-Type': 'text/calendar; charset=utf-8',
        'Content-Disposition': 'attachment; filename="rendez-vous.ics"',
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      });
      res.end(body);
    }, ctx.log),
  );
}
