/** The legal pages (flows/pages/*.yaml) over HTTP: each served at its path in the help centre's frame,
 * in the language asked for when written in it, escaped, under the pages' strict CSP, and linked from
 * every help-centre page; an editor's mistakes in a page named at file:line. */
import { expect } from 'chai';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../../src/content/load.js';
import { ROOT, startTestHub, type TestHub, useTestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const PAGES = [
  ['/mentions-legales', 'Mentions légales', 'Legal notice'],
  ['/donnees-personnelles', 'Données personnelles', 'Personal data'],
  ['/accessibilite', "Déclaration d'accessibilité", 'Accessibility statement'],
] as const;

/** A copy of the shipped content, to edit. */
function contentCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'relais-pages-'));
  for (const sub of ['flows', 'knowledge']) cpSync(join(ROOT, sub), join(dir, sub), { recursive: true });
  return dir;
}

/** The footer's links of a page, as [text, href]. */
function legalLinks(html: string): [string, string][] {
  const nav = /<ul class="legal-links">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...nav.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[2]!.replace(/&#39;/g, "'"), m[1]!.replace(/&amp;/g, '&')]);
}

describe('legal pages', function () {
  this.timeout(30_000);

  describe('over HTTP', () => {
    const running = useTestHub();

    for (const [path, fr, en] of PAGES) {
      it(`serves ${path} in French and English, in the help centre's frame, under a CSP without scripts`, async () => {
        const res = await fetch(`${running.hub.url}${path}`);
        expect(res.status).to.equal(200);
        expect(res.headers.get('content-type')).to.equal('text/html; charset=utf-8');
        expect(res.headers.get('content-security-policy')).to.match(/^default-src 'none'; style-src 'self';/);
        const html = await res.text();
        expect(html).to.include('<html lang="fr" dir="ltr">');
        expect(html).to.include(`<h1 id="page-title">${fr.replace(/'/g, '&#39;')}</h1>`);
        expect(html).not.to.match(/<script/i);
        expect(legalLinks(html).map(([, href]) => href)).to.deep.equal(PAGES.map(([p]) => `${p}?lang=fr`));
        // The languages offered are those the page is written in.
        expect(html).to.include(`href="${path}?lang=en" lang="en" hreflang="en"`);
        expect(html).not.to.include('hreflang="de"');

        const english = await (await fetch(`${running.hub.url}${path}?lang=en`)).text();
        expect(english).to.include('<html lang="en" dir="ltr">');
        expect(english).to.include(`<h1 id="page-title">${en}</h1>`);
        expect(legalLinks(english).map(([text]) => text)).to.deep.equal(PAGES.map(([, , title]) => title));
      });
    }

    it('links the three pages from every help-centre page, in its language', async () => {
      for (const path of ['/aide', '/aide/perte_papiers?lang=es', '/aide/nope']) {
        const html = await (await fetch(`${running.hub.url}${path}`)).text();
        const lang = path.includes('lang=es') ? 'es' : 'fr';
        expect(
          legalLinks(html).map(([, href]) => href),
          path,
        ).to.deep.equal(PAGES.map(([p]) => `${p}?lang=${lang}`));
      }
      // Spanish is not written: the titles are in English, the next language shown.
      const spanish = await (await fetch(`${running.hub.url}/aide?lang=es`)).text();
      expect(spanish).to.include('<nav aria-label="Información legal">');
      expect(legalLinks(spanish)[0]![0]).to.equal('Legal notice');
    });

    it('shows a language the page lacks by Accept-Language, then in French', async () => {
      const german = await fetch(`${running.hub.url}/donnees-personnelles?lang=de`, { headers: { 'accept-language': 'de, en;q=0.5' } });
      expect(await german.text()).to.include('<html lang="en"');
      expect(german.headers.get('vary')).to.equal('Accept-Language');
      expect(await (await fetch(`${running.hub.url}/donnees-personnelles?lang=x%3Cy`)).text()).to.include('<html lang="fr"');
    });

    it('says on the personal data page what the software keeps, as docs/security.md does', async () => {
      const html = await (await fetch(`${running.hub.url}/donnees-personnelles`)).text();
      expect(html).to.include('24 heures après la clôture');
      expect(html).to.include('Quitter et effacer');
      expect(html).to.include('<a href="https://www.cnil.fr/" rel="noopener noreferrer">CNIL</a>');
      expect(html).to.match(/<h2>Ce que nous gardons, et combien de temps<\/h2>\s*<ul><li>/);
    });
  });

  describe('from the content files', () => {
    let dir: string;
    let redis: TestRedis;
    let hub: TestHub;

    before(async () => {
      dir = contentCopy();
      writeFileSync(
        join(dir, 'flows/pages/mentions-legales.yaml'),
        'title: {fr: "Éditeur & <hébergeur>"}\nbody:\n  fr: |\n    ## Tarif < 5 € & "plus"\n    Voir [la page « A & B »](https://example.org/a?b=1&c=2) ou <3.\n',
      );
      redis = await startTestRedis();
      hub = await startTestHub(redis.url, { CONTENT_DIR: dir });
    });
    after(async () => {
      await hub?.stop();
      await redis?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('escapes every text of an edited page and only links https addresses', async () => {
      const html = await (await fetch(`${hub.url}/mentions-legales`)).text();
      expect(html).to.include('<title>Éditeur &amp; &lt;hébergeur&gt;</title>');
      expect(html).to.include('<h2>Tarif &lt; 5 € &amp; &quot;plus&quot;</h2>');
      expect(html).to.include('<p>Voir <a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">la page « A &amp; B »</a> ou &lt;3.</p>');
    });
  });

  describe('validation', () => {
    let dir: string;
    beforeEach(() => {
      dir = contentCopy();
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('loads the shipped pages clean', async () => {
      const { content, problems } = await loadContent(ROOT);
      expect(problems).to.deep.equal([]);
      expect([...content!.pages.keys()].sort()).to.deep.equal(['accessibilite', 'donnees-personnelles', 'mentions-legales']);
    });

    it('names each mistake of a page at its file and line', async () => {
      for (const name of ['accessibilite.yaml', 'conditions.yaml']) cpSync(join(ROOT, 'test/fixtures/legal-pages', name), join(dir, 'flows/pages', name));
      const { content, problems } = await loadContent(dir);
      expect(content).to.equal(undefined);
      const file = 'flows/pages/accessibilite.yaml';
      expect(problems.filter((p) => p.file.startsWith('flows/pages/'))).to.have.deep.members([
        { file, line: 3, message: '"title" has no "fr" text' },
        { file, line: 6, message: 'body "fr": use "## " or "### " for a heading (the title is the page\'s only top heading)' },
        { file, line: 7, message: 'body "fr": HTML is not allowed; write plain text (it is shown as typed)' },
        { file, line: 9, message: 'body "fr": link "Recours" must go to a full https:// address (got "http://www.defenseurdesdroits.fr/")' },
        { file, line: 5, message: 'the body is in "fr" but the title is not' },
        { file, line: 10, message: 'the body is in "de" but the title is not' },
        { file, line: 11, message: 'unknown key "footer" (a page has "title" and "body")' },
        {
          file: 'flows/pages/conditions.yaml',
          line: 2,
          message: 'unexpected page "conditions": flows/pages/ holds mentions-legales.yaml, donnees-personnelles.yaml, accessibilite.yaml',
        },
      ]);
    });

    it('refuses a content without one of the three pages', async () => {
      rmSync(join(dir, 'flows/pages/accessibilite.yaml'));
      const { problems } = await loadContent(dir);
      expect(problems).to.deep.equal([
        { file: 'flows/pages/accessibilite.yaml', line: 1, message: 'the page "/accessibilite" is missing (the footers link to it)' },
      ]);
    });
  });
});
