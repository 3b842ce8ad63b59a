/** The agents' queue as the router and the place notifier read it: its order, never the citizens'
 * words. They await Redis with the line in hand (and run on a timer, after any request): a summary held
 * there stayed in the hub's memory past the request that wrote it (test/hub/privacy-memory.test.ts
 * caught one under load). */
import { expect } from 'chai';
import { useTestHub } from '../helpers/hub.js';

describe('the agents’ queue line (HandoffQueue.line)', () => {
  const running = useTestHub();

  it('keeps the list’s order and fields but the summary', async () => {
    const { handoff } = running.hub.app.ctx;
    const waitingSince = new Date().toISOString();
    const base = { intent: 'complaint', locale: 'fr', channel: 'api', waitingSince };
    await handoff.enqueue({ ...base, id: 'a', urgent: false, summary: 'mon voisin a volé mon vélo' });
    await handoff.enqueue({ ...base, id: 'b', urgent: true, summary: 'au secours il me frappe' });
    const list = await handoff.list();
    const line = await handoff.line();
    expect(line.map((e) => e.id)).to.deep.equal(list.map((e) => e.id));
    expect(line.map((e) => e.id)).to.deep.equal(['b', 'a']); // urgent first
    for (const entry of line) expect(entry).to.not.have.property('summary');
    expect(line[0]).to.include({ urgent: true, intent: 'complaint', waitingSince });
    await handoff.withdraw('a');
    await handoff.withdraw('b');
  });
});
