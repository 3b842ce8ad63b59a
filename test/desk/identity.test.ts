/** Agents' identities (issue 14): display names and skills on accounts, through the `relais agents`
 * command, and the display name — never the username — on every agent message a citizen receives. */
import { expect } from 'chai';
import { runRelais as relais } from '../helpers/cli.js';
import { call, useTestHub, waitForMessage } from '../helpers/hub.js';

const PASSWORD = 'correct horse battery';

describe('agents: display names and skills', function () {
  this.timeout(40_000);
  const running = useTestHub();

  it('relais agents add takes --display and --skills, and list shows role, display name and skills', () => {
    const env = { REDIS_URL: running.redis.url };
    const add = relais(['agents', 'add', 'jdupont', '--role', 'agent', '--display', 'Gendarme Julie', '--skills', 'vss,AR,en,vss'], {
      input: `${PASSWORD}\n`,
      env,
    });
    expect(add.status, add.stderr).to.equal(0);
    expect(relais(['agents', 'add', 'marc', '--role', 'supervisor'], { input: `${PASSWORD}\n`, env }).status).to.equal(0);
    const list = relais(['agents', 'list'], { env }).stdout;
    expect(list).to.match(/^jdupont\tagent\tGendarme Julie\tar,en,vss\t\d{4}-/m);
    expect(list).to.match(/^marc\tsupervisor\t-\t-\t/m);

    const profile = relais(['agents', 'profile', 'marc', '--display', 'Capitaine Marc', '--skills', 'vss'], { env });
    expect(profile.status, profile.stderr).to.equal(0);
    expect(relais(['agents', 'list'], { env }).stdout).to.match(/^marc\tsupervisor\tCapitaine Marc\tvss\t/m);

    // Refused before the password is read: a bad skill, a display flag without a value.
    expect(relais(['agents', 'add', 'eve', '--skills', 'v s s'], { input: `${PASSWORD}\n`, env }).status).to.equal(2);
    expect(relais(['agents', 'add', 'eve', '--display'], { input: `${PASSWORD}\n`, env }).status).to.equal(2);
    expect(relais(['agents', 'profile', 'nobody', '--display', 'X'], { env }).status).to.equal(1);
  });

  it("an agent's reply reaches the citizen with the display name as author, never the username", async () => {
    const { url } = running.hub;
    await running.hub.app.ctx.accounts.add('ldurand', PASSWORD, 'agent', { display: 'Brigadier Léa' });
    const token = (await call(`${url}/api/v1/agent/session`, { body: { username: 'ldurand', password: PASSWORD } })).body.token;
    const citizen = (await call(`${url}/api/v1/conversations`, { body: { locale: 'fr' } })).body;
    await call(`${url}/api/v1/conversations/${citizen.id}/messages`, { token: citizen.token, body: { text: 'je voudrais parler à un policier' } });
    await waitForMessage(url, citizen.id, citizen.token, (m) => m.from === 'system' && /position/.test(m.text));

    expect((await call(`${url}/api/v1/agent/conversations/${citizen.id}/claim`, { token, body: {} })).status).to.equal(200);
    expect((await call(`${url}/api/v1/agent/conversations/${citizen.id}/messages`, { token, body: { text: 'Bonjour, je vous écoute.' } })).status).to.equal(
      202,
    );
    const reply = await waitForMessage(url, citizen.id, citizen.token, (m) => m.from === 'agent');
    expect(reply).to.include({ text: 'Bonjour, je vous écoute.', author: 'Brigadier Léa' });

    const all = (await call(`${url}/api/v1/conversations/${citizen.id}/messages`, { token: citizen.token })).body.messages;
    expect(JSON.stringify(all)).not.to.include('ldurand');
    // Colleagues see the same name in the transcript.
    const agentSide = (await call(`${url}/api/v1/agent/conversations/${citizen.id}/messages`, { token })).body.messages;
    expect(agentSide.find((m: { from: string }) => m.from === 'agent').author).to.equal('Brigadier Léa');
  });
});
