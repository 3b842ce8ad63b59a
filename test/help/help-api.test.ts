/** The help centre over real HTTP: the search API's answers and errors, the pages' language,
 * escaping, headers and 404, the rate limit, and a content change shown at once. */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELP_PHRASES } from '../../src/content/load.js';
import { testClock } from '../helpers/clock.js';
import { ROOT, call, useTestHub, copyContent } from '../helpers/hub.js';

const LANGUAGES = ['fr', 'en', 'es', 'ar', 'de', 'pt', 'it'];

async function page(url: string, headers: Record<string, string> = {}): Promise<{ status: number; html: string; headers: Headers }> {
  const res = await fetch(url, { headers });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

describe('help centre over HTTP', function () {
  this.timeout(30_000);
  // A copy of the content, so that a test can edit it while the hub runs.
  const dir = mkdtempSync(join(tmpdir(), 'relais-help-'));
  copyContent(ROOT, dir);
  const running = useTestHub({ CONTENT_DIR: dir });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has the page chrome in all seven languages', () => {
    const { phrases } = running.hub.app.ctx.runtime.current.content;
    for (const key of HELP_PHRASES) expect(Object.keys(phrases[key] ?? {}), key).to.include.members(LANGUAGES);
  });

  describe('GET /api/v1/help', () => {
    it('returns matching topics best first, in the locale asked', async () => {
      const { status, body } = await call(`${running.hub.url}/api/v1/help?q=${encodeURIComponent('perdu passport')}&locale=fr`);
      expect(status).to.equal(200);
      expect(body.results[0]).to.include({ intent: 'perte_papiers', title: 'Papiers perdus ou volés' });
      expect(body.results[0].text).to.match(/^Carte d'identité ou passeport perdu/);
      expect(body.results[0].links[0]).to.deep.equal({ label: 'ANTS : pré-demande et rendez-vous', url: 'https://ants.gouv.fr/' });
      for (const r of body.results) expect(r).to.have.all.keys('intent', 'title', 'text', 'links');
    });

    it('finds the proxy vote with a typo, and bank card fraud with swapped letters', async () => {
      expect((await call(`${running.hub.url}/api/v1/help?q=procuraton`)).body.results[0].intent).to.equal('autre');
      expect((await call(`${running.hub.url}/api/v1/help?q=carte%20banciare`)).body.results[0].intent).to.equal('fraude_carte');
    });

    it('answers in each language, a regional tag included', async () => {
      const ar = (await call(`${running.hub.url}/api/v1/help?q=${encodeURIComponent('فقدت جواز سفري')}&locale=ar`)).body.results[0];
      expect(ar).to.include({ intent: 'perte_papiers', title: 'الوثائق الضائعة أو المسروقة' });
      const br = (await call(`${running.hub.url}/api/v1/help?q=passaporte%20perdido&locale=pt-BR`)).body.results[0];
      expect(br).to.include({ intent: 'perte_papiers', title: 'Documentos perdidos ou roubados' });
    });

    it('returns an empty list when nothing matches', async () => {
      expect(await call(`${running.hub.url}/api/v1/help?q=xyzzy`)).to.deep.equal({ status: 200, body: { results: [] } });
    });

    it('refuses a missing, blank or too long q, and a malformed locale', async () => {
      for (const q of ['', '?q=', '?q=%20%20', `?q=${'a'.repeat(201)}`]) {
        const res = await call(`${running.hub.url}/api/v1/help${q}`);
        expect(res.status, q).to.equal(400);
        expect(res.body.error.code, q).to.equal('invalid_q');
      }
      expect((await call(`${running.hub.url}/api/v1/help?q=${'a'.repeat(200)}`)).status).to.equal(200);
      const bad = await call(`${running.hub.url}/api/v1/help?q=vol&locale=${encodeURIComponent('<fr>')}`);
      expect([bad.status, bad.body.error.code]).to.deep.equal([400, 'invalid_locale']);
    });

    it('is described in the OpenAPI document with its errors', async () => {
      const op = (await call(`${running.hub.url}/api/v1/openapi.json`)).body.paths['/api/v1/help'].get;
      expect(op.parameters.map((p: { name: string }) => p.name)).to.deep.equal(['q', 'locale']);
      expect(op.parameters[0].required).to.equal(true);
      expect(op.responses).to.include.keys('200', '400', '429');
    });
  });

  describe('GET /aide', () => {
    it('lists the topics in French by default, with a search form and no script', async () => {
      const res = await page(`${running.hub.url}/aide`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).to.include("default-src 'none'").and.include("form-action 'self'");
      expect(res.html).to.include('<html lang="fr" dir="ltr">');
      expect(res.html).to.include('<form class="search" role="search" action="/aide" method="get">');
      expect(res.html).to.include('href="/aide/perte_papiers?lang=fr"');
      expect(res.html).to.not.include('/aide/salutation');
      expect(res.html).to.not.match(/<script|style=/i);
      expect((await page(`${running.hub.url}/aide/`)).status).to.equal(200);
      const css = await fetch(`${running.hub.url}/aide.css`);
      expect([css.status, css.headers.get('content-type')]).to.deep.equal([200, 'text/css; charset=utf-8']);
    });

    it('speaks the language of ?lang=, else of Accept-Language; Arabic right to left', async () => {
      const ar = await page(`${running.hub.url}/aide?lang=ar`);
      expect(ar.html).to.include('<html lang="ar" dir="rtl">').and.include('المساعدة والأسئلة الشائعة');
      const de = await page(`${running.hub.url}/aide`, { 'accept-language': 'ja, de-CH;q=0.9, en;q=0.8' });
      expect(de.html).to.include('<html lang="de" dir="ltr">').and.include('Hilfe und häufige Fragen');
      expect(de.headers.get('vary')).to.include('Accept-Language');
      const chosen = await page(`${running.hub.url}/aide?lang=it`, { 'accept-language': 'de' });
      expect(chosen.html).to.include('<html lang="it"');
      // A language the content does not offer, or a malformed one, falls back (a page never answers 400).
      for (const lang of ['ja', '%3Cscript%3E', 'x'.repeat(50)]) {
        const res = await page(`${running.hub.url}/aide?lang=${lang}`);
        expect([res.status, res.html.includes('<html lang="fr"')], lang).to.deep.equal([200, true]);
      }
    });

    it('shows search results server-side and escapes what the citizen typed', async () => {
      const found = await page(`${running.hub.url}/aide?q=procuraton&lang=fr`);
      expect(found.html).to.match(
        /<h2 id="results-title">Résultats pour « procuraton »<\/h2>\s*<ol class="topic-list"><li><a href="\/aide\/autre\?lang=fr">Autre demande<\/a>/,
      );
      const hostile = await page(`${running.hub.url}/aide?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
      expect(hostile.html).to.not.include('<script>');
      expect(hostile.html).to.include('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
      expect((await page(`${running.hub.url}/aide?q=xyzzy`)).html).to.include('<p class="empty">Aucun résultat.');
    });
  });

  describe('GET /aide/{intent}', () => {
    it('shows one topic: title, answer and links', async () => {
      const res = await page(`${running.hub.url}/aide/fraude_carte?lang=en`);
      expect(res.status).to.equal(200);
      expect(res.html).to.include('<h1 id="topic-title">Bank card fraud</h1>');
      expect(res.html).to.include('<p>If you still have your card and unknown purchases appear');
      expect(res.html).to.match(/<a href="https:\/\/[^"]+" rel="noopener noreferrer">/);
      expect(res.html).to.include('href="/aide?lang=en"');
    });

    it('shows a topic\u2019s sub-answers under their own titles, with their links; the API gives them too', async () => {
      const res = await page(`${running.hub.url}/aide/autre?lang=fr`);
      expect(res.html).to.include('<h2 id="answer-fourriere">Véhicule en fourrière</h2>');
      expect(res.html).to.include('<h2 id="answer-procuration">Procuration de vote</h2>');
      expect(res.html).to.include('<a href="https://www.maprocuration.gouv.fr/" rel="noopener noreferrer">Ma procuration</a>');
      const { body } = await call(`${running.hub.url}/api/v1/help?q=fourri%C3%A8re&locale=en`);
      expect(body.results[0].intent).to.equal('autre');
      const fourriere = body.results[0].answers.find((a: { id: string }) => a.id === 'fourriere');
      expect(fourriere.title).to.equal('Car towed to the pound');
      expect(fourriere.links[0].url).to.equal('https://lannuaire.service-public.fr/');
    });

    it('answers an unknown or hidden topic with a 404 page in the citizen\u2019s language', async () => {
      for (const intent of ['nope', 'salutation', '%3Cb%3E']) {
        const res = await page(`${running.hub.url}/aide/${intent}?lang=es`);
        expect(res.status, intent).to.equal(404);
        expect(res.headers.get('content-type')).to.equal('text/html; charset=utf-8');
        expect(res.html).to.include('Esta página no existe.');
        expect(res.html).to.not.include('<b>');
      }
    });

    it('shows a content change at once (the content in force)', async () => {
      const file = join(dir, 'knowledge/intents/fraude_carte.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('fr: "Fraude à la carte bancaire"', 'fr: "Carte bancaire : achats inconnus"'));
      expect(await running.hub.app.ctx.runtime.reload()).to.deep.equal([]);
      expect((await page(`${running.hub.url}/aide/fraude_carte`)).html).to.include('<h1 id="topic-title">Carte bancaire : achats inconnus</h1>');
      expect((await call(`${running.hub.url}/api/v1/help?q=achats%20inconnus`)).body.results[0].intent).to.equal('fraude_carte');
    });
  });
});

describe('help centre rate limit', function () {
  this.timeout(30_000);
  // The limits count per clock minute: on the real clock, the 600 hits could straddle two minutes
  // (a CI run failed so). The hub's clock starts at the top of a minute and does not move.
  const running = useTestHub({ RATE_LIMITS: 'on' }, { clock: testClock() });

  it('answers 429 after the budget, in JSON for the API and as a page for people', async () => {
    const { limiter } = running.hub.app.ctx;
    for (let i = 0; i < 600; i++) await limiter.hit('help', '127.0.0.1', { max: 600, windowSeconds: 60 });
    const api = await call(`${running.hub.url}/api/v1/help?q=vol`);
    expect([api.status, api.body.error.code]).to.deep.equal([429, 'rate_limited']);
    const res = await page(`${running.hub.url}/aide?lang=en`);
    expect(res.status).to.equal(429);
    expect(res.html).to.include('Too many requests in a short time.');
  });
});
