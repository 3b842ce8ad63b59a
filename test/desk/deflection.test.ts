/** The supervisors' deflection figure (issue 14) counts only conversations where the citizen wrote
 * something: a widget opened and left silent was settled by nobody, so it must not raise the rate. */
import { expect } from 'chai';
import { call, useTestHub, waitForMessage } from '../helpers/hub.js';

const PASSWORD = 'correct horse battery';

describe('supervisor figures: deflection out of the conversations where the citizen wrote', function () {
  this.timeout(40_000);
  const running = useTestHub({ ROUTING_MODE: 'pick' });

  it('a silent conversation counts as started, not in the deflection rate; a hand-off lowers it', async () => {
    const url = running.hub.url;
    await running.hub.app.ctx.accounts.add('sue', PASSWORD, 'supervisor');
    const sue = (await call(`${url}/api/v1/agent/session`, { body: { username: 'sue', password: PASSWORD } })).body.token;
    const open = async () => (await call(`${url}/api/v1/conversations`, { body: { locale: 'fr' } })).body as { id: string; token: string };

    await open(); // opened, never written in
    const answered = await open();
    const sent = (
      await call(`${url}/api/v1/conversations/${answered.id}/messages`, { token: answered.token, body: { text: 'Comment porter plainte pour un vol ?' } })
    ).body;
    await waitForMessage(url, answered.id, answered.token, (m) => m.from === 'bot', sent.seq);
    const handed = await open();
    await call(`${url}/api/v1/conversations/${handed.id}/messages`, { token: handed.token, body: { text: 'je voudrais parler à un policier' } });
    await waitForMessage(url, handed.id, handed.token, (m) => m.from === 'system' && /position \d+/.test(m.text));
    // More messages in the same conversation are not more engaged conversations (a short one is triaged once
    // its conversation is read, a sentence sure of its language before: hub/receive.ts).
    for (const text of ['merci', 'Merci beaucoup, je vais attendre que quelqu’un me réponde ici'])
      await call(`${url}/api/v1/conversations/${handed.id}/messages`, { token: handed.token, body: { text } });

    let today: any;
    const deadline = Date.now() + 10_000;
    do {
      today = (await call(`${url}/api/v1/agent/stats`, { token: sue })).body.today;
    } while (!(today.engaged === 2 && today.handoffs === 1) && Date.now() < deadline);
    expect(today.started).to.equal(3);
    expect(today.engaged).to.equal(2);
    expect(today.handoffs).to.equal(1);
    expect(today.deflectionRate).to.equal(0.5); // (2 engaged − 1 hand-off) / 2; the silent one is left out
  });
});
