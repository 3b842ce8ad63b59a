/** The agents' desk in real Chromium (issue 14, and issue 12's "the console's own strings go through
 * i18next"): every view (the History view and the supervisor's CSV form too) in English without a French word left (and the reverse), queue and "my
 * conversations" both in view at 1280×720 with five citizens waiting, agents' display names in the
 * transcript after a transfer, absent colleagues marked, no 404 after a transfer, no axe violation. */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, type LaunchedBrowser } from '../helpers/browser.js';
import { call, useTestHub, waitForMessage } from '../helpers/hub.js';

const PASSWORD = 'correct horse battery';
const isPlace = (m: { from: string; text: string }) => m.from === 'system' && /position \d+/.test(m.text);

// Words only French uses (accents, articles, prepositions), and words only English uses.
const FRENCH = /[éèêàçùâôîœ«»]|\b(le|la|les|des|du|une|et|pour|avec|vous|aucune?|dans|est|sur|aux|pas|ou)\b/i;
const ENGLISH = /\b(the|and|your|with|waiting|queue|send|take|search|officer|log|of|to|for|no)\b/i;

/** The console's own visible words: text, placeholders, labels and titles of what is shown, without
 * what citizens, the bot or the content wrote (conversation text, summaries, content answers). */
function visibleWords(page: Page): Promise<string[]> {
  // A string: the test runner's transpiler would wrap named inner functions in a helper the page lacks.
  return page.evaluate(`(() => {
    const CONTENT = '.msg-bubble, .qi-summary, .mine-summary, .canned-text, .canned-id, .canned-category, #content-body dd, #content-body dt, .mono, #audit-body td:nth-child(5), #whoami';
    const shown = (el) => el.checkVisibility({ visibilityProperty: true }) && !el.closest(CONTENT);
    const words = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = (node.textContent || '').trim();
      if (text && parent && shown(parent) && !parent.closest('option:not(:checked)')) words.push(text);
    }
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
      if (!shown(el)) continue;
      for (const attribute of ['placeholder', 'aria-label', 'title']) if (el.getAttribute(attribute)) words.push(el.getAttribute(attribute));
    }
    words.push(document.title);
    return words;
  })()`);
}

