/** A console WebSocket client for tests and the benchmark: the same frames the console page uses. */
import WebSocket from 'ws';

/** A server frame (loosely typed: tests read what they assert on). */
export type Frame = { type: string; [key: string]: any };

/** One authenticated console connection that records every frame it receives. */
export class ConsoleClient {
  readonly frames: Frame[] = [];
  private readonly waiters = new Set<{ test: (f: Frame) => boolean; resolve: (f: Frame) => void }>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      let frame: Frame;
      try {
        frame = JSON.parse(String(data));
      } catch {
        return;
      }
      this.frames.push(frame);
      for (const w of this.waiters)
        if (w.test(frame)) {
          this.waiters.delete(w);
          w.resolve(frame);
        }
    });
  }

  /** Connects to `baseUrl`'s console socket and authenticates; resolves on the "ready" frame. */
  static async connect(baseUrl: string, token: string): Promise<ConsoleClient> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v1/agent/socket`);
    const client = new ConsoleClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const ready = client.next((f) => f.type === 'ready' || f.type === 'error', 10_000);
    client.send({ type: 'auth', token });
    const frame = await ready;
    if (frame.type !== 'ready') throw new Error(`console auth failed: ${JSON.stringify(frame.error)}`);
    return client;
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** How many frames arrived so far (a mark for `waitFor`'s `from`). */
  mark(): number {
    return this.frames.length;
  }

  /** The first frame from index `from` on, already received or still to come, that matches. */
  waitFor(test: (f: Frame) => boolean, timeoutMs = 10_000, from = 0): Promise<Frame> {
    const seen = this.frames.slice(from).find(test);
    return seen ? Promise.resolve(seen) : this.next(test, timeoutMs);
  }

  /** The next frame to come that matches. */
  next(test: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const waiter = {
        test,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error('expected console frame did not arrive'));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** The latest queue the server pushed (ids in order). */
  lastQueue(): string[] {
    const frame = [...this.frames].reverse().find((f) => f.type === 'queue');
    return frame ? frame.waiting.map((w: { id: string }) => w.id) : [];
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
