/** The help centre's pages, rendered on the server from the content in force: no script at all, so
 * they work without JavaScript and under a CSP that allows none; every text is escaped (html.ts). */
import { html, type SafeHtml } from './html.js';
import { layout, pageUrl, phrases } from './layout.js';
import { helpEntries, type HelpTopic, topicIn } from './topics.js';

export type { PageContext } from './layout.js';
import type { PageContext } from './layout.js';

/** The longest search text the form sends (the API's limit too). */
export const MAX_QUERY_CHARS = 200;

/** The home page: the search box, the results of `query` when there is one, and every topic. */
export function renderHelpHome(ctx: PageContext, search?: { query: string; results: HelpTopic[] }): string {
  const t = phrases(ctx);
  const topics = helpEntries(ctx.version.content)
    .map((entry) => topicIn(entry, ctx.lang))
    .sort((a, b) => a.title.localeCompare(b.title, ctx.lang));
  const results =
    search &&
    html`<section class="results" aria-labelledby="results-title">
      <h2 id="results-title">${t('help_results', { q: search.query })}</h2>
      ${
        search.results.length
          ? html`<ol class="topic-list">${search.results.map((topic) => html`<li>${topicLink(ctx, topic, true)}</li>`)}</ol>`
          : html`<p class="empty">${t('help_no_results')}</p>`
      }
    </section>`;
  const body = html`<h1>${t('help_title')}</h1>
    <p class="intro">${t('help_intro')}</p>
    <form class="search" role="search" action="/aide" method="get">
      <label for="q">${t('help_search_label')}</label>
      <p id="q-hint" class="hint">${t('help_search_hint')}</p>
      <div class="search-row">
        <input id="q" name="q" type="search" maxlength="${MAX_QUERY_CHARS}" value="${search?.query ?? ''}" aria-describedby="q-hint" autocomplete="off">
        <input type="hidden" name="lang" value="${ctx.lang}">
        <button type="submit">${t('help_search_button')}</button>
      </div>
    </form>
    ${results}
    <section aria-labelledby="topics-title">
      <h2 id="topics-title">${t('help_topics')}</h2>
      <ul class="topic-list">${topics.map((topic) => html`<li>${topicLink(ctx, topic, false)}</li>`)}</ul>
    </section>`;
  return layout(ctx, {
    title: search ? `${t('help_results', { q: search.query })} — ${t('help_title')}` : t('help_title'),
    path: '/aide',
    body,
    query: search?.query,
  });
}

/** One topic: its title, its answer paragraph by paragraph, and its links. */
export function renderHelpTopic(ctx: PageContext, topic: HelpTopic): string {
  const t = phrases(ctx);
  const body = html`<p class="back"><a href="${pageUrl('/aide', ctx.lang)}">${t('help_back')}</a></p>
    <article aria-labelledby="topic-title">
      <h1 id="topic-title">${topic.title}</h1>
      ${paragraphs(topic.text).map((p) => html`<p>${p}</p>`)}
      ${(topic.answers ?? []).map(
        (sub) => html`<section class="sub-answer" aria-labelledby="answer-${sub.id}">
          <h2 id="answer-${sub.id}">${sub.title}</h2>
          ${paragraphs(sub.text).map((p) => html`<p>${p}</p>`)}
          ${sub.links.length > 0 && html`<ul>${sub.links.map((link) => html`<li><a href="${safeUrl(link.url)}" rel="noopener noreferrer">${link.label}</a></li>`)}</ul>`}
        </section>`,
      )}
      ${
        topic.links.length > 0 &&
        html`<section class="links" aria-labelledby="links-title">
          <h2 id="links-title">${t('help_links')}</h2>
          <ul>${topic.links.map((link) => html`<li><a href="${safeUrl(link.url)}" rel="noopener noreferrer">${link.label}</a></li>`)}</ul>
        </section>`
      }
    </article>`;
  return layout(ctx, { title: `${topic.title} — ${t('help_title')}`, path: `/aide/${topic.intent}`, body });
}

/** A page saying what went wrong (`help_not_found`, `help_busy`, `help_error`), with the way back. */
export function renderHelpProblem(ctx: PageContext, phrase: 'help_not_found' | 'help_busy' | 'help_error'): string {
  const t = phrases(ctx);
  const body = html`<h1>${t('help_title')}</h1>
    <p class="problem">${t(phrase)}</p>
    <p class="back"><a href="${pageUrl('/aide', ctx.lang)}">${t('help_back')}</a></p>`;
  return layout(ctx, { title: `${t(phrase)} — ${t('help_title')}`, path: '/aide', body });
}

function topicLink(ctx: PageContext, topic: HelpTopic, withExcerpt: boolean): SafeHtml {
  return html`<a href="${pageUrl(`/aide/${topic.intent}`, ctx.lang)}">${topic.title}</a>${withExcerpt && html`<p class="excerpt">${excerpt(topic.text)}</p>`}`;
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The first paragraph, cut at a word near 180 characters. */
function excerpt(text: string): string {
  const first = paragraphs(text)[0] ?? '';
  if (first.length <= 180) return first;
  return `${first.slice(0, first.lastIndexOf(' ', 180))} …`;
}

/** Links come from content (checked when loaded); only web addresses become links all the same. */
function safeUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#';
}
