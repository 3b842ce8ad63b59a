/** The audit log keeps accountability, not personal data: codes only, and nothing past its retention. */
import { expect } from 'chai';
import { AuditLog } from '../../src/agents/audit.js';
import { call, useTestHub } from '../helpers/hub.js';

describe('audit log', function () {
  this.timeout(20_000);
  const running = useTestHub();

  it('forgets entries, and the conversation ids in them, after AUDIT_RETENTION_DAYS', async () => {
    let now = Date.UTC(2026, 0, 1);
    const audit = new AuditLog(running.hub.app.ctx.redis, 'audit-retention', () => new Date(now), 30);
    await audit.record({ actor: 'alice', action: 'read', conversation: '11111111-1111-4111-8111-111111111111' });
    now += 31 * 24 * 3600_000;
    for (let i = 0; i < 200; i++) await audit.record({ actor: 'alice', action: 'presence', detail: 'available' });
    const all = await audit.list({ limit: 1000 });
    expect(all.some((e) => e.conversation)).to.equal(false);
  });

  it('writes a close outcome as a code: free text becomes "other"', async () => {
    const { url, app } = running.hub;
    await app.ctx.accounts.add('erin', 'correct horse battery', 'agent');
    const token = (await call(`${url}/api/v1/agent/session`, { body: { username: 'erin', password: 'correct horse battery' } })).body.token;
    const { body: conv } = await call(`${url}/api/v1/conversations`, { body: {} });
    await call(`${url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text: 'je voudrais parler à un agent' } });
    for (let i = 0; i < 100 && (await app.ctx.store.get(conv.id))?.mode !== 'waiting'; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await call(`${url}/api/v1/agent/conversations/${conv.id}/claim`, { method: 'POST', token })).status).to.equal(200);
    const close = await call(`${url}/api/v1/agent/conversations/${conv.id}/close`, { token, body: { outcome: 'Mme Dupont 06 12 34 56 78' } });
    expect(close.status).to.equal(200);
    const entries = await app.ctx.console.audit.list({ limit: 50 });
    const closed = entries.find((e) => e.action === 'close' && e.conversation === conv.id);
    expect(closed?.detail).to.equal('other');
    expect(JSON.stringify(entries)).not.to.include('Dupont');
    expect((await app.ctx.store.get(conv.id))?.outcome).to.equal('other');
  });

  it('audits a transcript read from any point, not only from the start', async () => {
    const { url, app } = running.hub;
    await app.ctx.accounts.add('fred', 'correct horse battery', 'supervisor');
    const token = (await call(`${url}/api/v1/agent/session`, { body: { username: 'fred', password: 'correct horse battery' } })).body.token;
    const { body: conv } = await call(`${url}/api/v1/conversations`, { body: {} });
    expect((await call(`${url}/api/v1/agent/conversations/${conv.id}/messages?after=1`, { token })).status).to.equal(200);
    const entries = await app.ctx.console.audit.list({ limit: 50 });
    expect(entries.some((e) => e.actor === 'fred' && e.action === 'read' && e.conversation === conv.id)).to.equal(true);
  });
});
