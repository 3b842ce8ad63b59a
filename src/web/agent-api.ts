/** The agent side of the contract: session, queue, claim, messages, close (and the console's extras
 * in console/routes.ts). Roles are checked here (403 "forbidden"); every action is audited by the desk. */
import type { Request, Server } from 'restify';
import type { AgentSession } from '../agents/accounts.js';
import { can, permissionsOf, type Permission } from '../agents/roles.js';
import { HttpError, bearer, conversationIdParam, parseBody, parseQuery, route } from './http.js';
import { LIMITS } from './rate-limit.js';
import { clientIp, waitForMessages } from './citizen-api.js';
import { agentCloseBody, agentMessageBody, agentSessionBody, messagesQuery } from './schemas.js';
import type { AgentParts } from './context.js';

/** The console may authenticate with this cookie instead of the Authorization header. */
export const SESSION_COOKIE = 'relais_agent';

/** Registers the agent routes. */
export function addAgentRoutes(server: Server, ctx: AgentParts): void {
  const { accounts, desk, handoff, limiter, log } = ctx;
  const { audit, loginGuard } = ctx.console;

  server.post(
    '/api/v1/agent/session',
    route(async (req, res) => {
      const ip = clientIp(req);
      await limiter.hit('login', ip, LIMITS.login);
      const body = await parseBody(req, agentSessionBody, 16 * 1024);
      // Counted before the (slow) password check, so a burst of guesses cannot all get through.
      const wait = await loginGuard.begin(body.username, ip);
      if (wait > 0) {
        res.header('Retry-After', String(wait));
        throw new HttpError(429, 'rate_limited', `too many failed logins; try again in ${wait} s`);
      }
      const login = await accounts.login(body.username, body.password);
      if (!login) {
        // Only a real account's name goes in the log: a mistyped password in the name field must not.
        if (await accounts.find(body.username)) await audit.record({ actor: body.username, action: 'login_failed' });
        throw new HttpError(401, 'bad_credentials', 'wrong username or password');
      }
      await loginGuard.succeeded(body.username, ip);
      await audit.record({ actor: login.session.username, action: 'login', detail: login.session.role });
      log.info('agent logged in', { agent: login.session.username });
      res.send(200, { token: login.token, username: login.session.username, role: login.session.role });
    }, log),
  );

  server.del(
    '/api/v1/agent/session',
    route(async (req, res) => {
      const token = bearer(req, SESSION_COOKIE);
      const session = await accounts.session(token);
      await accounts.logout(token);
      if (session) await audit.record({ actor: session.username, action: 'logout' });
      res.send(200, { status: 'logged_out' });
    }, log),
  );

  server.get(
    '/api/v1/agent/me',
    route(async (req, res) => {
      const agent = await requireAgent(ctx, req);
      res.send(200, { ...agent, permissions: permissionsOf(agent.role), routing: ctx.console.routing });
    }, log),
  );

  server.get(
    '/api/v1/agent/queue',
    route(async (req, res) => {
      await requirePermission(ctx, req, 'queue');
      res.send(200, { waiting: await handoff.list() });
    }, log),
  );

  server.post(
    '/api/v1/agent/conversations/:id/claim',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'converse');
      await desk.claim(agent, conversationIdParam(req));
      res.send(200, { status: 'claimed' });
    }, log),
  );

  server.get(
    '/api/v1/agent/conversations/:id/messages',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'converse');
      const id = conversationIdParam(req);
      const { after = 0, wait = 0 } = parseQuery(req, messagesQuery);
      await desk.mayRead(agent, id, after);
      res.send(200, { messages: await waitForMessages(ctx, id, after, wait, res, { internal: true, caller: clientIp(req) }) });
    }, log),
  );

  server.post(
    '/api/v1/agent/conversations/:id/messages',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'converse');
      const id = conversationIdParam(req);
      const body = await parseBody(req, agentMessageBody, ctx.maxBodyBytes);
      if (body.text.length > ctx.maxMessageChars) throw new HttpError(413, 'too_long', `"text" is longer than ${ctx.maxMessageChars} characters`);
      const seq = await desk.reply(agent, id, body.text.trim(), { internal: body.internal === true });
      res.send(202, { seq });
    }, log),
  );

  server.post(
    '/api/v1/agent/conversations/:id/close',
    route(async (req, res) => {
      const agent = await requirePermission(ctx, req, 'converse');
      const id = conversationIdParam(req);
      const body = await parseBody(req, agentCloseBody, 16 * 1024);
      await desk.close(agent, id, body.outcome?.slice(0, 64));
      res.send(200, { status: 'closed' });
    }, log),
  );
}

/** The logged-in agent, or 401. */
export async function requireAgent(ctx: AgentParts, req: Request): Promise<AgentSession> {
  refuseCrossSite(req);
  const session = await ctx.accounts.session(bearer(req, SESSION_COOKIE));
  if (!session) throw new HttpError(401, 'unauthorized', 'log in first (POST /api/v1/agent/session)');
  return session;
}

/** The logged-in agent if their role grants `permission`; 401 when not logged in, 403 when not allowed. */
export async function requirePermission(ctx: AgentParts, req: Request, permission: Permission): Promise<AgentSession> {
  const agent = await requireAgent(ctx, req);
  if (!can(agent.role, permission)) throw new HttpError(403, 'forbidden', `the ${agent.role} role cannot do this`);
  return agent;
}

/** The console's cookie is sent by the browser on any site's request (CSRF): a request that changes
 * something with the cookie alone must be JSON (a form or an image cannot send that) and, when the
 * browser names its origin, come from this host. A Bearer header is never sent by another site. */
export function refuseCrossSite(req: Request): void {
  if (req.method === 'GET' || req.method === 'HEAD' || req.headers.authorization) return;
  if (!(req.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`)) return;
  const json = /^application\/json\b/i.test(req.headers['content-type'] ?? '');
  const origin = req.headers.origin;
  let sameHost = true; // a browser that names no origin: the JSON rule is the guard
  if (origin) {
    try {
      sameHost = new URL(origin).host === req.headers.host;
    } catch {
      sameHost = false; // "null" (a sandboxed frame) or garbage
    }
  }
  if (!json || !sameHost) throw new HttpError(403, 'forbidden', 'a console request must be JSON and come from the console itself');
}
