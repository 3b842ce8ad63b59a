/** The help centre over HTTP (contract "Public-service features"): the pages `/aide` and
 * `/aide/{intent}`, and the search `GET /api/v1/help`, all from the content in force. */
import type { Request, Response, Server } from 'restify';
import {
  chooseLanguage,
  helpEntry,
  helpLanguages,
  legalPageLanguages,
  type PageContext,
  renderHelpHome,
  renderHelpProblem,
  renderHelpTopic,
  renderLegalPage,
  searchHelp,
  topicIn,
} from '../help/index.js';
import { clientIp } from './citizen-api.js';
import type { WebParts } from './context.js';
import { HttpError, parseQuery, route } from './http.js';
import { LEGAL_PAGES } from '../content/legal-pages.js';
import type { Content } from '../content/types.js';
import { LIMITS } from './rate-limit.js';
import { helpPageQuery, helpQuery } from './schemas.js';

/** The pages hold no script at all, load only this hub's style sheets (and the theme's fonts and icons),
 * and submit only to themselves. */
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // The language may come from Accept-Language.
  Vary: 'Accept-Language',
};

/** What the help routes use. */
export type HelpParts = Pick<WebParts, 'runtime' | 'limiter' | 'log' | 'theme'>;

/** Registers the help centre's pages and search, and the legal pages (`/mentions-legales`,
 * `/donnees-personnelles`, `/accessibilite`) in the same frame. */
export function addHelpRoutes(server: Server, ctx: HelpParts): void {
  const { runtime, limiter, log } = ctx;

  server.get(
    '/api/v1/help',
    route(async (req, res) => {
      await limiter.hit('help', clientIp(req), LIMITS.help);
      const { q, locale = 'fr' } = parseQuery(req, helpQuery);
      const { content } = runtime.current;
      const results = searchHelp(content, q, locale).map((hit) => topicIn(content.knowledge.get(hit.intent)!, locale));
      res.send(200, { results });
    }, log),
  );

  const home = page(ctx, (req, pageCtx) => {
    const query = (fieldOf(req, 'q') ?? '').trim();
    if (!query) return { status: 200, body: renderHelpHome(pageCtx) };
    const { content } = pageCtx.version;
    const results = searchHelp(content, query, pageCtx.lang).map((hit) => topicIn(content.knowledge.get(hit.intent)!, pageCtx.lang));
    return { status: 200, body: renderHelpHome(pageCtx, { query, results }) };
  });
  server.get('/aide', home);
  server.get('/aide/', home);
  server.get(
    '/aide/:intent',
    page(ctx, (req, pageCtx) => {
      const entry = helpEntry(pageCtx.version.content, String(req.params?.intent ?? ''));
      if (!entry) return { status: 404, body: renderHelpProblem(pageCtx, 'help_not_found') };
      return { status: 200, body: renderHelpTopic(pageCtx, topicIn(entry, pageCtx.lang)) };
    }),
  );
  for (const name of LEGAL_PAGES) {
    // A loaded content always has the three pages (src/content/load.ts refuses it otherwise).
    const languages = (content: Content) => legalPageLanguages(content.pages.get(name)!);
    server.get(
      `/${name}`,
      page(ctx, (_req, pageCtx) => ({ status: 200, body: renderLegalPage(pageCtx, pageCtx.version.content.pages.get(name)!) }), languages),
    );
  }
}

/** A page route: rate-limited, in the citizen's language, and answering in HTML even when it fails. */
function page(
  ctx: HelpParts,
  render: (req: Request, pageCtx: PageContext) => { status: number; body: string },
  languagesOf: (content: Content) => string[] = helpLanguages,
) {
  return route(async (req: Request, res: Response) => {
    // One version for the whole page: a reload meanwhile cannot mix two.
    const version = ctx.runtime.current;
    const languages = languagesOf(version.content);
    const lang = chooseLanguage(languages, { lang: fieldOf(req, 'lang'), acceptLanguage: req.headers['accept-language'] });
    const pageCtx: PageContext = { version, lang, languages, theme: ctx.theme };
    let result: { status: number; body: string };
    try {
      await ctx.limiter.hit('help', clientIp(req), LIMITS.help);
      result = render(req, pageCtx);
    } catch (err) {
      const busy = err instanceof HttpError && err.status === 429;
      if (!busy) ctx.log.error('help page failed', { error: err instanceof Error ? err.message : String(err) });
      result = { status: busy ? 429 : 500, body: renderHelpProblem(pageCtx, busy ? 'help_busy' : 'help_error') };
    }
    res.writeHead(result.status, PAGE_HEADERS);
    res.end(result.body);
  }, ctx.log);
}

/** A query field of a page if it is well formed (helpPageQuery), else nothing: a page ignores what it cannot use. */
function fieldOf(req: Request, field: 'lang' | 'q'): string | undefined {
  const parsed = helpPageQuery.shape[field].safeParse((req.query as Record<string, unknown> | undefined)?.[field]);
  return parsed.success ? parsed.data : undefined;
}
