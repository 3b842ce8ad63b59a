/** A test double channel that drives the real hub, like botbuilder's TestAdapter or Hubot's
 * DummyAdapter: `say(user, text)` goes in through `hub.receive`, and what the hub delivers to that
 * user is recorded, so core tests read `await replies('alice', 2)` in milliseconds. */
import type { Channel, ChannelAddress, ChannelCapabilities, HubPort, ReceiveResult, SendResult } from '../../src/core/channel.js';
import type { OutboundMessage } from '../../src/core/messages.js';

/** A push channel whose platform is this object. */
export class TestChannel implements Channel {
  readonly id: string;
  readonly capabilities: ChannelCapabilities;
  /** Everything delivered, in order. */
  readonly sent: { user: string; message: OutboundMessage }[] = [];
  /** Errors the next sends to one user throw, one each (e.g. a ChannelSendError with retryAfterMs): per
   * user, because another conversation's replies may still be on their way when a test begins. */
  readonly failures = new Map<string, Error[]>();
  private hub?: HubPort;
  private waiters: (() => void)[] = [];
  private counter = 0;

  constructor(options: { id?: string; capabilities?: Partial<ChannelCapabilities> } = {}) {
    this.id = options.id ?? 'test';
    this.capabilities = { buttons: 3, lists: 10, maxText: 4096, ...options.capabilities };
  }

  async start(hub: HubPort): Promise<void> {
    this.hub = hub;
  }

  async stop(): Promise<void> {}

  async send(address: ChannelAddress, message: OutboundMessage): Promise<SendResult> {
    const failure = this.failures.get(address.user)?.shift();
    if (failure) throw failure;
    this.sent.push({ user: address.user, message });
    for (const wake of this.waiters.splice(0)) wake();
    return { externalId: String(this.sent.length) };
  }

  /** The next send to `user` throws `error`. */
  failNext(user: string, error: Error): void {
    this.failures.set(user, [...(this.failures.get(user) ?? []), error]);
  }

  /** The citizen `user` writes `text`. */
  say(user: string, text: string, platformMessageId = `m${++this.counter}`): Promise<ReceiveResult> {
    return this.receive(user, { kind: 'text', text, platformMessageId });
  }

  /** The citizen `user` taps a choice. */
  tap(user: string, choiceId: string): Promise<ReceiveResult> {
    return this.receive(user, { kind: 'choice', choiceId, platformMessageId: `m${++this.counter}` });
  }

  /** The citizen `user` opens the conversation (/start, Get Started); `locale`: the platform's hint (Telegram's language_code). */
  open(user: string, locale?: string): Promise<ReceiveResult> {
    return this.receive(user, { kind: 'start', platformMessageId: `m${++this.counter}` }, locale);
  }

  /** What was delivered to `user` so far. */
  to(user: string): OutboundMessage[] {
    return this.sent.filter((s) => s.user === user).map((s) => s.message);
  }

  /** Waits until `count` messages were delivered to `user` (or fails after `timeoutMs` of real time). */
  async replies(user: string, count: number, timeoutMs = 5000): Promise<OutboundMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.to(user).length < count) {
      if (Date.now() > deadline)
        throw new Error(`expected ${count} messages to ${user}, got ${this.to(user).length}: ${JSON.stringify(this.to(user).map((m) => m.text.slice(0, 40)))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.to(user);
  }

  private receive(user: string, message: Parameters<HubPort['receive']>[0]['message'], locale?: string): Promise<ReceiveResult> {
    if (!this.hub) throw new Error('test channel not started');
    return this.hub.receive({ channel: this.id, sender: { platformUserId: user, address: { user }, ...(locale ? { locale } : {}) }, message });
  }
}
