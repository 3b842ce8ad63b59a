/** channels/shared: signatures, text splitting, Graph error mapping, and the gateway into the hub. */
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sinon from 'sinon';
import { postGraph } from '../../channels/shared/graph-api.js';
import { HubGateway } from '../../channels/shared/hub-gateway.js';
import { retryAfterMs } from '../../channels/shared/http-errors.js';
import { splitText, truncate } from '../../channels/shared/render.js';
import { hubSignature, safeEqual, verifyHubSignature } from '../../channels/shared/signature.js';
import { ChannelSendError, type HubPort } from '../../src/core/channel.js';
import { fixtureBytes } from './helpers/fixtures.js';

describe('channels shared', () => {
  it('checks X-Hub-Signature-256 over the raw bytes', () => {
    const body = fixtureBytes('messenger', 'text');
    const header = hubSignature(body, 'app-secret');
    expect(header).to.match(/^sha256=[0-9a-f]{64}$/);
    expect(verifyHubSignature(body, header, 'app-secret')).to.equal(true);
    expect(verifyHubSignature(body, header.toUpperCase().replace('SHA256', 'sha256'), 'app-secret')).to.equal(true);
    expect(verifyHubSignature(Buffer.concat([body, Buffer.from(' ')]), header, 'app-secret')).to.equal(false);
    expect(verifyHubSignature(body, header, 'other-secret')).to.equal(false);
    expect(verifyHubSignature(body, undefined, 'app-secret')).to.equal(false);
    expect(verifyHubSignature(body, header, '')).to.equal(false);
    expect(safeEqual('abc', 'abc')).to.equal(true);
    expect(safeEqual('abc', 'abcd')).to.equal(false);
  });

  it('splits text at word breaks within the limit and truncates labels', () => {
    const parts = splitText(`${'a'.repeat(30)} ${'b'.repeat(30)}`, 40);
    expect(parts).to.deep.equal(['a'.repeat(30), 'b'.repeat(30)]);
    expect(splitText('', 10)).to.deep.equal(['']);
    expect(splitText('x'.repeat(25), 10)).to.deep.equal(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(truncate('Je veux signaler quelque chose', 24)).to.have.length(24);
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('3')).to.equal(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).to.equal(6000);
    expect(retryAfterMs(undefined)).to.equal(undefined);
  });

  describe('Graph API errors', () => {
    let server: Server;
    let url: string;
    let answer: { status: number; body: unknown; headers?: Record<string, string> };
    before(async () => {
      server = createServer((req, res) => {
        req.resume();
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(JSON.stringify(answer.body));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v21.0/me/messages`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    const attempt = async (): Promise<ChannelSendError> => {
      try {
        await postGraph({ channel: 'test', url, token: 'secret-token', body: { text: 'private words' } });
      } catch (err) {
        return err as ChannelSendError;
      }
      throw new Error('expected a failure');
    };

    it('retries 429 and 5xx with Retry-After, not other 4xx', async () => {
      answer = { status: 429, body: {}, headers: { 'retry-after': '2' } };
      expect(await attempt()).to.include({ retryable: true, retryAfterMs: 2000 });
      answer = { status: 503, body: {} };
      expect((await attempt()).retryable).to.equal(true);
      answer = { status: 400, body: { error: { message: 'Invalid parameter', code: 100 } } };
      const bad = await attempt();
      expect(bad.retryable).to.equal(false);
      expect(bad.message).not.to.include('private words').and.not.to.include('secret-token');
    });
    it('retries Graph throttling codes sent with a 400', async () => {
      answer = { status: 400, body: { error: { message: 'Rate limit hit', code: 130429 } } };
      expect((await attempt()).retryable).to.equal(true);
    });
    it('retries when nothing answers', async () => {
      const err = await postGraph({ channel: 'test', url: 'http://127.0.0.1:1/x', token: 't', body: {} }).catch((e) => e);
      expect(err).to.be.instanceOf(ChannelSendError).and.include({ retryable: true });
    });
  });

  describe('HubGateway', () => {
    const event = (kind: 'text' | 'start', id: string) => ({
      platformUserId: 'u1', address: { chatId: '1' },
      message: kind === 'text' ? { kind, text: 'hello', platformMessageId: id } as const : { kind, platformMessageId: id } as const,
    });
    const fakeHub = (created: boolean) => ({
      openConversation: sinon.stub().resolves({ conversationId: 'conv-1', created }),
      receive: sinon.stub().resolves({ seq: 2, duplicate: false }),
      alreadySeen: sinon.stub().resolves(false),
    });

    it('opens the conversation and hands the message with its routing', async () => {
      const hub = fakeHub(false);
      const gateway = new HubGateway('test');
      gateway.attach(hub as unknown as HubPort);
      expect(await gateway.accept(event('text', 'm1'))).to.equal('stored');
      expect(hub.openConversation.firstCall.args[0]).to.deep.equal({ channel: 'test', platformUserId: 'u1', address: { chatId: '1' }, locale: undefined });
      expect(hub.receive.firstCall.args[0]).to.deep.equal({ kind: 'text', text: 'hello', platformMessageId: 'm1', conversationId: 'conv-1', channel: 'test' });
    });
    it('hands a start to the hub, and drops a replay before opening any conversation', async () => {
      const hub = fakeHub(true);
      hub.alreadySeen.onSecondCall().resolves(true);
      const gateway = new HubGateway('test');
      gateway.attach(hub as unknown as HubPort);
      expect(await gateway.accept(event('start', 's1'))).to.equal('stored');
      expect(hub.receive.firstCall.args[0]).to.include({ kind: 'start', platformMessageId: 's1', conversationId: 'conv-1' });
      expect(await gateway.accept(event('start', 's1'))).to.equal('duplicate');
      expect(hub.openConversation.callCount).to.equal(1);
    });
    it('opens a new conversation once when the last one closed meanwhile, and swallows too-long', async () => {
      const hub = fakeHub(false);
      hub.receive.onFirstCall().rejects(Object.assign(new Error('closed'), { code: 'closed' }));
      const gateway = new HubGateway('test');
      gateway.attach(hub as unknown as HubPort);
      expect(await gateway.accept(event('text', 'm2'))).to.equal('stored');
      expect(hub.openConversation.callCount).to.equal(2);
      hub.receive.rejects(Object.assign(new Error('too long'), { code: 'too_long' }));
      expect(await gateway.accept(event('text', 'm3'))).to.equal('stored');
    });
    it('keeps one user\'s messages in order', async () => {
      const order: string[] = [];
      const hub = fakeHub(false);
      hub.receive.callsFake(async (m: { text: string }) => {
        await new Promise((r) => setTimeout(r, m.text === 'first' ? 20 : 0));
        order.push(m.text);
        return { seq: 1, duplicate: false };
      });
      const gateway = new HubGateway('test');
      gateway.attach(hub as unknown as HubPort);
      const base = event('text', 'x');
      await Promise.all([
        gateway.accept({ ...base, message: { kind: 'text', text: 'first' } }),
        gateway.accept({ ...base, message: { kind: 'text', text: 'second' } }),
      ]);
      expect(order).to.deep.equal(['first', 'second']);
    });
  });
});
