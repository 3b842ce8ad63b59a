/** The .ics file, table-tested: RFC 5545 text escaping, line folding at 75 octets, UTC times, CRLF. */
import { expect } from 'chai';
import { escapeText, foldLine, toICalendar, utcDateTime } from '../../src/appointments/index.js';

describe('iCalendar file', () => {
  describe('escapeText', () => {
    const cases: [string, string][] = [
      ['Commissariat de police', 'Commissariat de police'],
      ['4 Rue des Remparts, 01000 Bourg', '4 Rue des Remparts\\, 01000 Bourg'],
      ['a;b', 'a\\;b'],
      ['C:\\dossier', 'C:\\\\dossier'],
      ['ligne 1\nligne 2', 'ligne 1\\nligne 2'],
      ['ligne 1\r\nligne 2', 'ligne 1\\nligne 2'],
      ['\\,;', '\\\\\\,\\;'],
      ['deux points: rien', 'deux points: rien'],
    ];
    for (const [input, expected] of cases) it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => expect(escapeText(input)).to.equal(expected));
  });

  describe('utcDateTime', () => {
    const cases: [string, string][] = [
      ['2025-03-14T09:30:00+01:00', '20250314T083000Z'],
      ['2025-07-01T09:30:00+02:00', '20250701T073000Z'],
      ['2025-12-31T23:45:00-05:00', '20260101T044500Z'],
      ['2025-03-14T08:30:00.123Z', '20250314T083000Z'],
    ];
    for (const [input, expected] of cases) it(`${input} → ${expected}`, () => expect(utcDateTime(new Date(input))).to.equal(expected));
  });

  describe('foldLine', () => {
    const octets = (s: string) => Buffer.byteLength(s, 'utf8');
    const cases: [string, string][] = [
      ['short', 'SUMMARY:Rendez-vous'],
      ['exactly 75 octets', `X:${'a'.repeat(73)}`],
      ['76 octets', `X:${'a'.repeat(74)}`],
      ['long ASCII', `DESCRIPTION:${'abcdefghij'.repeat(20)}`],
      ['accents across the boundary', `LOCATION:${'é'.repeat(80)}`],
      ['Arabic and emoji', `SUMMARY:${'موعد 📅 '.repeat(20)}`],
    ];
    for (const [name, line] of cases) {
      it(`${name}: lines of at most 75 octets, unfolding gives the line back, no character cut`, () => {
        const folded = foldLine(line);
        const lines = folded.split('\r\n');
        for (const l of lines) expect(octets(l)).to.be.at.most(75);
        for (const l of lines.slice(1)) expect(l.startsWith(' ')).to.equal(true);
        expect(folded.replace(/\r\n /g, '')).to.equal(line);
        expect(folded).not.to.include('\uFFFD');
        if (octets(line) <= 75) expect(lines).to.have.length(1);
      });
    }
  });

  it('makes a VCALENDAR with one VEVENT: UID, DTSTAMP, DTSTART in UTC, DURATION, SUMMARY, LOCATION; CRLF only', () => {
    const text = toICalendar({
      uid: 'abc@relais',
      stamp: new Date('2025-03-10T10:00:00Z'),
      start: new Date('2025-03-14T09:30:00+01:00'),
      durationMinutes: 30,
      summary: 'Rendez-vous : Brigade de gendarmerie de Nantua',
      location: 'Brigade de gendarmerie de Nantua, 2 Rue du Collège, 01130 Nantua',
      description: 'Apportez une pièce d’identité; merci\nà bientôt',
    });
    expect(text.endsWith('\r\n')).to.equal(true);
    expect(text.replace(/\r\n/g, '')).not.to.match(/[\r\n]/);
    const lines = text.replace(/\r\n /g, '').split('\r\n').slice(0, -1);
    expect(lines[0]).to.equal('BEGIN:VCALENDAR');
    expect(lines).to.include.members([
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:abc@relais',
      'DTSTAMP:20250310T100000Z',
      'DTSTART:20250314T083000Z',
      'DURATION:PT30M',
      'SUMMARY:Rendez-vous : Brigade de gendarmerie de Nantua',
      'LOCATION:Brigade de gendarmerie de Nantua\\, 2 Rue du Collège\\, 01130 Nantua',
      'DESCRIPTION:Apportez une pièce d’identité\\; merci\\nà bientôt',
      'END:VEVENT',
    ]);
    expect(lines.at(-1)).to.equal('END:VCALENDAR');
    expect(lines.some((l) => l.startsWith('PRODID:'))).to.equal(true);
    for (const l of text.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).to.be.at.most(75);
  });
});
