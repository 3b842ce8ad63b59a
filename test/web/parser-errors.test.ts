/** Requests Node's HTTP parser refuses before any route sees them (headers over 16 KB, a request line that
 * is not HTTP): the answer has the contract's error body like every other refusal, not an empty one. */
import net from 'node:net';
import { expect } from 'chai';
import { useTestHub } from '../helpers/hub.js';

/** Sends raw bytes, returns the whole answer once the hub closes the connection. */
function raw(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(bytes));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => {
      answer += c;
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

function parse(answer: string): { status: number; type?: string; body: unknown } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  const type = /^content-type: *(.+)$/im.exec(head)?.[1];
  return { status, type, body: body ? JSON.parse(body) : undefined };
}

describe('requests the HTTP parser refuses', () => {
  const running = useTestHub();

  it('answers headers too large with 431 and an error body', async () => {
    const answer = await raw(running.hub.url, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    const res = parse(answer);
    expect(res.status).to.equal(431);
    expect(res.type).to.match(/^application\/json/);
    expect(res.body).to.deep.equal({ error: { code: 'headers_too_large', message: 'Request headers are larger than 16 KB.' } });
  });

  it('answers a request that is not HTTP with 400 and an error body', async () => {
    const res = parse(await raw(running.hub.url, 'HELLO THERE\r\n\r\n'));
    expect(res.status).to.equal(400);
    expect(res.body).to.deep.equal({ error: { code: 'bad_request', message: 'The request is not valid HTTP/1.1.' } });
  });

  it('still answers the next request', async () => {
    const res = await fetch(`${running.hub.url}/health`);
    expect(res.status).to.equal(200);
  });
});
