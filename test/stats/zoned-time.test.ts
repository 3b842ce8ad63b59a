import { expect } from 'chai';
import { zonedDayHour } from '../../src/stats/zoned-time.js';

/** The day and hour as a fresh formatter says them (what zonedDayHour keeps per quarter hour). */
function reference(date: Date, timeZone: string): { day: string; hour: number } {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(date).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour) % 24 };
}

describe('zonedDayHour (kept per quarter hour)', () => {
  // Whole-hour, half-hour and 45-minute offsets, and a night when Paris changes its clocks.
  for (const zone of ['Europe/Paris', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Indian/Reunion']) {
    it(`gives the formatter's day and hour in ${zone}, minute by minute over a clock change`, () => {
      const start = Date.parse('2026-10-24T18:00:00Z');
      for (let t = start; t < start + 30 * 3600 * 1000; t += 60 * 1000) {
        const date = new Date(t);
        expect(zonedDayHour(date, zone), date.toISOString()).to.deep.equal(reference(date, zone));
      }
    });
  }

  it('answers a time going backwards too (an injected clock moved back)', () => {
    const later = new Date('2026-12-01T23:59:00Z');
    const earlier = new Date('2026-12-01T10:00:00Z');
    expect(zonedDayHour(later, 'Europe/Paris')).to.deep.equal({ day: '2026-12-02', hour: 0 });
    expect(zonedDayHour(earlier, 'Europe/Paris')).to.deep.equal({ day: '2026-12-01', hour: 11 });
  });
});
