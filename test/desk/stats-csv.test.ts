/** The supervisors' daily export (issue 14): GET /api/v1/agent/stats.csv, one row per day of the range
 * (days in the stats time zone) with zeros for quiet days, anonymous totals only, supervisors only. */
import { expect } from 'chai';
import { CSV_COLUMNS, daysBetween, toCsv } from '../../src/stats/daily-csv.js';
import { COUNTERS } from '../../src/stats/stats.js';
import { zonedDayHour } from '../../src/stats/zoned-time.js';
import { call, useTestHub, waitForMessage } from '../helpers/hub.js';

const PASSWORD = 'correct horse battery';

describe('daily export: pure rules', () => {
  it('lists every calendar day of a range, month ends and leap days included', () => {
    expect(daysBetween('2024-02-27', '2024-03-01')).to.deep.equal(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
    expect(daysBetween('2026-12-31', '2027-01-01')).to.deep.equal(['2026-12-31', '2027-01-01']);
    expect(daysBetween('2026-03-29', '2026-03-29')).to.deep.equal(['2026-03-29']); // a 23-hour day in Paris is still one row
    expect(daysBetween('2026-03-02', '2026-03-01')).to.deep.equal([]);
  });

  it('writes averages only over something, never a misleading zero', () => {
    const zero = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<(typeof COUNTERS)[number], number>;
    const csv = toCsv([
      { date: '2026-12-01', counters: { ...zero, conversations_started: 4 }, satisfaction: { 1: 0, 2: 0, 3: 1, 4: 0, 5: 1 }, waits: 2, waitMsTotal: 90_000 },
      { date: '2026-12-02', counters: zero, satisfaction: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, waits: 0, waitMsTotal: 0 },
    ]);
    const [header, first, second] = csv.trimEnd().split('\r\n');
    expect(header).to.equal(CSV_COLUMNS.join(','));
    expect(first.split(',')).to.deep.equal(['2026-12-01', '4', ...COUNTERS.slice(1).map(() => '0'), '2', '45', '2', '4.00']);
    expect(second).to.equal(['2026-12-02', ...COUNTERS.map(() => '0'), '0', '', '0', ''].join(','));
  });
});

describe('daily export: GET /api/v1/agent/stats.csv', function () {
  this.timeout(40_000);
  const running = useTestHub();
  const tokens: Record<string, string> = {};
  const url = () => running.hub.url;

  before(async () => {
    for (const [name, role] of [
      ['ann', 'agent'],
      ['sue', 'supervisor'],
    ] as const) {
      await running.hub.app.ctx.accounts.add(name, PASSWORD, role);
      tokens[name] = (await call(`${url()}/api/v1/agent/session`, { body: { username: name, password: PASSWORD } })).body.token;
    }
    const { body } = await call(`${url()}/api/v1/conversations`, { body: { locale: 'fr' } });
    await call(`${url()}/api/v1/conversations/${body.id}/messages`, { token: body.token, body: { text: 'comment obtenir une attestation ?' } });
    await waitForMessage(url(), body.id, body.token, (m) => m.from === 'bot' && m.seq > 1);
  });

  const shift = (day: string, by: number) => new Date(Date.parse(`${day}T00:00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);

  it('answers a header, then one row per day, zeros for quiet days and today counted', async () => {
    const today = zonedDayHour(new Date(), 'Europe/Paris').day;
    const res = await fetch(`${url()}/api/v1/agent/stats.csv?from=${shift(today, -2)}&to=${shift(today, 1)}`, {
      headers: { authorization: `Bearer ${tokens.sue}` },
    });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/csv/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).to.equal(CSV_COLUMNS.join(','));
    expect(lines.slice(1).map((l) => l.split(',')[0])).to.deep.equal([shift(today, -2), shift(today, -1), today, shift(today, 1)]);
    const row = (day: string) =>
      Object.fromEntries(
        lines
          .find((l) => l.startsWith(day))!
          .split(',')
          .map((v, i) => [CSV_COLUMNS[i], v]),
      );
    expect(row(shift(today, -2))).to.include({ conversations_started: '0', messages_received: '0', handoffs: '0', satisfaction_average: '' });
    expect(Number(row(today).conversations_started)).to.be.at.least(1);
    expect(Number(row(today).messages_received)).to.be.at.least(1);
    // A day's counters outlive the year an export may cover.
    const ttl = await running.hub.app.ctx.redis.ttl(`relais:stats:day:${today}`);
    expect(ttl).to.be.greaterThan(366 * 24 * 3600);
  });

  it('is for supervisors only, and refuses a reversed or too long range', async () => {
    const today = zonedDayHour(new Date(), 'Europe/Paris').day;
    const agent = await call(`${url()}/api/v1/agent/stats.csv?from=${today}&to=${today}`, { token: tokens.ann });
    expect(agent.status).to.equal(403);
    expect(agent.body.error.code).to.equal('forbidden');
    expect((await call(`${url()}/api/v1/agent/stats.csv?from=${today}&to=${today}`)).status).to.equal(401);
    const reversed = await call(`${url()}/api/v1/agent/stats.csv?from=${today}&to=${shift(today, -1)}`, { token: tokens.sue });
    expect([reversed.status, reversed.body.error.code]).to.deep.equal([400, 'invalid_range']);
    const long = await call(`${url()}/api/v1/agent/stats.csv?from=2024-01-01&to=2025-12-31`, { token: tokens.sue });
    expect([long.status, long.body.error.code]).to.deep.equal([400, 'invalid_range']);
    expect((await call(`${url()}/api/v1/agent/stats.csv?from=2026-13-01&to=${today}`, { token: tokens.sue })).body.error.code).to.equal('invalid_from');
  });
});
