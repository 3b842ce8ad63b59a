/** channels/shared: signatures, text splitting, Graph error mapping, and the link into the hub. */
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sinon from 'sinon';
import { postGraph } from '../../channels/shared/graph-api.js';
import { HubLink } from '../../channels/shared/inbound-event.js';
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

  describe('HubLink', () => {
    const event = (kind: 'text' | 'start', id: string) => ({
      platformUserId: 'u1',
      address: { chatId: '1' },
      message: kind === 'text' ? ({ kind, text: 'hello', platformMessageId: id } as const) : ({ kind, platformMessageId: id } as const),
    });
    it('hands the event to hub.receive with its sender and the channel, nothing more', async () => {
      const receive = sinon.stub().resolves({ status: 'stored', conversationId: 'conv-1', seq: 2 });
      const link = new HubLink('test');
      link.attach({ receive } as HubPort);
      expect(await link.receive(event('text', 'm1'))).to.deep.equal({ status: 'stored', conversationId: 'conv-1', seq: 2 });
      expect(receive.firstCall.args[0]).to.deep.equal({
        channel: 'test',
        sender: { platformUserId: 'u1', address: { chatId: '1' }, locale: undefined },
        message: { kind: 'text', text: 'hello', platformMessageId: 'm1' },
      });
    });
    it('refuses events before the channel is started', async () => {
      await new HubLink('test').receive(event('start', 's1')).then(
        () => expect.fail('accepted'),
        (err: Error) => expect(err.message).to.match(/not started/),
      );
    });
  });
});
