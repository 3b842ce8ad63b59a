/** WebSocket upgrades under attack: unknown paths refused at once, malformed ids answered 400, and
 * the open sockets of one conversation capped; the trusted-proxy rule for callers' addresses. */
import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { clientAddress, parseTrustProxy } from '../../src/web/client-address.js';
import { HOLD_LIMITS } from '../../src/web/holds.js';
import { call, useTestHub } from '../helpers/hub.js';

/** Sends a raw upgrade request; resolves with the first line the server answers (or '' if closed). */
function rawUpgrade(url: string, path: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
    socket.setTimeout(5000, () => {
      socket.destroy();
      reject(new Error(`no answer to the upgrade of ${path}`));
    });
  });
}

/** Opens a conversation's chat socket: the socket, or the status its upgrade was refused with. */
function openChatSocket(hubUrl: string, id: string): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${hubUrl.replace('http', 'ws')}/api/v1/conversations/${id}/socket`);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
  });
}

describe('socket upgrades', function () {
  this.timeout(20_000);
  // The caps are per-address and per-conversation limits: on by default, lifted by RATE_LIMITS=off.
  const running = useTestHub({ RATE_LIMITS: 'on' });

  it('refuses an upgrade to an unknown path at once, and a malformed id with 400, staying up', async () => {
    expect(await rawUpgrade(running.hub.url, '/nowhere')).to.equal('HTTP/1.1 404 Not Found');
    expect(await rawUpgrade(running.hub.url, '/api/v1/conversations/%E0%A4%A/socket')).to.equal('HTTP/1.1 400 Bad Request');
    expect((await call(`${running.hub.url}/health`)).status).to.equal(200);
  });

  it(`holds at most ${HOLD_LIMITS.socketsPerConversation} sockets open for one conversation`, async () => {
    const { body: conv } = await call(`${running.hub.url}/api/v1/conversations`, { body: {} });
    const open = () => openChatSocket(running.hub.url, conv.id);
    const held = await Promise.all(Array.from({ length: HOLD_LIMITS.socketsPerConversation }, open));
    expect(held.every((s) => typeof s !== 'number')).to.equal(true);
    expect(await open()).to.equal(429);
    for (const ws of held) (ws as WebSocket).close();
    await Promise.all(held.map((ws) => new Promise((r) => (ws as WebSocket).once('close', r))));
    const again = await open();
    expect(typeof again).not.to.equal('number');
    (again as WebSocket).close();
  });
});

describe('TRUST_PROXY', () => {
  const req = (peer: string, forwarded?: string) =>
    ({ socket: { remoteAddress: peer }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as unknown as IncomingMessage;

  it('ignores X-Forwarded-For unless told to trust a proxy', () => {
    expect(clientAddress(req('203.0.113.9', '198.51.100.1'), undefined)).to.equal('203.0.113.9');
    expect(clientAddress(req('::ffff:127.0.0.1'), undefined)).to.equal('127.0.0.1');
  });

  it('takes the address a trusted number of hops away', () => {
    const one = parseTrustProxy('1');
    expect(clientAddress(req('10.0.0.2', '198.51.100.1'), one)).to.equal('198.51.100.1');
    // A client that forges the header only adds entries further left: one hop still finds its real address.
    expect(clientAddress(req('10.0.0.2', '6.6.6.6, 198.51.100.1'), one)).to.equal('198.51.100.1');
    expect(clientAddress(req('198.51.100.1'), one)).to.equal('198.51.100.1');
  });

  it('skips only the listed proxies', () => {
    const listed = parseTrustProxy('10.0.0.0/8, 192.168.1.5');
    expect(clientAddress(req('10.1.2.3', '198.51.100.7, 192.168.1.5'), listed)).to.equal('198.51.100.7');
    expect(clientAddress(req('203.0.113.9', '198.51.100.7'), listed)).to.equal('203.0.113.9');
    expect(() => parseTrustProxy('proxy.example')).to.throw(/TRUST_PROXY/);
  });
});

describe('long-polls', function () {
  this.timeout(20_000);
  const running = useTestHub({ RATE_LIMITS: 'on' });

  it(`holds at most ${HOLD_LIMITS.pollsPerConversation} waiting requests for one conversation, and releases them`, async () => {
    const { body: conv } = await call(`${running.hub.url}/api/v1/conversations`, { body: {} });
    const last = (await call(`${running.hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token })).body.messages.at(-1).seq;
    const poll = () => call(`${running.hub.url}/api/v1/conversations/${conv.id}/messages?after=${last}&wait=10000`, { token: conv.token });
    const held = Array.from({ length: HOLD_LIMITS.pollsPerConversation }, poll);
    // The extra one is refused at once; which request is extra depends on arrival: keep asking until one is.
    let refused = await poll();
    for (let i = 0; i < 20 && refused.status !== 429; i++) refused = await poll();
    expect(refused.status).to.equal(429);
    await call(`${running.hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text: 'bonjour' } });
    const answers = await Promise.all(held);
    expect(answers.every((a) => a.status === 200 && a.body.messages.length > 0)).to.equal(true);
    expect((await call(`${running.hub.url}/api/v1/conversations/${conv.id}/messages?after=${last}&wait=1`, { token: conv.token })).status).to.equal(200);
  });
});

describe('with RATE_LIMITS=off (a benchmark, or a gateway that limits)', function () {
  this.timeout(30_000);
  const running = useTestHub({ RATE_LIMITS: 'off' });

  it('holds more sockets and long-polls from one address and for one conversation than the caps allow', async () => {
    const { body: conv } = await call(`${running.hub.url}/api/v1/conversations`, { body: {} });
    const open = () => openChatSocket(running.hub.url, conv.id);
    const sockets = await Promise.all(Array.from({ length: HOLD_LIMITS.socketsPerAddress + 5 }, open));
    expect(sockets.filter((s) => typeof s === 'number')).to.deep.equal([]);
    const last = (await call(`${running.hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token })).body.messages.at(-1).seq;
    const poll = () => call(`${running.hub.url}/api/v1/conversations/${conv.id}/messages?after=${last}&wait=10000`, { token: conv.token });
    const polls = Array.from({ length: HOLD_LIMITS.pollsPerConversation + 3 }, poll);
    // Each poll is held (or answered) only once the hub has read the conversation: wait for the message's answer.
    await call(`${running.hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text: 'bonjour' } });
    expect((await Promise.all(polls)).map((p) => p.status)).to.deep.equal(polls.map(() => 200));
    for (const ws of sockets) (ws as WebSocket).close();
    await Promise.all(sockets.map((ws) => new Promise((r) => (ws as WebSocket).once('close', r))));
  });
});
