/** WIDGET_THEME=dsfr: the State design system, installed by the operator (never a dependency), served by
 * the hub itself from DSFR_DIR — here a stand-in with the package's layout (test/fixtures/dsfr) — with the
 * right types and the same strict CSP, linked by the chat, the help centre and the legal pages; without
 * the package the hub refuses to start in one line saying how to install it; by default nothing of it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, type LaunchedBrowser, recordPageProblems } from '../helpers/browser.js';
import { ROOT, useTestHub } from '../helpers/hub.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'dsfr');

/** The `<link rel="stylesheet">` addresses of a page, in order. */
function sheetsOf(page: string): string[] {
  return [...page.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]!);
}

describe('DSFR theme (WIDGET_THEME=dsfr)', function () {
  this.timeout(60_000);

  describe('by default', () => {
    const running = useTestHub();

    it('links only the neutral sheets and serves nothing of the DSFR', async () => {
      expect(sheetsOf(await (await fetch(`${running.hub.url}/`)).text())).to.deep.equal(['/chat.css']);
      expect(sheetsOf(await (await fetch(`${running.hub.url}/aide`)).text())).to.deep.equal(['/aide.css']);
      expect((await fetch(`${running.hub.url}/dsfr/dsfr.min.css`)).status).to.equal(404);
    });
  });

  describe('without the package installed', () => {
    it('refuses to start, in one line saying how to install it', () => {
      const empty = mkdtempSync(join(tmpdir(), 'relais-no-dsfr-'));
      try {
        // The hub itself, as `npm start` runs it: the theme is checked before Redis or anything starts.
        const run = spawnSync(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'src/main.ts'], {
          cwd: ROOT,
          env: { ...process.env, WIDGET_THEME: 'dsfr', DSFR_DIR: empty, PORT: '0', DATA_DIR: empty, LOG_LEVEL: 'silent' },
          timeout: 30_000,
        });
        const lines = run.stderr.toString().trim().split('\n');
        expect(run.status).to.equal(1);
        expect(lines).to.have.length(1);
        expect(lines[0]).to.match(/^relais could not start: WIDGET_THEME=dsfr needs the State design system/);
        expect(lines[0]).to.include('docs/theme-dsfr.md').and.include('npm install @gouvfr/dsfr').and.include('DSFR_DIR');
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });
  });

  describe('with DSFR_DIR pointing to the installed package', () => {
    const running = useTestHub({ WIDGET_THEME: 'dsfr', DSFR_DIR: FIXTURE });
    let browser: LaunchedBrowser;
    const problems: string[] = [];
    const requests: string[] = [];

    before(async () => {
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
    });

    async function open(path: string): Promise<Page> {
      const page = await browser.context.newPage();
      recordPageProblems(page, problems);
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${running.hub.url}${path}`);
      return page;
    }

    it('links the DSFR before each page’s own sheet and the adapter after it', async () => {
      const around = (own: string) => ['/dsfr/dsfr.min.css', own, '/theme-dsfr.css'];
      expect(sheetsOf(await (await fetch(`${running.hub.url}/`)).text())).to.deep.equal(around('/chat.css'));
      for (const path of ['/aide', '/aide/plainte', '/mentions-legales', '/accessibilite']) {
        expect(sheetsOf(await (await fetch(`${running.hub.url}${path}`)).text()), path).to.deep.equal(around('/aide.css'));
      }
    });

    it('serves its style sheet, fonts and icons with their types, under the same strict CSP, and nothing else of it', async () => {
      const neutralCsp = (await fetch(`${running.hub.url}/chat.css`)).headers.get('content-security-policy');
      const expected: Record<string, string> = {
        '/dsfr/dsfr.min.css': 'text/css; charset=utf-8',
        '/dsfr/fonts/Marianne-Regular.woff2': 'font/woff2',
        '/dsfr/fonts/Marianne-Regular.woff': 'font/woff',
        '/dsfr/icons/system/close-line.svg': 'image/svg+xml',
        '/theme-dsfr.css': 'text/css; charset=utf-8',
      };
      for (const [path, type] of Object.entries(expected)) {
        const res = await fetch(`${running.hub.url}${path}`);
        expect(res.status, path).to.equal(200);
        expect(res.headers.get('content-type'), path).to.equal(type);
        expect(res.headers.get('content-security-policy'), path).to.equal(neutralCsp);
        expect(res.headers.get('x-content-type-options'), path).to.equal('nosniff');
      }
      // Its script (the pages use none of its interactive components), other files and escapes: not served.
      for (const path of [
        '/dsfr/dsfr.module.min.js',
        '/dsfr/README.md',
        '/dsfr/fonts/..%2Fdsfr.min.css',
        '/dsfr/icons/..%2F..%2Fdsfr.min.css/x.svg',
        '/dsfr/fonts/x.js',
      ]) {
        expect((await fetch(`${running.hub.url}${path}`)).status, path).to.equal(404);
      }
      // Every route the theme adds is in the OpenAPI description.
      const { paths } = await (await fetch(`${running.hub.url}/api/v1/openapi.json`)).json();
      expect(paths).to.include.keys('/dsfr/dsfr.min.css', '/dsfr/fonts/{file}', '/dsfr/icons/{group}/{file}');
      // The chat page's CSP is the neutral one; the help pages' stays script-free, with fonts from the hub only.
      expect((await fetch(`${running.hub.url}/`)).headers.get('content-security-policy')).to.equal(neutralCsp);
      const helpCsp = (await fetch(`${running.hub.url}/aide`)).headers.get('content-security-policy') ?? '';
      expect(helpCsp).to.match(/^default-src 'none'; style-src 'self'; font-src 'self';/);
      expect(helpCsp).not.to.include('script-src');
    });

    it('dresses the chat, its contact form, the help centre and a legal page in the DSFR in Chromium, from the hub only, and passes axe-core', async () => {
      for (const path of ['/', '/aide', '/mentions-legales']) {
        const page = await open(path);
        if (path === '/') await page.locator('#messages .msg[data-from="bot"]').first().waitFor();
        await page.evaluate(() => document.fonts.ready);
        const font = await page.evaluate(() => getComputedStyle(document.documentElement).fontFamily);
        expect(font, path).to.match(/^Marianne\b/);
        const header = await page.locator('.site-header').evaluate((h) => getComputedStyle(h).backgroundColor);
        expect(header, path).to.equal('rgb(255, 255, 255)'); // the DSFR's white header, not the neutral blue one
        expect(await axeViolations(page), path).to.deep.equal([]);
        if (path === '/') {
          // The contact form's dialog, in the theme too.
          await page.getByRole('button', { name: 'Écrire un message' }).click();
          await page.getByRole('dialog', { name: 'Écrire un message' }).waitFor();
          expect(await axeViolations(page), 'contact form').to.deep.equal([]);
        }
        await page.close();
      }
      const hubOrigin = new URL(running.hub.url).origin;
      expect(requests.some((url) => url.endsWith('/dsfr/fonts/Marianne-Regular.woff2'))).to.equal(true);
      expect(requests.filter((url) => !url.startsWith(hubOrigin) && !url.startsWith('data:'))).to.deep.equal([]);
      expect(problems).to.deep.equal([]);
    });
  });
});
