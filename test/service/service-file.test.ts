/** flows/service.yaml is content: the shipped file loads, and an editor's mistakes (a bad time, an
 * unknown time zone, an impossible day) are named at file:line without stopping the rest. */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../../src/content/load.js';
import { ROOT, copyContent } from '../helpers/hub.js';

const BROKEN = `timezone: Europe/Pariss
hours:
  mon-fri: 08:00-20:00
  sat: 09:00-12:70
  sun: 18:00-09:00
  mon: 10:00-11:00
  holiday: 08:00-09:00
closed:
  - 2026-12-25
  - 2026-02-30
announcements:
  - id: greve
    text:
      en: "Strike"
    until: next week
`;

describe('flows/service.yaml', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'relais-service-'));
    copyContent(ROOT, dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('ships 08:00-20:00 every day in Europe/Paris with one announcement that has already ended', async () => {
    const { content, problems } = await loadContent(ROOT);
    expect(problems).to.deep.equal([]);
    const { service } = content!;
    expect(service.timezone).to.equal('Europe/Paris');
    expect(Object.values(service.hours)).to.deep.equal(Array(7).fill([{ from: 480, to: 1200 }]));
    expect(service.announcements).to.have.length(1);
    expect(service.announcements[0].until).to.be.below(Date.UTC(2026, 0, 1));
    expect(Object.keys(service.announcements[0].text).sort()).to.deep.equal(['ar', 'de', 'en', 'es', 'fr', 'it', 'pt']);
  });

  it('names each mistake at its line', async () => {
    writeFileSync(join(dir, 'flows/service.yaml'), BROKEN);
    const { content, problems } = await loadContent(dir);
    expect(content).to.equal(undefined);
    const lines = problems.filter((p) => p.file === 'flows/service.yaml').map((p) => `${p.line}: ${p.message}`);
    expect(lines).to.include('1: "timezone" must be an IANA time zone such as Europe/Paris (got "Europe/Pariss")');
    expect(lines.some((l) => l.startsWith('4: "09:00-12:70" is not a time range'))).to.equal(true);
    expect(lines.some((l) => l.startsWith('5: "18:00-09:00" ends before it starts'))).to.equal(true);
    expect(lines).to.include('6: "mon" is given hours twice');
    expect(lines.some((l) => l.startsWith('7: "holiday" is not a day'))).to.equal(true);
    expect(lines).to.include('10: "2026-02-30" is not a day written YYYY-MM-DD');
    expect(lines).to.include('14: "text" has no "fr" text'); // the line of the texts given
    expect(lines.some((l) => l.startsWith('15: "until" must be a day'))).to.equal(true);
    expect(lines).to.have.length(8);
  });

  it('refuses overlapping ranges and an offset given as a time zone', async () => {
    writeFileSync(join(dir, 'flows/service.yaml'), 'timezone: "+02:00"\nhours:\n  mon: 08:00-12:00, 11:00-14:00\n');
    const { problems } = await loadContent(dir);
    const lines = problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    expect(lines.some((l) => l.startsWith('flows/service.yaml:1: "timezone" must be an IANA time zone'))).to.equal(true);
    expect(lines).to.include('flows/service.yaml:3: these ranges overlap');
  });

  it('without the file, the service is always open and announces nothing', async () => {
    rmSync(join(dir, 'flows/service.yaml'));
    const { content, problems } = await loadContent(dir);
    expect(problems).to.deep.equal([]);
    expect(content!.service.hours.sun).to.deep.equal([{ from: 0, to: 1440 }]);
    expect(content!.service.announcements).to.deep.equal([]);
  });
});
