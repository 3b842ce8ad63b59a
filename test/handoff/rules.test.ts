/** The hand-off's pure rules, table-tested: who gets the next conversation, the wait estimate, when to
 * tell a citizen their place, queue order, percentiles, day buckets, roles. */
import { expect } from 'chai';
import { can } from '../../src/agents/roles.js';
import { compareWaiting, type WaitingConversation } from '../../src/handoff/handoff-queue.js';
import { pickAgent } from '../../src/handoff/router.js';
import { summarise } from '../../src/handoff/summary.js';
import { sweepInterval } from '../../src/handoff/sweeper.js';
import { estimateWaitMinutes, shouldTellPlace } from '../../src/handoff/wait-estimate.js';
import { percentile } from '../../src/stats/percentile.js';
import { zonedDayHour } from '../../src/stats/zoned-time.js';

const MIN = 60_000;

describe('hand-off rules', () => {
  it('picks the least-busy agent under capacity, turns breaking ties', () => {
    const cases: [Parameters<typeof pickAgent>[0], number, string | undefined][] = [
      [
        [
          { username: 'a', load: 2, lastAssigned: 0 },
          { username: 'b', load: 1, lastAssigned: 5 },
        ],
        3,
        'b',
      ],
      [
        [
          { username: 'a', load: 1, lastAssigned: 9 },
          { username: 'b', load: 1, lastAssigned: 5 },
        ],
        3,
        'b',
      ],
      [
        [
          { username: 'a', load: 3, lastAssigned: 0 },
          { username: 'b', load: 3, lastAssigned: 0 },
        ],
        3,
        undefined,
      ],
      [
        [
          { username: 'b', load: 0, lastAssigned: 0 },
          { username: 'a', load: 0, lastAssigned: 0 },
        ],
        1,
        'a',
      ],
      [[], 3, undefined],
    ];
    for (const [candidates, capacity, expected] of cases) expect(pickAgent(candidates, capacity)?.username).to.equal(expected);
  });

  it('estimates the wait from place, agents, capacity and handle time', () => {
    const cases: [Parameters<typeof estimateWaitMinutes>[0], number][] = [
      [{ position: 1, agents: 1, capacity: 3 }, 2], // 6 min default handle time / 3 slots
      [{ position: 6, agents: 2, capacity: 3, handleMs: 6 * MIN }, 6],
      [{ position: 1, agents: 0, capacity: 1, handleMs: 10 * MIN }, 10], // nobody online: one slot assumed
      [{ position: 1, agents: 10, capacity: 3, handleMs: MIN }, 1], // never "0 min"
    ];
    for (const [input, minutes] of cases) expect(estimateWaitMinutes(input), JSON.stringify(input)).to.equal(minutes);
  });

  it('tells a place on each move near the front, else every few minutes', () => {
    const at = 1_000_000;
    const cases: [{ position: number; at: number } | undefined, number, number, boolean][] = [
      [undefined, 7, at, true],
      [{ position: 4, at }, 3, at + 1000, true],
      [{ position: 9, at }, 8, at + 1000, false], // far back: not every step
      [{ position: 9, at }, 8, at + 3 * MIN, true],
      [{ position: 3, at }, 4, at + 1000, false], // an urgent case went ahead: no alarm
      [{ position: 3, at }, 3, at + 4 * MIN, false],
      [{ position: 3, at }, 3, at + 5 * MIN, true], // still there: a reminder
    ];
    for (const [told, position, now, expected] of cases) expect(shouldTellPlace(told, position, now), JSON.stringify([told, position])).to.equal(expected);
  });

  it('orders the queue urgent first, then oldest first', () => {
    const w = (id: string, urgent: boolean, since: string): WaitingConversation => ({
      id,
      urgent,
      intent: 'autre',
      locale: 'fr',
      channel: 'api',
      waitingSince: since,
      summary: '',
    });
    const list = [
      w('a', false, '2025-01-01T10:00:00Z'),
      w('b', true, '2025-01-01T10:05:00Z'),
      w('c', false, '2025-01-01T09:00:00Z'),
      w('d', true, '2025-01-01T10:01:00Z'),
    ];
    expect(list.sort(compareWaiting).map((x) => x.id)).to.deep.equal(['d', 'b', 'c', 'a']);
  });

  it('computes nearest-rank percentiles', () => {
    expect(percentile([], 50)).to.equal(undefined);
    expect(percentile([7], 90)).to.equal(7);
    expect(percentile([5, 1, 4, 2, 3], 50)).to.equal(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).to.equal(9);
  });

  it("buckets times by the supervisors' day and hour", () => {
    expect(zonedDayHour(new Date('2025-03-14T23:30:00Z'), 'Europe/Paris')).to.deep.equal({ day: '2025-03-15', hour: 0 });
    expect(zonedDayHour(new Date('2025-07-01T10:00:00Z'), 'Europe/Paris')).to.deep.equal({ day: '2025-07-01', hour: 12 });
    expect(zonedDayHour(new Date('2025-07-01T10:00:00Z'), 'America/Cayenne')).to.deep.equal({ day: '2025-07-01', hour: 7 });
  });

  it('sweeps often enough for the shortest deadline, within bounds', () => {
    expect(sweepInterval(60_000, 15 * MIN)).to.equal(5000);
    expect(sweepInterval(1000, 3000)).to.equal(500);
    expect(sweepInterval(100, 0)).to.equal(200);
  });

  it("summarises with the citizen's last typed words only", () => {
    const m = (from: string, text: string, extra = {}) => ({ seq: 1, at: '', from, text, ...extra }) as never;
    expect(summarise([m('citizen', 'premier'), m('bot', 'réponse'), m('citizen', 'Oui', { choice: 'feedback.yes' })])).to.equal('premier');
    expect(summarise([m('citizen', 'x'.repeat(200))])).to.have.length(140);
    expect(summarise([m('agent', 'note', { internal: true })])).to.equal('');
  });

  it('gives each role its own rights', () => {
    expect(can('agent', 'converse')).to.equal(true);
    expect(can('agent', 'supervise')).to.equal(false);
    expect(can('supervisor', 'supervise')).to.equal(true);
    expect(can('editor', 'converse')).to.equal(false);
    expect(can('editor', 'queue')).to.equal(false);
    expect(can('editor', 'canned')).to.equal(true);
  });
});
