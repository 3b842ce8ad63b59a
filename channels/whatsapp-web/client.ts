/** The whatsapp-web.js Client as this channel uses it, and the real one (Chromium, LocalAuth session). */
import { join } from 'node:path';

/** The Client's event surface this channel relies on; tests pass a double with the same shape. */
export interface WhatsappWebClient {
  on(event: 'qr', listener: (qr: string) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnected', listener: (reason: unknown) => void): unknown;
  on(event: 'auth_failure', listener: (reason: unknown) => void): unknown;
  initialize(): Promise<unknown>;
  sendMessage(chatId: string, content: string): Promise<{ id?: { _serialized?: string } } | unknown>;
  destroy(): Promise<unknown>;
}

/** Makes a fresh client (a reconnect gets a new one: a destroyed Client cannot be reused). */
export type WhatsappWebClientFactory = () => WhatsappWebClient | Promise<WhatsappWebClient>;

/** The real client: puppeteer on a system Chromium, session kept under `dataDir/whatsapp-web`. */
export function realClientFactory(options: { dataDir: string; chromiumPath?: string }): WhatsappWebClientFactory {
  return async () => {
    // Loaded only when this transport is on: it pulls puppeteer in.
    const wweb = (await import('whatsapp-web.js')).default;
    const { Client, LocalAuth } = wweb;
    const client = new Client({
      authStrategy: new LocalAuth({ dataPath: join(options.dataDir, 'whatsapp-web') }),
      puppeteer: {
        executablePath: options.chromiumPath ?? '/usr/bin/chromium',
        headless: true,
        // No sandbox: the hub often runs as root in a container, where Chromium's sandbox cannot start.
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      },
    });
    return client as unknown as WhatsappWebClient;
  };
}

/** Shows the login QR code: drawn by qrcode-terminal when it is installed, else printed as text. */
export async function printQr(qr: string): Promise<void> {
  const intro = 'WhatsApp (web transport): on the phone, open WhatsApp > Linked devices > Link a device, and scan this code.';
  try {
    const name = 'qrcode-terminal'; // optional: not a dependency of the hub
    const qrcode = (await import(name)) as { default?: { generate(text: string, options: { small: boolean }): void } };
    if (qrcode.default?.generate) {
      console.log(intro);
      qrcode.default.generate(qr, { small: true });
      return;
    }
  } catch {
    // not installed
  }
  console.log(`${intro}\nTo draw it, install qrcode-terminal (npm i qrcode-terminal) or run: qrencode -t ansiutf8 '<the text below>'\n${qr}`);
}
