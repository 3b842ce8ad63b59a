/** A fake Bot Connector service (what an activity's serviceUrl points at, as the Emulator provides). */
import { FailurePlan, startJsonServer, type JsonServer } from './json-server.js';

/** An activity the bot posted. */
export interface ConnectorPost {
  conversationId: string;
  replyToId?: string;
  authorization?: string;
  activity: any;
}

/** Records POST /v3/conversations/{id}/activities[/{replyToId}]. */
export class FakeBotConnector {
  readonly posts: ConnectorPost[] = [];
  readonly failures = new FailurePlan();
  private server?: JsonServer;
  private next = 1;

  /** The serviceUrl to put in activities. */
  get serviceUrl(): string {
    return `${this.server!.url}/`;
  }

  async start(): Promise<void> {
    this.server = await startJsonServer((req) => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.path);
      if (req.method !== 'POST' || !match) return { status: 404, body: { error: { code: 'NotFound', message: 'unknown' } } };
      const failure = this.failures.take(req.body?.text ?? '');
      if (failure) return failure;
      this.posts.push({
        conversationId: decodeURIComponent(match[1]),
        replyToId: match[2] && decodeURIComponent(match[2]),
        authorization: req.headers.authorization,
        activity: req.body,
      });
      return { status: 200, body: { id: `bot-activity-${this.next++}` } };
    });
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }
}
