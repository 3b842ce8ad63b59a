/** channels/config.ts: which channels the environment turns on, and readable errors for half-set ones. */
import { expect } from 'chai';
import { channelsFromEnv } from '../../channels/config.js';
import { silentLog } from '../../channels/shared/log.js';

const build = (env: Record<string, string>) => channelsFromEnv(env, { dataDir: '/tmp/relais-test', log: silentLog });

describe('channels config', () => {
  it('turns nothing on when nothing is set', async () => {
    expect(await build({})).to.deep.equal([]);
  });

  it('turns on each channel whose variables are set, named for the start-up line', async () => {
    const setups = await build({
      TELEGRAM_BOT_TOKEN: '1:x',
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: 'abc_123_webhook_secret',
      WHATSAPP_TRANSPORT: 'cloud',
      WHATSAPP_TOKEN: 't',
      WHATSAPP_PHONE_NUMBER_ID: '1',
      WHATSAPP_APP_SECRET: 'whatsapp-app-secret',
      WHATSAPP_VERIFY_TOKEN: 'whatsapp-verify-token',
      MESSENGER_PAGE_TOKEN: 'p',
      MESSENGER_APP_SECRET: 'messenger-app-secret',
      MESSENGER_VERIFY_TOKEN: 'messenger-verify-token',
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'pw',
    });
    expect(setups.map((s) => s.label)).to.deep.equal(['telegram (webhook)', 'whatsapp (cloud API)', 'messenger', 'bot framework']);
    expect(setups.map((s) => s.channel.id)).to.deep.equal(['telegram', 'whatsapp', 'messenger', 'botframework']);
  });

  it('offers the web transport and the Emulator mode on request', async () => {
    const setups = await build({ WHATSAPP_TRANSPORT: 'web', BOTFRAMEWORK_EMULATOR: 'on', TELEGRAM_BOT_TOKEN: '1:x' });
    expect(setups.map((s) => s.label)).to.deep.equal(['telegram (polling)', 'whatsapp (web)', 'bot framework (emulator, unauthenticated)']);
    expect(setups[1].channel.capabilities.buttons).to.equal(0);
  });

  it('says what is missing in a half-set channel', async () => {
    const fail = (env: Record<string, string>) =>
      build(env).then(
        () => {
          throw new Error('expected an error');
        },
        (err: Error) => err.message,
      );
    expect(await fail({ TELEGRAM_BOT_TOKEN: '1:x', TELEGRAM_MODE: 'webhook' })).to.include('TELEGRAM_WEBHOOK_SECRET');
    expect(await fail({ TELEGRAM_BOT_TOKEN: '1:x', TELEGRAM_MODE: 'push' })).to.include('TELEGRAM_MODE');
    expect(await fail({ WHATSAPP_TOKEN: 't' })).to.include('WHATSAPP_PHONE_NUMBER_ID');
    expect(await fail({ MESSENGER_PAGE_TOKEN: 'p', MESSENGER_APP_SECRET: 'messenger-app-secret' })).to.include('MESSENGER_VERIFY_TOKEN');
    // A secret a stranger could guess is refused, not accepted.
    expect(await fail({ TELEGRAM_BOT_TOKEN: '1:x', TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: 'a' })).to.match(/TELEGRAM_WEBHOOK_SECRET must be 16/);
    expect(await fail({ MESSENGER_PAGE_TOKEN: 'p', MESSENGER_APP_SECRET: 's', MESSENGER_VERIFY_TOKEN: 'messenger-verify-token' })).to.match(
      /MESSENGER_APP_SECRET must be at least 16/,
    );
    expect(await fail({ WHATSAPP_TRANSPORT: 'sms' })).to.include('WHATSAPP_TRANSPORT');
    expect(await fail({ BOTFRAMEWORK_EMULATOR: 'on', TRUST_PROXY: '1' })).to.match(/not behind a proxy/);
  });
});
