/** Canned answers for agents and their editing: the list (grouped by category, in the conversation's
 * language), one answer filled in for insertion, and the editors' PUT of the whole list, checked like
 * `relais validate` and written to knowledge/canned.yaml for every process's hot reload. */
import type { Server } from 'restify';
import type { AgentSession } from '../agents/accounts.js';
import { CANNED_FILE, cannedFileVersion, saveCanned } from '../content/canned-file.js';
import type { CannedAnswer, LocalizedText } from '../content/types.js';
import { formatProblems } from '../content/runtime.js';
import { baseLocale } from '../i18n/phrases.js';
import { requirePermission } from '../web/agent-api.js';
import type { AgentParts, WebParts } from '../web/context.js';
import { HttpError, conversationIdParam, parseBody, route } from '../web/http.js';
import { cannedEditBody } from '../web/schemas.js';

/** What these routes use. */
export type CannedParts = AgentParts & Pick<WebParts, 'followUps'>;

/** An answer as the API shows it. */
function shown(c: CannedAnswer): { id: string; category: string | null; languages: string[]; text: LocalizedText; links: CannedAnswer['links'] } {
  return { id: c.id, category: c.category ?? null, languages: Object.keys(c.text), text: c.text, links: c.links };
}

/** Registers the canned answers' routes under /api/v1/agent. */
export function addCannedRoutes(server: Server, ctx: CannedParts): void {
  const { desk, log } = ctx;

  // The answers written in the conversation's language, by category (categories by name, "other" last).
  server.get(
    '/api/v1/agent/conversations/:id/canned',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'canned');
      const info = await desk.conversation(agent, conversationIdParam(req));
      const locale = baseLocale(info.locale);
      const groups = new Map<string | null, ReturnType<typeof shown>[]>();
      for (const c of ctx.runtime.current.content.canned) {
        if (!(locale in c.text)) continue;
        const list = groups.get(c.category ?? null) ?? [];
        list.push({ ...shown(c), text: { [locale]: c.text[locale] } });
        groups.set(c.category ?? null, list);
      }
      const categories = [...groups.entries()]
        .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'fr')))
        .map(([category, answers]) => ({ category, answers }));
      res.send(200, { locale, categories });
    }, log),
  );

  // One answer as inserted: its variables filled (a {{code}} is a new follow-up code, only for the
  // agent holding the conversation); a variable the hub cannot fill stays as is and is named in `missing`.
  server.post(
    '/api/v1/agent/conversations/:id/canned/:cannedId',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'converse');
      const id = conversationIdParam(req);
      const info = await desk.conversation(agent, id);
      const answer = ctx.runtime.current.content.canned.find((c) => c.id === req.params.cannedId);
      const locale = baseLocale(info.locale);
      if (!answer || !(locale in answer.text)) throw new HttpError(404, 'not_found', 'no such canned answer in the conversation\u2019s language');
      const text = answer.text[locale];
      const values = await variables(ctx, agent, id, text);
      const missing: string[] = [];
      const filled = text.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (whole, name: string) => {
        const value = values[name];
        if (value === undefined && !missing.includes(name)) missing.push(name);
        return value ?? whole;
      });
      const links = answer.links.map((l) => ({ label: l.label[locale] ?? Object.values(l.label)[0], url: l.url }));
      res.send(200, { id: answer.id, locale, text: filled, links, missing });
    }, log),
  );

  // The editors' change: the whole list, checked with the rest of the content, then written.
  server.put(
    '/api/v1/agent/canned',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'edit_canned');
      const body = await parseBody(req, cannedEditBody, ctx.maxBodyBytes);
      const { content, problems, conflict } = await saveCanned(ctx.runtime.current.content.dir, body.canned, body.version);
      if (conflict) throw new HttpError(409, 'conflict', 'the canned answers changed since you loaded them: load them again, then redo your change');
      if (!content) {
        const lines = formatProblems(problems).split('\n');
        return void res.send(422, { error: { code: 'invalid_content', message: `${CANNED_FILE} refused: ${lines[0]}`, problems: lines } });
      }
      // This process serves it at once; the others when their watcher sees the file.
      await ctx.runtime.reload();
      await ctx.console.audit.record({ actor: agent.username, action: 'edit_canned', detail: `${content.canned.length} answers` });
      log.info('canned answers changed', { agent: agent.username, answers: content.canned.length });
      res.send(200, {
        version: ctx.runtime.current.content.version,
        fileVersion: await cannedFileVersion(ctx.runtime.current.content.dir),
        canned: ctx.runtime.current.content.canned.map(shown),
      });
    }, log),
  );
}

/** The values of the variables `text` uses. */
async function variables(ctx: CannedParts, agent: AgentSession, id: string, text: string): Promise<Record<string, string | undefined>> {
  const values: Record<string, string | undefined> = {};
  if (/\{\{\s*agent\s*\}\}/.test(text)) values.agent = (await ctx.accounts.find(agent.username))?.display;
  if (/\{\{\s*(station|code)\s*\}\}/.test(text)) {
    const conv = await ctx.store.get(id);
    values.station = conv?.appointment?.station.name ?? conv?.appointmentRequest?.station?.name;
    // Issued only to the agent writing to the citizen: a code opens the conversation from another device.
    if (/\{\{\s*code\s*\}\}/.test(text) && conv?.mode === 'agent' && conv.agent === agent.username) values.code = await ctx.followUps.issue(id);
  }
  return values;
}
