/** Easy-to-read French through the HTTP API: the welcome's « Texte facile à lire » choice (what the
 * messaging apps tap), then the menu and an answer in FALC; the web chat's switch (POST
 * /api/v1/conversations/{id}/easy-read); the flag kept on the conversation and erased with it. */
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { loadContent } from '../../src/content/load.js';
import type { Content } from '../../src/content/types.js';
import { CONTENT_DIR, call, useTestHub, waitForMessage } from '../helpers/hub.js';

describe('easy-to-read French through the API', function () {
  this.timeout(30_000);
  const running = useTestHub();
  let content: Content;
  let redis: Redis;
  before(async () => {
    content = (await loadContent(CONTENT_DIR)).content!;
    redis = new Redis(running.redis.url);
  });
  after(() => redis?.disconnect());

  const url = () => running.hub.url;
  const falc = (step: string) => content.flow.steps.get(step)!.say.fr_falc!;
  /** The conversation's easy-to-read field as Redis holds it (null: none, or the conversation is gone). */
  const storedFlag = async (id: string) => {
    const [key] = await redis.keys(`*conv:${id}`);
    return key ? redis.hget(key, 'easyRead') : null;
  };

  async function open(): Promise<{ id: string; token: string }> {
    const { status, body } = await call(`${url()}/api/v1/conversations`, { body: { locale: 'fr' } });
    expect(status).to.equal(201);
    return body;
  }
  // « Texte facile à lire » / « Texte habituel » are typed (the welcome keeps its three entries); the rest are choices.
  const TYPED: Record<string, string> = { 'read.easy': 'Texte facile à lire', 'read.usual': 'Texte habituel' };
  async function choose(conv: { id: string; token: string }, choice: string): Promise<number> {
    const body = TYPED[choice] ? { text: TYPED[choice] } : { choice };
    const sent = await call(`${url()}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body });
    expect(sent.status).to.equal(202);
    return sent.body.seq;
  }

  it('choosing « Texte facile à lire »: the menu, a step and an answer come in easy-to-read, until « Texte habituel »', async () => {
    const conv = await open();
    const { body } = await call(`${url()}/api/v1/conversations/${conv.id}/messages`, { token: conv.token });
    expect(body.messages[0].choices.map((c: any) => c.id)).to.deep.equal(['victim', 'report', 'information']);

    let seq = await choose(conv, 'read.easy');
    const opening = falc('welcome').split('\n')[1]!;
    const welcome = await waitForMessage(url(), conv.id, conv.token, (m) => m.from === 'bot' && m.text.includes(opening), seq);
    for (const n of ['17', '112', '15', '18', '114']) expect(welcome.text).to.match(new RegExp(`\\b${n}\\b`));
    expect(welcome.choices.map((c: any) => c.id)).to.deep.equal(['victim', 'report', 'information']);
    expect(await storedFlag(conv.id)).to.equal('true');

    seq = await choose(conv, 'information');
    await waitForMessage(url(), conv.id, conv.token, (m) => m.from === 'bot' && m.text === falc('information'), seq);
    seq = await choose(conv, 'plainte');
    const plainte = content.knowledge.get('plainte')!;
    const answer = await waitForMessage(url(), conv.id, conv.token, (m) => m.from === 'bot' && m.links?.length, seq);
    expect(answer.text).to.equal(plainte.answer.fr_falc);
    expect(answer.links.map((l: any) => l.url)).to.deep.equal(plainte.links.map((l) => l.url));
    await waitForMessage(url(), conv.id, conv.token, (m) => m.from === 'bot' && m.text === content.phrases.did_it_help!.fr_falc, seq);

    seq = await choose(conv, 'menu');
    await waitForMessage(url(), conv.id, conv.token, (m) => m.from === 'bot' && m.text.includes(opening), seq);
    seq = await choose(conv, 'read.usual');
    const usual = await waitForMessage(url(), conv.id, conv.token, (m) => m.from === 'bot' && m.choices?.length, seq);
    expect(usual.text).to.include(content.flow.steps.get('welcome')!.say.fr!.split('\n')[0]!);
    expect(usual.choices.map((c: any) => c.id)).to.deep.equal(['victim', 'report', 'information']);
    expect(await storedFlag(conv.id)).to.equal('false');
  });

  it('a message describing danger gets the emergency numbers in easy-to-read', async () => {
    const conv = await open();
    const seq = await choose(conv, 'read.easy');
    await waitForMessage(url(), conv.id, conv.token, (m) => m.from === 'bot' && m.text.includes(falc('welcome').split('\n')[1]!), seq);
    const sent = await call(`${url()}/api/v1/conversations/${conv.id}/messages`, {
      token: conv.token,
      body: { text: 'au secours mon mari me frappe en ce moment, il a un couteau' },
    });
    const urgent = await waitForMessage(url(), conv.id, conv.token, (m) => m.urgent, sent.body.seq);
    expect(urgent.text).to.equal(content.phrases.emergency_now!.fr_falc);
  });

  it('the web chat’s switch: the menu again in easy-to-read; checked input; kept on the conversation and erased with it', async () => {
    const conv = await open();
    const on = await call(`${url()}/api/v1/conversations/${conv.id}/easy-read`, { token: conv.token, body: { easyRead: true } });
    expect(on).to.deep.equal({ status: 200, body: { easyRead: true } });
    await waitForMessage(url(), conv.id, conv.token, (m) => m.from === 'bot' && m.text.includes(falc('welcome').split('\n')[1]!), 1);
    expect(await storedFlag(conv.id)).to.equal('true');

    const bad = await call(`${url()}/api/v1/conversations/${conv.id}/easy-read`, { token: conv.token, body: { easyRead: 'yes' } });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.code).to.equal('invalid_easyRead');
    expect((await call(`${url()}/api/v1/conversations/${conv.id}/easy-read`, { token: 'wrong', body: { easyRead: true } })).status).to.be.oneOf([401, 404]);

    expect((await call(`${url()}/api/v1/conversations/${conv.id}`, { method: 'DELETE', token: conv.token })).status).to.be.lessThan(300);
    expect(await storedFlag(conv.id)).to.equal(null);
  });
});
