/** The bench's load driver closes an idle keep-alive connection before the server does, as the server's
 * `Keep-Alive` hint asks: a connection the server closed, taken for a POST by a driver too busy to have
 * read the close, failed with ECONNRESET (`npm run bench` at fe945f8). */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { expect } from 'chai';
import { Client } from '../../bench/client.js';

describe('bench client: idle keep-alive connections', function () {
  this.timeout(20_000);
  let server: http.Server;
  let client: Client;

  afterEach(async () => {
    client?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('closes an idle connection itself, before the server’s keep-alive timeout', async () => {
    server = http.createServer((req, res) => {
      req.resume();
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    // Announced as `Keep-Alive: timeout=2`: Node's agent, following the hint, lets a socket idle 1 s at most.
    server.keepAliveTimeout = 2_000;
    const serverSide = new Promise<Socket>((resolve) => server.once('connection', resolve));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new Client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);

    expect((await client.request('GET', '/')).body).to.deep.equal({ ok: true });
    const socket = await serverSide;
    // Who ends the connection: the client's FIN shows as 'end' on the server's side; the server's own
    // timeout destroys the socket without one.
    const endedBy = await new Promise<string>((resolve) => {
      socket.once('end', () => resolve('client'));
      socket.once('close', () => resolve('server'));
    });
    expect(endedBy).to.equal('client');
  });
});
