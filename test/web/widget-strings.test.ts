/** The widget's words are content (flows/widget.yaml): every key the page asks for is there in the
 * seven languages, the loader reports what an editor got wrong at file:line, and the hub serves
 * them per language, cached. */
import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../../src/content/load.js';
import { WIDGET_STRING_KEYS } from '../../src/content/widget-strings.js';
import { SUPPORTED_LOCALES } from '../../src/core/triage.js';
import { CONTENT_DIR, ROOT, useTestHub } from '../helpers/hub.js';

const PUBLIC = join(ROOT, 'src/web/public');

/** Every key the page's HTML marks and its modules ask `t()` for. */
function keysThePageUses(): Set<string> {
  const keys = new Set<string>();
  const html = readFileSync(join(PUBLIC, 'index.html'), 'utf8');
  for (const m of html.matchAll(/data-i18n(?:-aria-label|-placeholder)?="([A-Za-z0-9]+)"/g)) keys.add(m[1]!);
  for (const file of readdirSync(join(PUBLIC, 'chat'))) {
    const js = readFileSync(join(PUBLIC, 'chat', file), 'utf8');
    for (const m of js.matchAll(/\bt\('([A-Za-z0-9]+)'\)/g)) keys.add(m[1]!);
  }
  keys.add('pageTitle'); // applyI18n reads it by name
  return keys;
}

describe('the widget\u2019s words (flows/widget.yaml)', function () {
  this.timeout(30_000);

  it('has every key the page uses, each in the seven languages', async () => {
    const { content, problems } = await loadContent(CONTENT_DIR);
    expect(problems).to.deep.equal([]);
    const used = keysThePageUses();
    expect(used.size).to.be.greaterThan(50);
    for (const key of used) {
      expect(WIDGET_STRING_KEYS as readonly string[], `"${key}" is used by the page`).to.include(key);
      for (const locale of SUPPORTED_LOCALES) expect(content!.widget[key]?.[locale], `${key}.${locale}`).to.be.a('string').and.not.equal('');
    }
  });

  describe('an editor\u2019s mistakes, at file:line', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'relais-widget-'));
      for (const sub of ['flows', 'knowledge']) cpSync(join(CONTENT_DIR, sub), join(dir, sub), { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const edit = (change: (text: string) => string) => {
      const file = join(dir, 'flows/widget.yaml');
      writeFileSync(file, change(readFileSync(file, 'utf8')));
    };
    const lineOf = (needle: string) => readFileSync(join(dir, 'flows/widget.yaml'), 'utf8').split('\n').indexOf(needle) + 1;

    it('a language missing from the seven', async () => {
      edit((t) => t.replace('  pt: "Enviar"\n', ''));
      const { problems } = await loadContent(dir);
      expect(problems).to.deep.equal([{ file: 'flows/widget.yaml', line: lineOf('send:') + 1, message: '"send" has no "pt" text' }]);
    });

    it('a key the page needs is removed, and a misspelt one', async () => {
      edit((t) => t.replace(/^retry:/m, 'retyr:'));
      const { problems } = await loadContent(dir);
      expect(problems.map((p) => p.message)).to.have.members([
        '"retyr" is not a string the web chat uses (a misspelt key?)',
        `the web chat's string "retry" is missing`,
      ]);
      expect(problems.find((p) => p.message.startsWith('"retyr"'))!.line).to.equal(lineOf('retyr:') + 1); // the texts' first line
    });

    it('an empty text', async () => {
      edit((t) => t.replace('  de: "Senden"\n', '  de: ""\n'));
      const { problems } = await loadContent(dir);
      expect(problems).to.have.length(1);
      expect(problems[0]).to.include({ file: 'flows/widget.yaml', message: '"send" in "de" is empty' });
    });
  });

  describe('GET /api/v1/widget-strings', () => {
    const running = useTestHub();

    it('answers per language with the direction and the seven languages in their own names, cached with an ETag', async () => {
      const res = await fetch(`${running.hub.url}/api/v1/widget-strings?locale=ar`);
      expect(res.status).to.equal(200);
      const body = await res.json();
      expect(body.locale).to.equal('ar');
      expect(body.dir).to.equal('rtl');
      expect(body.strings.send).to.equal('إرسال');
      expect(body.languages.map((l: { name: string }) => l.name)).to.deep.equal([
        'Français',
        'English',
        'Español',
        'العربية',
        'Deutsch',
        'Português',
        'Italiano',
      ]);
      expect(res.headers.get('cache-control')).to.match(/max-age=\d+/);
      const etag = res.headers.get('etag')!;
      const again = await fetch(`${running.hub.url}/api/v1/widget-strings?locale=ar`, { headers: { 'if-none-match': etag } });
      expect(again.status).to.equal(304);
    });

    it('a regional tag gets its base language, another language French, a malformed one 400', async () => {
      expect((await (await fetch(`${running.hub.url}/api/v1/widget-strings?locale=pt-BR`)).json()).locale).to.equal('pt');
      const other = await (await fetch(`${running.hub.url}/api/v1/widget-strings?locale=tr`)).json();
      expect(other).to.include({ locale: 'fr', dir: 'ltr' });
      expect((await fetch(`${running.hub.url}/api/v1/widget-strings?locale=%3Cscript%3E`)).status).to.equal(400);
    });
  });
});
