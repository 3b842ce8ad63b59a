/** A whatsapp-web.js Client double: the same event surface, driven by the test instead of a phone. */
import { EventEmitter } from 'node:events';
import type { WhatsappWebClient } from '../../../channels/whatsapp-web/client.js';

/** What the double sent. */
export interface WebSent {
  chatId: string;
  text: string;
}

/** One linked device; `initialize()` shows a QR code then becomes ready, as the real client does. */
export class FakeWhatsappClient extends EventEmitter implements WhatsappWebClient {
  destroyed = false;
  /** Failures to throw from the next sendMessage calls. */
  failSends = 0;

  constructor(
    private readonly sent: WebSent[],
    private readonly sendFailures: string[],
  ) {
    super();
  }

  async initialize(): Promise<void> {
    setImmediate(() => {
      this.emit('qr', '2@FAKEQR,abc,def==');
      this.emit('authenticated');
      this.emit('ready');
    });
  }

  async sendMessage(chatId: string, content: string): Promise<{ id: { _serialized: string } }> {
    if (this.destroyed) throw new Error('Protocol error: Session closed');
    if (this.failSends > 0) {
      this.failSends -= 1;
      this.sendFailures.push(content);
      throw new Error('Evaluation failed: page not ready');
    }
    this.sent.push({ chatId, text: content });
    return { id: { _serialized: `true_${chatId}_${this.sent.length}` } };
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
  }

  /** The phone receives a message from a citizen. */
  receive(message: object): void {
    this.emit('message', message);
  }
}