describe("agents' desk: languages, layout, names, transfer, accessibility (Chromium)", function () {
  this.timeout(120_000);
  const running = useTestHub({ ROUTING_MODE: 'pick' });
  let browser: LaunchedBrowser;
  const citizens: { id: string; token: string }[] = [];
  let url: string;

  async function handOff(text: string, locale = 'fr'): Promise<{ id: string; token: string }> {
    const { body } = await call(`${url}/api/v1/conversations`, { body: { locale } });
    await call(`${url}/api/v1/conversations/${body.id}/messages`, { token: body.token, body: { text } });
    await waitForMessage(url, body.id, body.token, isPlace);
    return body;
  }

  async function open(name: string, options: { lang?: string; width?: number; height?: number; hash?: string } = {}): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: options.width ?? 1280, height: options.height ?? 720 });
    await page.goto(`${url}/console${options.lang ? `?lang=${options.lang}` : ''}${options.hash ?? ''}`);
    await page.fill('#username', name);
    await page.fill('#password', PASSWORD);
    await page.click('#login');
    await page.locator('#tabs:not([hidden])').waitFor();
    return page;
  }

  type Check = (page: Page, view: string) => Promise<void>;

  /**
   * Walks every console view and calls `check` on each: the login page, then Bob's queue, a
   * conversation, the canned answers, `dialogs`, the history, then Sam's supervision (`supervisor`
   * runs there too) and content preview.
   */
  async function walkViews(
    check: Check,
    o: { lang?: string; dialogs: readonly (readonly [string, string])[]; size?: { width: number; height: number }; supervisor?: (page: Page) => Promise<void> },
  ): Promise<void> {
    const login = await browser.context.newPage();
    await login.setViewportSize({ width: 1280, height: 720 });
    await login.goto(`${url}/console${o.lang ? `?lang=${o.lang}` : ''}`);
    await login.locator('#username').waitFor();
    await check(login, 'login page');
    await login.close();

    const page = await open('bob', { lang: o.lang });
    await page.locator('#queue-list .queue-item').first().waitFor();
    await check(page, 'queue');
    await page.locator('#mine .open-conv').first().click();
    await page.locator('#conv-messages .msg').first().waitFor();
    await page.locator('#reply-input:not([disabled])').waitFor();
    await check(page, 'conversation');
    await page.click('#canned-open');
    await page.locator('#canned-list .canned-item').first().waitFor();
    await check(page, 'canned answers');
    await page.keyboard.press('Escape');
    for (const [button, dialog] of o.dialogs) {
      await page.click(button);
      await page.locator(`${dialog}[open]`).waitFor();
      await check(page, dialog);
      await page.keyboard.press('Escape');
      await page.locator(`${dialog}[open]`).waitFor({ state: 'detached' });
    }
    await page.click('.tab[data-tab="history"]');
    await page.selectOption('#history-state', '');
    await page.click('#history-submit');
    await page.locator('#history-list .history-item button').first().click();
    await page.locator('#history-messages .msg').first().waitFor();
    await check(page, 'history');
    await page.close();

    const sup = await open('sam', { lang: o.lang, ...o.size, hash: '#supervisor' });
    await sup.locator('[data-kpi="deflection"] .kpi-value').waitFor();
    await sup.locator('#audit-body tr').first().waitFor();
    await sup.locator('#csv-form').waitFor();
    await check(sup, 'supervisor');
    await o.supervisor?.(sup);
    await sup.click('.tab[data-tab="content"]');
    await sup.locator('#content-body .content-section').first().waitFor();
    await check(sup, 'content preview');
    await sup.close();
  }

  before(async () => {
    url = running.hub.url;
    const { accounts } = running.hub.app.ctx;
    await accounts.add('alice', PASSWORD, 'agent', { display: 'Gendarme Alice' });
    await accounts.add('bob', PASSWORD, 'agent', { display: 'Brigadier Bob' });
    await accounts.add('carol', PASSWORD, 'agent', { display: 'Adjudante Carol' });
    await accounts.add('sam', PASSWORD, 'supervisor');
    await accounts.add('eddie', PASSWORD, 'editor');
    for (const text of [
      'je voudrais parler à un policier',
      "je voudrais parler à un agent, c'est pour une plainte",
      'je veux parler à un gendarme',
      'je voudrais parler à quelqu’un de la police',
      'je voudrais parler à un policier pour mon voisin',
      'je voudrais parler à un agent',
    ])
      citizens.push(await handOff(text));
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  it('keeps the queue and "my conversations" in view with five citizens waiting (1280×720, 1366×900)', async () => {
    const token = (await call(`${url}/api/v1/agent/session`, { body: { username: 'alice', password: PASSWORD } })).body.token;
    expect((await call(`${url}/api/v1/agent/conversations/${citizens[0].id}/claim`, { method: 'POST', token })).status).to.equal(200);
    for (const [width, height] of [
      [1280, 720],
      [1366, 900],
    ]) {
      const page = await open('alice', { width, height });
      await page.waitForFunction(() => document.querySelectorAll('#queue-list .queue-item').length === 5);
      await page.locator('#mine .mine-item').first().waitFor();
      for (const selector of ['#queue-title', '#queue-list .queue-item >> nth=0', '#mine-title', '#mine .mine-item >> nth=0']) {
        const box = await page.locator(selector).boundingBox();
        expect(box, selector).to.not.equal(null);
        expect(box!.y, `${selector} at ${width}×${height}`).to.be.at.least(0);
        expect(box!.y + box!.height, `${selector} at ${width}×${height}`).to.be.at.most(height);
      }
      expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight + 1), 'the page itself does not scroll').to.equal(true);
      await page.close();
    }
  });

  it('shows each agent’s display name after a transfer, marks absent colleagues and asks nothing that answers 404', async () => {
    const id = citizens[0].id;
    const alice = await open('alice');
    const bob = await open('bob');
    const failures: string[] = [];
    for (const [name, page] of [
      ['alice', alice],
      ['bob', bob],
    ] as const)
      page.on('response', (r) => {
        if (r.status() >= 400) failures.push(`${name}: ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
      });
    await alice.locator(`#mine .mine-item[data-id="${id}"] .open-conv`).click();
    await alice.locator('#reply-input:not([disabled])').fill('Bonjour, je suis la gendarme de permanence.');
    await alice.keyboard.press('Enter');
    await alice.locator('#conv-messages .msg[data-from="agent"]').first().waitFor();
    expect(await alice.locator('#conv-messages .msg[data-from="agent"] .msg-author').first().innerText()).to.equal('Gendarme Alice');
    expect(await alice.locator('#conv-messages .msg[data-queue-position]').count(), 'queue positions collapsed').to.be.at.most(1);

    await alice.click('#conv-transfer');
    await alice.locator('#transfer-dialog[open]').waitFor();
    const carol = alice.locator('#transfer-to option[value="carol"]');
    expect(await carol.getAttribute('data-status')).to.equal('offline');
    expect(await carol.innerText()).to.match(/⚠ Adjudante Carol — hors ligne/);
    await alice.selectOption('#transfer-to', 'carol');
    expect(await alice.locator('#transfer-warning').innerText()).to.include('hors ligne');
    await alice.selectOption('#transfer-to', 'bob');
    expect(await alice.locator('#transfer-warning').isHidden()).to.equal(true);
    await alice.fill('#transfer-note', 'Suite de la plainte');
    // Once handed on, the panel asks nothing more about it: those reads (after the socket's "mine" and
    // "messages" frames) answered 404 to an agent who may no longer read it.
    const askedAfter: string[] = [];
    let transferred = false;
    alice.on('request', (r) => {
      if (transferred && r.url().includes(id)) askedAfter.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    alice.on('response', (r) => {
      if (r.url().endsWith(`${id}/transfer`)) transferred = true;
    });
    await alice.click('#transfer-submit');
    await alice.locator('#conv-empty:not([hidden])').waitFor();
    await alice.locator('#notice', { hasText: 'Brigadier Bob' }).waitFor();
    await alice.waitForFunction((conv) => !document.querySelector(`#mine .mine-item[data-id="${conv}"]`), id);

    await bob.locator(`#mine .mine-item[data-id="${id}"] .open-conv`).click();
    await bob.locator('#conv-messages .msg--internal', { hasText: 'Suite de la plainte' }).waitFor();
    await bob.locator('#reply-input:not([disabled])').fill('Brigadier Bob, je prends la suite.');
    await bob.keyboard.press('Enter');
    await bob.locator('#conv-messages .msg[data-from="agent"]', { hasText: 'je prends la suite' }).waitFor();
    const authors = await bob.locator('#conv-messages .msg[data-from="agent"] .msg-author').allInnerTexts();
    expect(authors).to.include.members(['Gendarme Alice', 'Brigadier Bob']);
    expect(authors).to.not.include('Agent');

    // Back to the queue: the panel empties, the conversation waits again, still nothing refused.
    const back = citizens[5].id;
    await alice.locator(`#queue-list .queue-item[data-id="${back}"] .claim`).click();
    await alice.locator('#conv-transfer:not([disabled])').waitFor();
    // It moved up the queue while others were taken: several place messages, one line in the console.
    const token = (await call(`${url}/api/v1/agent/session`, { body: { username: 'alice', password: PASSWORD } })).body.token;
    const places = (await call(`${url}/api/v1/agent/conversations/${back}/messages`, { token })).body.messages.filter((m: any) => m.queuePosition);
    expect(places.length, 'place messages marked in the transcript').to.be.at.least(2);
    await alice.locator('#conv-messages .msg[data-queue-position]').waitFor();
    expect(await alice.locator('#conv-messages .msg[data-queue-position]').count()).to.equal(1);
    expect(await alice.locator('#conv-messages .msg[data-queue-position]').getAttribute('data-seq')).to.equal(String(places.at(-1).seq));
    await alice.click('#conv-transfer');
    await alice.locator('#transfer-dialog[open]').waitFor();
    await alice.selectOption('#transfer-to', '');
    await alice.click('#transfer-submit');
    await alice.locator(`#queue-list .queue-item[data-id="${back}"]`).waitFor();
    await alice.locator('#conv-empty:not([hidden])').waitFor();
    expect(failures, 'requests that failed after the transfers').to.deep.equal([]);
    expect(askedAfter, 'requests about a conversation handed on').to.deep.equal([]);
    await Promise.all([alice.close(), bob.close()]);
  });

  for (const [lang, foreign, other] of [
    ['en', FRENCH, 'French'],
    ['fr', ENGLISH, 'English'],
  ] as const) {
    it(`shows every view in ${lang === 'en' ? 'English' : 'French'} (no ${other} word left)`, async () => {
      const check = async (page: Page, view: string) => {
        const words = await visibleWords(page);
        expect(words.length, view).to.be.greaterThan(5);
        const left = words.filter((w) => foreign.test(w));
        expect(left, `${view} (${lang})`).to.deep.equal([]);
      };
      await walkViews(check, {
        lang,
        dialogs: [
          ['#conv-transfer', '#transfer-dialog'],
          ['#conv-forward', '#forward-dialog'],
          ['#conv-appointment', '#appointment-dialog'],
          ['#conv-close', '#close-dialog'],
          ['#help-open', '#help-dialog'],
        ],
      });
    });
  }

  it('passes axe-core on every view: login, queue, conversation, canned answers, dialogs, history, supervisor, content', async () => {
    const problems: string[] = [];
    const check = async (page: Page, view: string) => {
      for (const v of await axeViolations(page)) problems.push(`${view}: ${v}`);
    };
    await walkViews(check, {
      dialogs: [
        ['#conv-transfer', '#transfer-dialog'],
        ['#conv-forward', '#forward-dialog'],
      ],
      size: { width: 1366, height: 900 },
      supervisor: async (sup) => {
        // The audit table stays inside its panel at 1366 px (it scrolls in its own region).
        const [panel, table] = await Promise.all([sup.locator('#audit-title').locator('..').boundingBox(), sup.locator('#audit-scroll').boundingBox()]);
        expect(table!.x + table!.width).to.be.at.most(panel!.x + panel!.width + 0.5);
      },
    });
    expect(problems).to.deep.equal([]);
  });
});
