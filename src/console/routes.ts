/** The console's HTTP endpoints beyond the contract's first agent calls: my conversations, one
 * conversation's summary, transfer, presence, canned answers, content preview, supervisor figures, audit. */
import type { Server } from 'restify';
import { pickText } from '../i18n/phrases.js';
import { HttpError, conversationIdParam, parseBody, parseQuery, route } from '../web/http.js';
import { requirePermission } from '../web/agent-api.js';
import { agentConversationsQuery, auditQuery, cannedQuery, presenceBody, statsCsvQuery, transferBody } from '../web/schemas.js';
import { MAX_EXPORT_DAYS, daysBetween, toCsv } from '../stats/daily-csv.js';
import type { AgentParts } from '../web/context.js';
import { isHistoryQuery } from '../hub/desk-history.js';
import { cannedFileVersion } from '../content/canned-file.js';

/** Registers the console routes under /api/v1/agent. */
export function addConsoleRoutes(server: Server, ctx: AgentParts): void {
  const { desk, log } = ctx;
  const { audit, presence, supervisor } = ctx.console;

  server.get(
    '/api/v1/agent/conversations',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'converse');
      const query = parseQuery(req, agentConversationsQuery);
      if (query.from && query.to && query.from > query.to) throw new HttpError(400, 'invalid_range', '"from" is after "to"');
      // With a state, words or days: the history (the contract); without: what the caller holds now (the console's list).
      if (isHistoryQuery(query)) return void res.send(200, { conversations: await desk.history(agent, query) });
      const everyone = query.scope === 'all';
      if (everyone) await requirePermission(ctx, req, 'supervise');
      res.send(200, { conversations: await desk.mine(agent, everyone) });
    }, log),
  );

  server.get(
    '/api/v1/agent/conversations/:id',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'converse');
      res.send(200, await desk.conversation(agent, conversationIdParam(req)));
    }, log),
  );

  server.post(
    '/api/v1/agent/conversations/:id/transfer',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'converse');
      const id = conversationIdParam(req);
      const { to, note } = await parseBody(req, transferBody, 16 * 1024);
      if (note && note.length > 1000) throw new HttpError(413, 'too_long', '"note" is longer than 1000 characters');
      res.send(200, { status: 'transferred', ...(await desk.transfer(agent, id, { to: to || undefined, note })) });
    }, log),
  );

  server.get(
    '/api/v1/agent/presence',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'converse');
      res.send(200, { status: (await presence.statusOf([agent.username])).get(agent.username) });
    }, log),
  );

  server.post(
    '/api/v1/agent/presence',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'converse');
      const body = await parseBody(req, presenceBody, 4 * 1024);
      await desk.setPresence(agent, body.status);
      // Without an open console the effective status stays "offline": presence needs a live connection.
      res.send(200, { chosen: body.status, status: (await presence.statusOf([agent.username])).get(agent.username) });
    }, log),
  );

  // Colleagues to transfer to: names, presence and load only.
  server.get(
    '/api/v1/agent/agents',
    route(async (req, res) => {
      await requirePermission(ctx, req, 'converse');
      const people = (await ctx.accounts.list()).filter((a) => a.role !== 'editor');
      const status = await presence.statusOf(people.map((p) => p.username));
      const load = new Map<string, number>();
      for (const c of await ctx.console.assignments.all()) if (c.agent) load.set(c.agent, (load.get(c.agent) ?? 0) + 1);
      res.send(200, {
        agents: people.map((p) => ({
          username: p.username,
          ...(p.display ? { display: p.display } : {}),
          role: p.role,
          status: status.get(p.username),
          load: load.get(p.username) ?? 0,
        })),
      });
    }, log),
  );

  server.get(
    '/api/v1/agent/canned',
    route(async (req, res) => {
      await requirePermission(ctx, req, 'canned');
      const { locale } = parseQuery(req, cannedQuery);
      const canned = ctx.runtime.current.content.canned.map((c) =>
        locale
          ? {
              id: c.id,
              category: c.category ?? null,
              languages: Object.keys(c.text),
              // An answer written in none of the fallbacks (e.g. Arabic only) shows its own language.
              text: pickText(c.text, locale) ?? Object.values(c.text)[0],
              links: c.links.map((l) => ({ label: pickText(l.label, locale), url: l.url })),
            }
          : { id: c.id, category: c.category ?? null, languages: Object.keys(c.text), text: c.text, links: c.links },
      );
      // fileVersion: what an editor's PUT names, so that it never saves over a newer change.
      res.send(200, { canned, fileVersion: await cannedFileVersion(ctx.runtime.current.content.dir) });
    }, log),
  );

  server.get(
    '/api/v1/agent/content',
    route(async (req, res) => {
      await requirePermission(ctx, req, 'content');
      const { content } = ctx.runtime.current;
      res.send(200, {
        version: content.version,
        steps: [...content.flow.steps.values()].map((s) => ({ id: s.id, say: s.say, choices: s.choices, links: s.links })),
        intents: [...content.knowledge.values()].map((k) => ({ intent: k.intent, title: k.title, answer: k.answer, links: k.links, handoff: k.handoff })),
        canned: content.canned,
        // The files on disk were changed and refused: the version above keeps serving.
        ...(ctx.runtime.rejected
          ? { rejected: { at: ctx.runtime.rejected.at, problems: ctx.runtime.rejected.problems.map((p) => `${p.file}:${p.line}: ${p.message}`) } }
          : {}),
      });
    }, log),
  );

  server.get(
    '/api/v1/agent/stats',
    route(async (req, res) => {
      await requirePermission(ctx, req, 'supervise');
      res.send(200, await supervisor.figures(250));
    }, log),
  );

  // The daily export: anonymous totals per day of the range (days in STATS_TIMEZONE), zeros included.
  server.get(
    '/api/v1/agent/stats.csv',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'supervise');
      const { from, to } = parseQuery(req, statsCsvQuery);
      const days = daysBetween(from, to);
      if (!days.length) throw new HttpError(400, 'invalid_range', '"from" is after "to"');
      if (days.length > MAX_EXPORT_DAYS) throw new HttpError(400, 'invalid_range', `at most ${MAX_EXPORT_DAYS} days at once`);
      const csv = toCsv(await ctx.stats.days(days));
      await audit.record({ actor: agent.username, action: 'export', detail: `${from}..${to}` });
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="relais-${from}-${to}.csv"`,
        'Cache-Control': 'no-store',
      });
      res.end(csv);
    }, log),
  );

  server.get(
    '/api/v1/agent/audit',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'supervise');
      const { limit = 100, before } = parseQuery(req, auditQuery);
      const entries = await audit.list({ limit: Math.min(limit, 1000), before });
      await audit.record({ actor: agent.username, action: 'view_audit' });
      res.send(200, { entries });
    }, log),
  );
}
