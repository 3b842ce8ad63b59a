/** Environment → the channels to run. A channel whose variables are unset is off; a half-set one is an error. */
import type { Channel } from '../src/core/channel.js';
import type { ChannelLog } from './shared/log.js';

/** A channel to add to the hub, and how `npm start` names it. */
export interface ChannelSetup {
  channel: Channel;
  label: string;
}

type Env = Record<string, string | undefined>;

/** Builds the enabled channels (each library is loaded only when its channel is on). */
export async function channelsFromEnv(env: Env, context: { dataDir: string; log: ChannelLog }): Promise<ChannelSetup[]> {
  const setups: ChannelSetup[] = [];
  const telegram = telegramConfig(env);
  if (telegram) {
    const { createTelegramChannel } = await import('./telegram/index.js');
    setups.push({ channel: createTelegramChannel({ ...telegram, log: context.log }), label: `telegram (${telegram.mode})` });
  }
  const transport = whatsappTransport(env);
  if (transport === 'cloud') {
    const { createWhatsappCloudChannel } = await import('./whatsapp-cloud/index.js');
    setups.push({
      channel: createWhatsappCloudChannel({
        token: required(env, 'WHATSAPP_TOKEN', 'WHATSAPP_TRANSPORT=cloud'),
        phoneNumberId: required(env, 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_TRANSPORT=cloud'),
        appSecret: secretVar(env, 'WHATSAPP_APP_SECRET', 'WHATSAPP_TRANSPORT=cloud'),
        verifyToken: secretVar(env, 'WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_TRANSPORT=cloud'),
        apiRoot: env.WHATSAPP_API_ROOT || undefined,
        apiVersion: env.WHATSAPP_API_VERSION || undefined,
      }),
      label: 'whatsapp (cloud API)',
    });
  } else if (transport === 'web') {
    const { createWhatsappWebChannel } = await import('./whatsapp-web/index.js');
    setups.push({
      channel: createWhatsappWebChannel({ dataDir: context.dataDir, chromiumPath: env.WHATSAPP_WEB_CHROMIUM || undefined, log: context.log }),
      label: 'whatsapp (web)',
    });
  }
  if (env.MESSENGER_PAGE_TOKEN) {
    const { createMessengerChannel } = await import('./messenger/index.js');
    setups.push({
      channel: createMessengerChannel({
        pageToken: env.MESSENGER_PAGE_TOKEN,
        appSecret: secretVar(env, 'MESSENGER_APP_SECRET', 'MESSENGER_PAGE_TOKEN'),
        verifyToken: secretVar(env, 'MESSENGER_VERIFY_TOKEN', 'MESSENGER_PAGE_TOKEN'),
        apiRoot: env.MESSENGER_API_ROOT || undefined,
        apiVersion: env.MESSENGER_API_VERSION || undefined,
      }),
      label: 'messenger',
    });
  }
  const emulator = ['1', 'true', 'on'].includes((env.BOTFRAMEWORK_EMULATOR ?? '').toLowerCase());
  // Behind a reverse proxy every caller arrives from loopback: the Emulator's only guard would let anyone in.
  if (emulator && !env.MicrosoftAppId && env.TRUST_PROXY) {
    throw new Error("BOTFRAMEWORK_EMULATOR is for a hub on a developer's machine, not behind a proxy (TRUST_PROXY is set): set MicrosoftAppId instead");
  }
  if (env.MicrosoftAppId || emulator) {
    const { createBotFrameworkChannel } = await import('./botframework/index.js');
    setups.push({
      channel: createBotFrameworkChannel({
        appId: env.MicrosoftAppId || undefined,
        appPassword: env.MicrosoftAppPassword || undefined,
        appType: env.MicrosoftAppType || undefined,
        tenantId: env.MicrosoftAppTenantId || undefined,
      }),
      label: env.MicrosoftAppId ? 'bot framework' : 'bot framework (emulator, unauthenticated)',
    });
  }
  return setups;
}

/** Telegram settings, or undefined when TELEGRAM_BOT_TOKEN is unset. */
export function telegramConfig(env: Env): { token: string; apiRoot?: string; mode: 'polling' | 'webhook'; webhookSecret?: string } | undefined {
  if (!env.TELEGRAM_BOT_TOKEN) return undefined;
  const mode = (env.TELEGRAM_MODE || 'polling').toLowerCase();
  if (mode !== 'polling' && mode !== 'webhook') throw new Error(`TELEGRAM_MODE must be polling or webhook (got "${env.TELEGRAM_MODE}")`);
  const webhookSecret = env.TELEGRAM_WEBHOOK_SECRET || undefined;
  if (mode === 'webhook' && !webhookSecret) throw new Error('TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET (the secret_token given to setWebhook)');
  if (webhookSecret && !/^[A-Za-z0-9_-]{16,256}$/.test(webhookSecret))
    throw new Error('TELEGRAM_WEBHOOK_SECRET must be 16 to 256 characters of A-Z, a-z, 0-9, _ and - (a short one can be guessed)');
  return { token: env.TELEGRAM_BOT_TOKEN, apiRoot: env.TELEGRAM_API_ROOT || undefined, mode, webhookSecret };
}

/** `cloud`, `web`, or undefined (off). WHATSAPP_TOKEN alone means the Cloud API. */
export function whatsappTransport(env: Env): 'cloud' | 'web' | undefined {
  const transport = (env.WHATSAPP_TRANSPORT || (env.WHATSAPP_TOKEN ? 'cloud' : '')).toLowerCase();
  if (!transport) return undefined;
  if (transport !== 'cloud' && transport !== 'web') throw new Error(`WHATSAPP_TRANSPORT must be cloud or web (got "${env.WHATSAPP_TRANSPORT}")`);
  return transport;
}

/** A secret a stranger must not guess: required, and at least 16 characters. */
function secretVar(env: Env, name: string, because: string): string {
  const value = required(env, name, because);
  if (value.length < 16) throw new Error(`${name} must be at least 16 characters (a short one can be guessed)`);
  return value;
}

function required(env: Env, name: string, because: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is required when ${because} is set`);
  return value;
}
