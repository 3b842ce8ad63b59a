/** A machine-translated conversation on a push channel (issue 12): the channel is told the citizen's
 * language and gets the words it adds itself (WhatsApp's list button) in that language too, not the
 * bot's working language; with the server down, the French text goes with a French button. */
import { expect } from 'chai';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { type FakeLibreTranslate, startFakeLibreTranslate } from '../helpers/libretranslate.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { TestChannel } from '../helpers/test-channel.js';

describe('a machine-translated conversation on a push channel', function () {
  this.timeout(30_000);
  let redis: TestRedis;
  let downRedis: TestRedis;
  let fake: FakeLibreTranslate;
  let hub: TestHub;
  let down: TestHub;
  let channel: TestChannel;
  let downChannel: TestChannel;

  before(async () => {
    fake = await startFakeLibreTranslate();
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, { TRANSLATE_URL: fake.url });
    channel = new TestChannel({ id: 'telegram' });
    await hub.app.hub.addChannel(channel);
    downRedis = await startTestRedis();
    down = await startTestHub(downRedis.url, { TRANSLATE_URL: 'http://127.0.0.1:1' });
    downChannel = new TestChannel({ id: 'telegram' });
    await down.app.hub.addChannel(downChannel);
  });
  after(async () => {
    await hub?.stop();
    await down?.stop();
    await redis?.stop();
    await downRedis?.stop();
    await fake?.close();
  });

  it("tells the channel the citizen's language and gives it the list button in that language", async () => {
    await channel.open('ayse', 'tr');
    const [first] = await channel.replies('ayse', 1);
    const welcome = channel.to('ayse');
    expect(first!.text.startsWith('⟨tr⟩ ')).to.equal(true);
    for (const m of welcome) {
      expect(m.locale).to.equal('tr');
      expect(m.listButton).to.equal('⟨tr⟩ Choisir');
    }
  });

  it('with the server down: the French text and the French button, consistently', async () => {
    await downChannel.open('ayse', 'tr');
    await downChannel.replies('ayse', 1);
    for (const m of downChannel.to('ayse')) {
      expect(m.text.startsWith('⟨tr⟩')).to.equal(false);
      expect(m.listButton).to.equal('Choisir');
    }
  });
});
