/** A legal page (flows/pages/*.yaml) as HTML in the help centre's frame: the editor's light markup
 * (src/content/legal-pages.ts) becomes headings, lists, paragraphs and links, every text escaped. */
import { INLINE_LINK, type LegalPage, legalText } from '../content/legal-pages.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageContext } from './layout.js';

/** The languages a legal page is offered in: French first, then those its body is written in. */
export function legalPageLanguages(page: LegalPage): string[] {
  return ['fr', ...Object.keys(page.body).filter((l) => l !== 'fr')];
}

/** The whole page in `ctx.lang` (English, then French, where it is not written). */
export function renderLegalPage(ctx: PageContext, page: LegalPage): string {
  const title = legalText(page.title, ctx.lang);
  const body = html`<article aria-labelledby="page-title" class="legal">
      <h1 id="page-title">${title}</h1>
      ${blocks(legalText(page.body, ctx.lang))}
    </article>`;
  return layout(ctx, { title, path: `/${page.name}`, body });
}

/** Blocks are separated by blank lines; in a block, "## "/"### " lines are headings, "- " lines a list. */
function blocks(text: string): SafeHtml[] {
  const out: SafeHtml[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    let paragraph: string[] = [];
    let items: string[] = [];
    const flush = () => {
      if (paragraph.length) out.push(html`<p>${inline(paragraph.join(' '))}</p>`);
      if (items.length) out.push(html`<ul>${items.map((item) => html`<li>${inline(item)}</li>`)}</ul>`);
      paragraph = [];
      items = [];
    };
    for (const line of lines) {
      const heading = /^(###?)\s+(.*)$/.exec(line);
      if (heading) {
        flush();
        out.push(heading[1] === '##' ? html`<h2>${inline(heading[2]!)}</h2>` : html`<h3>${inline(heading[2]!)}</h3>`);
      } else if (line.startsWith('- ')) {
        if (paragraph.length) flush();
        items.push(line.slice(2));
      } else {
        if (items.length) flush();
        paragraph.push(line);
      }
    }
    flush();
  }
  return out;
}

/** Text with its `[label](https://...)` links; anything else is escaped text. */
function inline(text: string): SafeHtml {
  const parts: (string | SafeHtml)[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE_LINK)) {
    parts.push(text.slice(last, match.index));
    const url = match[2]!;
    // Checked when loaded; only web addresses become links all the same.
    parts.push(/^https:\/\//.test(url) ? html`<a href="${url}" rel="noopener noreferrer">${match[1]}</a>` : match[0]);
    last = match.index! + match[0].length;
  }
  parts.push(text.slice(last));
  return html`${parts}`;
}
