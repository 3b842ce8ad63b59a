/** The agent side of the contract: session, queue, claim, messages, close. */
import type { Request, Server } from 'restify';
import type { AgentSession } from '../agents/accounts.js';
import { HttpError, bearer, intParam, readJson, route } from './http.js';
import { LIMITS } from './rate-limit.js';
import { clientIp, waitForMessages } from './citizen-api.js';
import type { WebContext } from './context.js';

/** The console may authenticate with this cookie instead of the Authorization header. */
export const SESSION_COOKIE = 'relais_agent';

/** Registers the agent routes. */
export function addAgentRoutes(server: Server, ctx: WebContext): void {
  const { accounts, desk, handoff, limiter, log } = ctx;

  server.post('/api/v1/agent/session', route(async (req, res) => {
    await limiter.hit('login', clientIp(req), LIMITS.login);
    const body = await readJson(req, 16 * 1024);
    if (typeof body.username !== 'string' || typeof body.password !== 'string') throw new HttpError(400, 'invalid_body', 'send {"username", "password"}');
    const login = await accounts.login(body.username, body.password);
    if (!login) throw new HttpError(401, 'bad_credentials', 'wrong username or password');
    log.info('agent logged in', { agent: login.session.username });
    res.send(200, { token: login.token, username: login.session.username, role: login.session.role });
  }, log));

  server.del('/api/v1/agent/session', route(async (req, res) => {
    await accounts.logout(bearer(req, SESSION_COOKIE));
    res.send(200, { status: 'logged_out' });
  }, log));

  server.get('/api/v1/agent/me', route(async (req, res) => {
    res.send(200, await requireAgent(ctx, req));
  }, log));

  server.get('/api/v1/agent/queue', route(async (req, res) => {
    await requireAgent(ctx, req);
    res.send(200, { waiting: await handoff.list() });
  }, log));

  server.post('/api/v1/agent/conversations/:id/claim', route(async (req, res) => {
    const agent = await requireAgent(ctx, req);
    await desk.claim(agent, String(req.params.id));
    res.send(200, { status: 'claimed' });
  }, log));

  server.get('/api/v1/agent/conversations/:id/messages', route(async (req, res) => {
    const agent = await requireAgent(ctx, req);
    const id = String(req.params.id);
    await desk.readable(agent, id);
    const after = intParam(req.query?.after, 0);
    const wait = intParam(req.query?.wait, 0, 30_000);
    res.send(200, { messages: await waitForMessages(ctx, id, after, wait, res, true) });
  }, log));

  server.post('/api/v1/agent/conversations/:id/messages', route(async (req, res) => {
    const agent = await requireAgent(ctx, req);
    const body = await readJson(req, ctx.maxBodyBytes);
    if (typeof body.text !== 'string' || !body.text.trim()) throw new HttpError(400, 'invalid_text', '"text" must be a non-empty string');
    if (body.text.length > ctx.maxMessageChars) throw new HttpError(413, 'too_long', `"text" is longer than ${ctx.maxMessageChars} characters`);
    const seq = await desk.reply(agent, String(req.params.id), body.text.trim(), { internal: body.internal === true });
    res.send(202, { seq });
  }, log));

  server.post('/api/v1/agent/conversations/:id/close', route(async (req, res) => {
    const agent = await requireAgent(ctx, req);
    const body = await readJson(req, 16 * 1024);
    const outcome = typeof body.outcome === 'string' ? body.outcome.slice(0, 64) : undefined;
    await desk.close(agent, String(req.params.id), outcome);
    res.send(200, { status: 'closed' });
  }, log));
}

/** The logged-in agent, or 401. */
export async function requireAgent(ctx: WebContext, req: Request): Promise<AgentSession> {
  const session = await ctx.accounts.session(bearer(req, SESSION_COOKIE));
  if (!session) throw new HttpError(401, 'unauthorized', 'log in first (POST /api/v1/agent/session)');
  return session;
}
