/** Agents' logins and sessions under attack: a burst of guesses, a stranger trying to lock an agent
 * out, and sessions that must end when the account changes. */
import { expect } from 'chai';
import { testClock } from '../helpers/clock.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { LoginGuard } from '../../src/agents/login-guard.js';
import { ROOT, call, useTestHub } from '../helpers/hub.js';

const run = promisify(execFile);

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

  it('refuses a change made with the console cookie alone unless it is JSON from the console itself (CSRF)', async () => {
    const { accounts } = running.hub.app.ctx;
    await accounts.add('gina', PASSWORD, 'agent');
    const token = (await login('gina')).body.token;
    const presence = (headers: Record<string, string>, body = '{"status":"away"}') =>
      fetch(`${running.hub.url}/api/v1/agent/presence`, { method: 'POST', headers: { cookie: `relais_agent=${token}`, ...headers }, body });
    expect((await presence({ 'content-type': 'text/plain' })).status).to.equal(403); // a form from another site
    expect((await presence({ 'content-type': 'application/json', origin: 'https://evil.example' })).status).to.equal(403);
    expect((await presence({ 'content-type': 'application/json', origin: running.hub.url })).status).to.equal(200);
    expect((await presence({ 'content-type': 'application/json' })).status).to.equal(200);
    // A Bearer header is never sent by another site: no such rule for it.
    const bearer = await fetch(`${running.hub.url}/api/v1/agent/presence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"status":"available"}',
    });
    expect(bearer.status).to.equal(200);
  });

  it('revokes sessions from the command line, and changes passwords there', async () => {
    const { accounts } = running.hub.app.ctx;
    await accounts.add('dave', PASSWORD, 'agent');
    const token = (await login('dave')).body.token;
    const env = { ...process.env, REDIS_URL: running.redis.url, LOG_LEVEL: 'silent' };
    // Asynchronous on purpose: the hub runs in this process, and a synchronous child would freeze it
    // for seconds, long enough for its keep-alive timer to close the socket fetch reuses next (ECONNRESET).
    const { stdout: out } = await run(process.execPath, [`${ROOT}/bin/relais.js`, 'agents', 'sessions', 'revoke', 'dave'], { env, cwd: ROOT });
    expect(out).to.match(/every session of dave has ended/);
    expect(await me(token)).to.equal(401);
    const passwd = execFile(process.execPath, [`${ROOT}/bin/relais.js`, 'agents', 'passwd', 'dave'], { env, cwd: ROOT });
    passwd.stdin!.end('a brand new password\n');
    await new Promise((resolve, reject) =>
      passwd.on('exit', (code) => (code === 0 ? resolve(code) : reject(new Error(`relais agents passwd exited ${code}`)))),
    );
    expect((await login('dave')).status).to.equal(401);
    expect((await login('dave', 'a brand new password')).status).to.equal(200);
  });
});

describe('behind a reverse proxy (TRUST_PROXY=1)', function () {
  this.timeout(30_000);
  // The budget counts per 5-minute window of the hub's clock: a fixed clock keeps the 11 logins in one.
  const running = useTestHub({ TRUST_PROXY: '1', RATE_LIMITS: 'on' }, { clock: testClock() });
  let n = 0;
  const loginFrom = (address: string) =>
    fetch(`${running.hub.url}/api/v1/agent/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ username: `nobody${n++}`, password: 'wrong password here' }),
    });

  it('counts each caller behind the proxy on its own, not the whole desk as one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await loginFrom('198.51.100.20')).status);
    // The per-address budget of login requests (10 in 5 minutes), for one person behind the proxy.
    expect(statuses.slice(0, 10), JSON.stringify(statuses)).to.satisfy((l: number[]) => l.every((s) => s === 401));
    expect(statuses[10]).to.equal(429);
    expect((await loginFrom('198.51.100.21')).status).to.equal(401); // a colleague is not held
  });
});
