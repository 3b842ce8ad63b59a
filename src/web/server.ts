/** The HTTP server: API routes, chat socket, pages, health and metrics, with contract-shaped errors. */
import restify, { type Server } from 'restify';
import type { WebSocketServer } from 'ws';
import { addAgentRoutes } from './agent-api.js';
import { addCitizenRoutes } from './citizen-api.js';
import { addServiceRoutes } from './service-api.js';
import { addHelpRoutes } from './help-routes.js';
import { addContactRoutes } from './contact-api.js';
import { addForwardRoutes } from './forward-api.js';
import { addLanguageRoutes } from './language-api.js';
import { chatSocketRoute } from './chat-socket.js';
import { clientAddress } from './client-address.js';
import { answerParserErrors } from './parser-errors.js';
import { routeUpgrades } from './upgrades.js';
import { addConsoleRoutes } from '../console/routes.js';
import { addCannedRoutes } from '../console/canned-routes.js';
import { consoleSocketRoute } from '../console/socket.js';
import { route } from './http.js';
import { openApiDocument } from './openapi.js';
import { metricsRoute } from './metrics.js';
import { serveFolder, serveI18next } from './static-files.js';
import { addStationRoutes } from './stations-api.js';
import { addAppointmentRoutes } from './appointment-api.js';
import { serveTheme, themeLinks } from './theme.js';
import type { WebParts } from './context.js';
export type { WebParts } from './context.js';

/** How long an idle keep-alive connection stays open: above nginx's upstream `keepalive_timeout` (60 s). */
const KEEP_ALIVE_MS = 65_000;

/** Builds the restify server and the web chat's socket server. */
export function createWebServer(ctx: WebParts): { server: Server; chatSockets: WebSocketServer; consoleSockets: WebSocketServer } {
  const server = restify.createServer({ name: 'relais', handleUncaughtExceptions: false });
  // Idle keep-alive connections are kept longer than a proxy in front keeps its own (nginx: 60 s): Node's
  // 5 s let nginx send a citizen's POST on a connection the hub was closing, and nginx does not retry a
  // POST (a 502, the message lost). Headers may take longer still, or a kept connection is cut short.
  server.server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.server.headersTimeout = KEEP_ALIVE_MS + 5_000;
  answerParserErrors(server.server);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // Who is calling, under TRUST_PROXY, once per request: every rate limit and cap reads it (clientIp).
  server.pre((req, _res, next) => {
    (req as typeof req & { clientAddress?: string }).clientAddress = clientAddress(req, ctx.trustProxy);
    // HEAD is GET without the body (RFC 9110): routed as GET, and Node sends no body, having read the
    // method when it made the response. Uptime probes send HEAD /health; restify alone answers 405.
    if (req.method === 'HEAD') req.method = 'GET';
    next();
  });
  server.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // restify's own errors (unknown route, wrong method) in the contract's shape.
  server.on('restifyError', (_req, _res, err, callback) => {
    const code = String(err.body?.code ?? err.name ?? 'error')
      .replace(/Error$/, '')
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .toLowerCase();
    err.toJSON = () => ({ error: { code, message: err.message || code } });
    return callback();
  });

  server.get(
    '/health',
    route(async (_req, res) => {
      try {
        // A bounded ping: while Redis restarts, ioredis would queue the command for seconds.
        await Promise.race([ctx.redis.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref())]);
        res.send(200, { status: 'ok', redis: 'ok', content: ctx.runtime.current.content.version });
      } catch {
        res.send(503, { status: 'unavailable', redis: 'unreachable' });
      }
    }, ctx.log),
  );
  // METRICS_TOKEN: bearer token for scrapers; unset = loopback callers only.
  server.get('/metrics', metricsRoute(ctx, { token: ctx.metricsToken }));

  server.get('/api/v1/openapi.json', (_req, res, next) => {
    res.send(200, openApiDocument());
    next();
  });
  // Before the citizen routes: /conversations/resume is not a conversation id.
  addServiceRoutes(server, ctx);
  addCitizenRoutes(server, ctx);
  addHelpRoutes(server, ctx);
  addStationRoutes(server, ctx);
  addContactRoutes(server, ctx);
  addLanguageRoutes(server, ctx);
  addAgentRoutes(server, ctx);
  addAppointmentRoutes(server, ctx);
  addForwardRoutes(server, ctx);
  addConsoleRoutes(server, ctx);
  addCannedRoutes(server, ctx);
  // Before the console's folder: its own name map would not find the vendored module.
  serveI18next(server, '/console/vendor/i18next.js');
  serveFolder(server, '/console', 'console/public');
  // The chat page may be framed by the sites of WIDGET_ORIGINS (widget.js's bubble); the console never.
  serveFolder(server, '/chat', 'web/public/chat', { frameAncestors: ctx.widgetOrigins });
  // The theme's sheets around the chat's own (WIDGET_THEME); the DSFR's files before the folder's name map.
  serveTheme(server, ctx.theme);
  const chatSheet = '<link rel="stylesheet" href="/chat.css">';
  serveFolder(server, '/', 'web/public', { frameAncestors: ctx.widgetOrigins, html: (page) => page.replace(chatSheet, themeLinks(ctx.theme, chatSheet)) });
  const chat = chatSocketRoute(ctx);
  const consoleRoute = consoleSocketRoute(ctx);
  routeUpgrades(server.server, [chat, consoleRoute], ctx.holds, (req) => clientAddress(req, ctx.trustProxy));
  server.server.once('close', () => consoleRoute.stop());
  return { server, chatSockets: chat.wss, consoleSockets: consoleRoute.wss };
}
