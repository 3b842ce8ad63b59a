/** A tiny HTTP server on 127.0.0.1:0 for platform fakes: JSON in, JSON out, every request recorded. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a fake saw it. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: any;
}

/** A fake's answer. */
export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A running fake. */
export interface JsonServer {
  url: string;
  close(): Promise<void>;
}

/** Starts a server answering every request with `handler`. */
export async function startJsonServer(handler: (req: FakeRequest) => FakeAnswer | Promise<FakeAnswer>): Promise<JsonServer> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* form data or plain text */
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    try {
      const answer = await handler({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: String(err) }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Failures to answer before succeeding again: `times` requests get `status`. */
export class FailurePlan {
  private remaining = 0;
  private answer: FakeAnswer = { status: 500 };
  /** Failed requests so far. */
  failed = 0;
  /** The texts of the messages whose delivery failed. */
  readonly failedTexts: string[] = [];

  /** The next `times` matching requests fail with `answer`. */
  arm(answer: FakeAnswer, times = 1): void {
    this.answer = answer;
    this.remaining = times;
  }

  /** The failure to give now for a message with this text, if one is armed. */
  take(text = ''): FakeAnswer | undefined {
    if (this.remaining <= 0) return undefined;
    this.remaining -= 1;
    this.failed += 1;
    this.failedTexts.push(text);
    return this.answer;
  }
}
