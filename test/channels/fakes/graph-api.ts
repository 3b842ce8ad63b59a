/** A fake Graph API: records the POSTs of the WhatsApp Cloud API and the Messenger Send API. */
import { FailurePlan, startJsonServer, type JsonServer } from './json-server.js';

/** A POST the fake accepted. */
export interface GraphPost {
  path: string;
  authorization?: string;
  body: any;
}

/** The fake; `root` goes to WHATSAPP_API_ROOT or MESSENGER_API_ROOT. */
export class FakeGraphApi {
  readonly posts: GraphPost[] = [];
  readonly failures = new FailurePlan();
  private server?: JsonServer;
  private next = 1;

  constructor(private readonly textOf: (body: any) => string) {}

  get root(): string {
    return this.server!.url;
  }

  async start(): Promise<void> {
    this.server = await startJsonServer((req) => {
      if (req.method !== 'POST' || !/^\/v\d+\.\d+\/[^/]+\/messages$/.test(req.path)) {
        return { status: 404, body: { error: { message: 'Unknown path', type: 'GraphMethodException', code: 100 } } };
      }
      const failure = this.failures.take(this.textOf(req.body));
      if (failure) return failure;
      this.posts.push({ path: req.path, authorization: req.headers.authorization, body: req.body });
      const id = this.next++;
      return req.path.endsWith('/me/messages')
        ? { status: 200, body: { recipient_id: req.body?.recipient?.id, message_id: `m_fake${id}` } }
        : {
            status: 200,
            body: { messaging_product: 'whatsapp', contacts: [{ input: req.body?.to, wa_id: req.body?.to }], messages: [{ id: `wamid.fake${id}` }] },
          };
    });
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }
}
