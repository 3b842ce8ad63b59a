/** Open or closed, and the next change, table-tested on instants around closed days and the
 * daylight-saving changes: the local hours stay, the UTC instants move. */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readServiceFile } from '../../src/content/service-file.js';
import type { ServiceSettings } from '../../src/content/types.js';
import { YamlFile } from '../../src/content/yaml-file.js';
import { formatServiceTime, serviceStatus } from '../../src/service/index.js';

/** Settings read the way the hub reads flows/service.yaml. */
async function settings(yaml: string): Promise<ServiceSettings> {
  const dir = mkdtempSync(join(tmpdir(), 'relais-hours-'));
  try {
    writeFileSync(join(dir, 'service.yaml'), yaml);
    const file = await YamlFile.read(join(dir, 'service.yaml'), 'flows/service.yaml');
    const read = readServiceFile(file, file.value as Record<string, unknown>);
    expect(file.problems).to.deep.equal([]);
    return read;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const DESK = 'timezone: Europe/Paris\nhours:\n  mon-fri: 08:00-20:00\n  sat: 09:00-12:00\nclosed:\n  - 2026-12-25\n';

type Row = [at: string, open: boolean, next: string | undefined, why: string];

function check(s: ServiceSettings, rows: Row[]): void {
  for (const [at, open, next, why] of rows) {
    const status = serviceStatus(s, Date.parse(at));
    const got = [status.open, status.nextChange === undefined ? undefined : new Date(status.nextChange).toISOString()];
    expect(got, `${at}: ${why}`).to.deep.equal([open, next]);
  }
}

describe('service hours', () => {
  it('reads weekdays, Saturday mornings and a closed day (winter, UTC+1)', async () => {
    check(await settings(DESK), [
      ['2026-12-01T09:00:00.000Z', true, '2026-12-01T19:00:00.000Z', 'Tuesday 10:00: open until 20:00'],
      ['2026-12-01T19:00:00.000Z', false, '2026-12-02T07:00:00.000Z', 'Tuesday 20:00 sharp: closed until Wednesday 08:00'],
      ['2026-12-04T19:30:00.000Z', false, '2026-12-05T08:00:00.000Z', 'Friday night: back Saturday 09:00'],
      ['2026-12-05T11:00:00.000Z', false, '2026-12-07T07:00:00.000Z', 'Saturday 12:00: back Monday 08:00'],
      ['2026-12-24T20:00:00.000Z', false, '2026-12-26T08:00:00.000Z', 'Christmas Eve night: the 25th is closed, back Saturday 26th 09:00'],
      ['2026-12-25T10:00:00.000Z', false, '2026-12-26T08:00:00.000Z', 'a Friday closed all day'],
    ]);
  });

  it('follows the spring and autumn changes of Europe/Paris', async () => {
    check(await settings(DESK), [
      ['2026-03-27T19:30:00.000Z', false, '2026-03-28T08:00:00.000Z', 'Friday before the change (UTC+1): Saturday 09:00 is 08:00 UTC'],
      ['2026-03-28T11:30:00.000Z', false, '2026-03-30T06:00:00.000Z', 'after the change (UTC+2): Monday 08:00 is 06:00 UTC'],
      ['2026-10-24T10:00:00.000Z', false, '2026-10-26T07:00:00.000Z', 'Saturday 12:00 summer time: back Monday 08:00 winter time'],
    ]);
    check(await settings('timezone: Europe/Paris\nhours:\n  mon-sun: 08:00-20:00\n'), [
      ['2026-03-29T05:59:00.000Z', false, '2026-03-29T06:00:00.000Z', 'the change day itself: 08:00 summer time'],
      ['2026-03-29T06:00:00.000Z', true, '2026-03-29T18:00:00.000Z', 'open the 12 hours of the day'],
      ['2026-10-25T06:30:00.000Z', false, '2026-10-25T07:00:00.000Z', 'the autumn change day: 08:00 winter time'],
    ]);
  });

  it('handles a local time skipped or repeated by the change', async () => {
    // 02:30 does not exist on 8 March 2026 in New York: the range starts at 03:30 summer time.
    check(await settings('timezone: America/New_York\nhours:\n  sun: 02:30-04:00\n'), [
      ['2026-03-08T07:00:00.000Z', false, '2026-03-08T07:30:00.000Z', '03:00 summer time, before the shifted start'],
      ['2026-03-08T07:45:00.000Z', true, '2026-03-08T08:00:00.000Z', 'open until 04:00 summer time'],
    ]);
    // 02:30 happens twice on 25 October 2026 in Paris: the range starts at the first one.
    check(await settings('timezone: Europe/Paris\nhours:\n  sun: 02:30-03:00\n'), [
      ['2026-10-25T00:15:00.000Z', false, '2026-10-25T00:30:00.000Z', '02:15 summer time'],
      ['2026-10-25T01:45:00.000Z', true, '2026-10-25T02:00:00.000Z', 'still open: 02:45 winter time'],
    ]);
  });

  it('joins ranges across midnight, and knows a service always or never open', async () => {
    check(await settings('hours:\n  fri: 20:00-24:00\n  sat: 00:00-06:00, 10:00-11:00\n'), [
      ['2026-12-04T21:00:00.000Z', true, '2026-12-05T05:00:00.000Z', 'Friday 22:00: open through midnight until Saturday 06:00'],
    ]);
    check(await settings('hours:\n  mon-sun: 00:00-24:00\n'), [['2026-12-01T09:00:00.000Z', true, undefined, '24/7: no change to announce']]);
    check(await settings('hours:\n  mon-sun: closed\n'), [['2026-12-01T09:00:00.000Z', false, undefined, 'never open']]);
  });

  it('says when agents are back in the citizen language, on the service clock', () => {
    const at = Date.parse('2026-12-02T07:00:00.000Z');
    expect(formatServiceTime(at, 'fr', 'Europe/Paris')).to.equal('mercredi 2 décembre à 08:00');
    expect(formatServiceTime(at, 'de', 'Europe/Paris')).to.equal('Mittwoch, 2. Dezember um 08:00');
  });
});
