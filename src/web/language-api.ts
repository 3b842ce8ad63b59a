/** The citizen's language (docs/api-extensions.md): the web chat's own words in one of the seven
 * complete languages (GET /api/v1/widget-strings, from flows/widget.yaml), and the citizen's choice
 * of language for a conversation (POST /api/v1/conversations/{id}/locale) and of easy-to-read French
 * (POST /api/v1/conversations/{id}/easy-read). */
import type { Server } from 'restify';
import type { Content } from '../content/types.js';
import { SUPPORTED_LOCALES } from '../core/triage.js';
import { normaliseLocale } from '../hub/receive.js';
import { pickText } from '../i18n/phrases.js';
import { authorise } from './citizen-api.js';
import type { CitizenParts } from './context.js';
import { parseBody, parseQuery, route } from './http.js';
import { countCitizenMessage } from './rate-limit.js';
import { conversationEasyReadBody, conversationLocaleBody, widgetStringsQuery } from './schemas.js';

/** Languages written right to left among the seven. */
const RIGHT_TO_LEFT = new Set(['ar']);
/** The page asks once per load; a content change reaches new pages within this time. */
const MAX_AGE_SECONDS = 300;

/** The body of GET /api/v1/widget-strings for one locale. */
export interface WidgetStrings {
  locale: string;
  dir: 'ltr' | 'rtl';
  /** The seven languages, each in its own name, for the "Langue / Language" control. */
  languages: { code: string; name: string; dir: 'ltr' | 'rtl' }[];
  strings: Record<string, string>;
}

// Built once per content version and locale: the content object changes when it is reloaded.
const built = new WeakMap<Content, Map<string, WidgetStrings>>();

/** The widget's words in `locale` (one of the seven) from `content`. */
export function widgetStrings(content: Content, locale: string): WidgetStrings {
  let byLocale = built.get(content);
  if (!byLocale) {
    byLocale = new Map();
    built.set(content, byLocale);
  }
  const cached = byLocale.get(locale);
  if (cached) return cached;
  const dirOf = (code: string) => (RIGHT_TO_LEFT.has(code) ? 'rtl' : 'ltr') as WidgetStrings['dir'];
  const languageName = content.phrases.help_language_name;
  const body: WidgetStrings = {
    locale,
    dir: dirOf(locale),
    languages: SUPPORTED_LOCALES.map((code) => ({ code, name: languageName ? pickText(languageName, code) : code, dir: dirOf(code) })),
    strings: Object.fromEntries(Object.entries(content.widget).map(([key, text]) => [key, pickText(text, locale)])),
  };
  byLocale.set(locale, body);
  return body;
}

/** Registers GET /api/v1/widget-strings, POST /api/v1/conversations/{id}/locale and …/easy-read. */
export function addLanguageRoutes(server: Server, ctx: CitizenParts): void {
  server.get(
    '/api/v1/widget-strings',
    route(async (req, res) => {
      const { locale } = parseQuery(req, widgetStringsQuery);
      const { content } = ctx.runtime.current;
      const chosen = normaliseLocale(locale);
      const etag = `"${content.version}-${chosen}"`;
      res.header('Cache-Control', `public, max-age=${MAX_AGE_SECONDS}`);
      res.header('ETag', etag);
      res.header('Vary', 'Accept-Encoding');
      if (req.headers['if-none-match'] === etag) return void res.send(304);
      res.send(200, widgetStrings(content, chosen));
    }, ctx.log),
  );

  server.post(
    '/api/v1/conversations/:id/locale',
    route(async (req, res) => {
      const { id, token } = await authorise(ctx, req);
      await countCitizenMessage(ctx.limiter, id, token);
      const { locale } = await parseBody(req, conversationLocaleBody, ctx.maxBodyBytes);
      await ctx.localeChoice.choose(id, locale);
      res.send(200, { locale });
    }, ctx.log),
  );

  server.post(
    '/api/v1/conversations/:id/easy-read',
    route(async (req, res) => {
      const { id, token } = await authorise(ctx, req);
      await countCitizenMessage(ctx.limiter, id, token);
      const { easyRead } = await parseBody(req, conversationEasyReadBody, ctx.maxBodyBytes);
      await ctx.easyReadChoice.choose(id, easyRead);
      res.send(200, { easyRead });
    }, ctx.log),
  );
}
