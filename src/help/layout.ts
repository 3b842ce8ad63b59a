/** The frame every server-rendered page shares (help centre, legal pages): one style sheet, no
 * script, the languages offered, and a footer linking the chat and the legal pages. */
import type { ContentVersion } from '../content/runtime.js';
import { LEGAL_PAGES, legalText } from '../content/legal-pages.js';
import { html, type SafeHtml } from './html.js';
import { textDirection } from './languages.js';

/** What every page is told: the content in force and the page's language among those offered. */
export interface PageContext {
  version: Pick<ContentVersion, 'content' | 'phrases'>;
  lang: string;
  languages: readonly string[];
  /** The theme's style sheets before and after the page's own (WIDGET_THEME, web/theme.ts); none by default. */
  theme?: { before: readonly string[]; after: readonly string[] };
}

/** The page around `body`: the skip link, the header with the languages, the footer with the chat,
 * the emergency numbers and the legal pages. */
export function layout(ctx: PageContext, page: { title: string; path: string; body: SafeHtml; query?: string }): string {
  const t = phrases(ctx);
  const languages = ctx.languages.map((lang) => {
    const name = ctx.version.phrases.t('help_language_name', lang);
    const current = lang === ctx.lang ? 'page' : undefined;
    return html`<li><a href="${pageUrl(page.path, lang, page.query)}" lang="${lang}" hreflang="${lang}"${current && html` aria-current="page"`}>${name}</a></li>`;
  });
  return html`<!doctype html>
<html lang="${ctx.lang}" dir="${textDirection(ctx.lang)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>${page.title}</title>
  <link rel="icon" href="data:,">
  ${sheets(ctx)}
</head>
<body>
  <a class="skip" href="#main">${t('help_skip')}</a>
  <header class="site-header">
    <p class="brand"><span class="brand-flag" aria-hidden="true"><span></span><span></span><span></span></span><a href="${pageUrl('/aide', ctx.lang)}">Relais</a></p>
    <nav aria-label="${t('help_language')}"><ul class="languages">${languages}</ul></nav>
  </header>
  <main id="main" tabindex="-1">
    ${page.body}
  </main>
  <footer class="site-footer">
    <p><a class="chat-link" href="${pageUrl('/', ctx.lang)}">${t('help_chat')}</a></p>
    <p class="emergency">${t('help_footer')}</p>
    <nav aria-label="${t('legal_links')}"><ul class="legal-links">${legalLinks(ctx)}</ul></nav>
  </footer>
</body>
</html>
`.markup;
}

/** The page's style sheet, with the theme's around it. */
function sheets(ctx: PageContext): SafeHtml[] {
  const { before = [], after = [] } = ctx.theme ?? {};
  return [...before, '/aide.css', ...after].map((href) => html`<link rel="stylesheet" href="${href}">`);
}

/** The footer's links to the legal pages, titled in the page's language. */
function legalLinks(ctx: PageContext): SafeHtml[] {
  return LEGAL_PAGES.flatMap((name) => {
    const page = ctx.version.content.pages.get(name);
    return page ? [html`<li><a href="${pageUrl(`/${name}`, ctx.lang)}">${legalText(page.title, ctx.lang)}</a></li>`] : [];
  });
}

/** The page's phrases, with its language (flows/phrases.yaml). */
export function phrases(ctx: PageContext): (key: string, vars?: Record<string, string>) => string {
  return (key, vars) => ctx.version.phrases.t(key, ctx.lang, vars);
}

/** A page of the help centre (or the chat) in a language, with a search when there is one. */
export function pageUrl(path: string, lang: string, query?: string): string {
  const params = new URLSearchParams({ ...(query ? { q: query } : {}), lang });
  return `${path}?${params}`;
}
