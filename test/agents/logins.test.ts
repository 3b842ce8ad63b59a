/** Agents' logins and sessions under attack: a burst of guesses, a stranger trying to lock an agent
 * out, and sessions that must end when the account changes. */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { LoginGuard } from '../../src/agents/login-guard.js';
import { ROOT, call, useTestHub } from '../helpers/hub.js';

const PASSWORD = 'correct horse battery';

describe('agent logins and sessions', function () {
  this.timeout(30_000);
  const running = useTestHub();
  const login = async (username: string, password = PASSWORD) => call(`${running.hub.url}/api/v1/agent/session`, { body: { username, password } });
  const me = async (token: string) => (await call(`${running.hub.url}/api/v1/agent/me`, { token })).status;

  it('counts every guess before checking it: 60 simultaneous guesses from 60 addresses let at most 20 through', async () => {
    const guard = new LoginGuard(running.hub.app.ctx.redis, 'burst');
    const waits = await Promise.all(Array.from({ length: 60 }, (_, i) => guard.begin('alice', `198.51.100.${i}`)));
    expect(waits.filter((w) => w === 0)).to.have.length(20);
    expect(waits.filter((w) => w > 0).every((w) => w <= 15 * 60)).to.equal(true);
  });

  it('keeps an agent able to log in from where they always do while strangers spend the budget', async () => {
    const guard = new LoginGuard(running.hub.app.ctx.redis, 'lockout');
    expect(await guard.begin('bob', '192.0.2.10')).to.equal(0);
    await guard.succeeded('bob', '192.0.2.10'); // Bob's usual address
    for (let i = 0; i < 30; i++) await guard.begin('bob', `203.0.113.${i}`); // strangers, wrong passwords
    expect(await guard.begin('bob', '203.0.113.200')).to.be.greaterThan(0); // a new address is held
    expect(await guard.begin('bob', '192.0.2.10')).to.equal(0); // Bob is not
  });

  it('ends sessions when the role or the password changes, and when the account is removed and re-created', async () => {
    const { accounts } = running.hub.app.ctx;
    await accounts.add('carol', PASSWORD, 'supervisor');
    const first = (await login('carol')).body.token;
    expect(await me(first)).to.equal(200);
    await accounts.setRole('carol', 'agent');
    expect(await me(first)).to.equal(401);
    const second = (await login('carol')).body.token;
    expect((await call(`${running.hub.url}/api/v1/agent/me`, { token: second })).body.role).to.equal('agent');
    await accounts.setPassword('carol', 'another long password');
    expect(await me(second)).to.equal(401);
    const third = (await login('carol', 'another long password')).body.token;
    await accounts.remove('carol');
    await accounts.add('carol', PASSWORD, 'agent');
    expect(await me(third)).to.equal(401);
  });

  it('revokes sessions from the command line, and changes passwords there', async () => {
    const { accounts } = running.hub.app.ctx;
    await accounts.add('dave', PASSWORD, 'agent');
    const token = (await login('dave')).body.token;
    const env = { ...process.env, REDIS_URL: running.redis.url, LOG_LEVEL: 'silent' };
    const out = execFileSync(process.execPath, [`${ROOT}/bin/relais.js`, 'agents', 'sessions', 'revoke', 'dave'], { env, cwd: ROOT }).toString();
    expect(out).to.match(/every session of dave has ended/);
    expect(await me(token)).to.equal(401);
    execFileSync(process.execPath, [`${ROOT}/bin/relais.js`, 'agents', 'passwd', 'dave'], { env, cwd: ROOT, input: 'a brand new password\n' });
    expect((await login('dave')).status).to.equal(401);
    expect((await login('dave', 'a brand new password')).status).to.equal(200);
  });
});
