/** The console's conversation view reads Arabic right to left and French left to right, message by
 * message (dir="auto"), and its own words come from i18next (served by the hub, French or English). */
import { expect } from 'chai';
import { launchBrowser, type LaunchedBrowser } from '../helpers/browser.js';
import { call, useTestHub, waitForMessage } from '../helpers/hub.js';

describe('console: mixed Arabic and Latin text, agents\u2019 words through i18next (Chromium)', function () {
  this.timeout(60_000);
  const running = useTestHub();
  let browser: LaunchedBrowser;
  after(async () => browser?.close());

  it('an Arabic conversation: each message in its own direction, numbers kept readable', async () => {
    const url = running.hub.url;
    await running.hub.app.ctx.accounts.add('amina', 'correct horse battery', 'agent');
    const { id, token } = (await call(`${url}/api/v1/conversations`, { body: { locale: 'ar' } })).body;
    await call(`${url}/api/v1/conversations/${id}/messages`, { token, body: { text: 'أريد التحدث مع شرطي من فضلك، رقم الشكوى 2024-115' } });
    await waitForMessage(url, id, token, (m) => m.from === 'system' || /شرطي أو دركي/.test(m.text));

    browser = await launchBrowser({ locale: 'en-GB' });
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/console`);
    await page.fill('#username', 'amina');
    await page.fill('#password', 'correct horse battery');
    await page.click('#login');
    await page.locator(`#queue-list .queue-item[data-id="${id}"]`).waitFor();
    await page.locator(`#queue-list .queue-item[data-id="${id}"] .claim`).click();
    const citizen = page.locator('#conv-messages .msg[data-from="citizen"] .msg-text').first();
    await citizen.waitFor();
    expect(await citizen.getAttribute('dir')).to.equal('auto');
    expect(await citizen.evaluate((e) => getComputedStyle(e).direction)).to.equal('rtl');
    expect(await citizen.innerText()).to.include('2024-115');
    // The agents' words in English (the browser's language), through i18next served by the hub.
    expect((await page.locator('#conv-messages .msg[data-from="citizen"] .msg-author').first().innerText()).trim()).to.equal('Citizen');
    const vendored = await fetch(`${url}/console/vendor/i18next.js`);
    expect(vendored.status).to.equal(200);
    expect(vendored.headers.get('content-security-policy')).to.include("script-src 'self'");
    expect(errors).to.deep.equal([]);
  });
});
