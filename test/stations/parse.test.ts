/** Stations files and places as pure functions: the police open-data sample, the documented
 * directory format, opening hours, and every bad line reported with its number. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import {
  departmentOf,
  formatHours,
  InvalidPlace,
  nearestStations,
  normalisePlace,
  parseHours,
  parseStationsCsv,
  resolvePlace,
  type Station,
} from '../../src/stations/index.js';
import { BRIGADES, OYONNAX, POLICE_SAMPLE } from './files.js';

const POLICE_HEADER =
  'service;adresse_geographique;telephone;departement;code_commune_insee;voie;code_postal;commune;geocodage_epsg;geocodage_x;geocodage_y;geocodage_x_GPS;geocodage_y_GPS';
const DIRECTORY_HEADER = 'id;name;kind;address;postcode;commune;phone;lat;lon;hours';

describe('stations: reading files', () => {
  it('reads the police open-data sample: x_GPS is the longitude, y_GPS the latitude', () => {
    const { format, stations, problems } = parseStationsCsv(readFileSync(POLICE_SAMPLE, 'utf8'));
    expect(problems).to.deep.equal([]);
    expect(format).to.equal('police');
    expect(stations).to.have.length(6);
    expect(stations[0]).to.deep.equal(OYONNAX);
    const noumea = stations.find((s) => s.commune === 'NOUMEA')!;
    expect(noumea).to.include({ lat: -22.28784, lon: 166.45292, postcode: '98800' });
  });

  it('reads the documented directory format with its opening hours', () => {
    const { format, stations, problems } = parseStationsCsv(readFileSync(BRIGADES, 'utf8'));
    expect(problems).to.deep.equal([]);
    expect(format).to.equal('directory');
    expect(stations.map((s) => s.id)).to.deep.equal(['gn-01-nantua', 'gn-01-oyonnax', 'gn-02-guise']);
    const [nantua, oyonnax, guise] = stations;
    expect(nantua).to.include({ kind: 'gendarmerie', postcode: '01130', commune: 'Nantua', lat: 46.1532, lon: 5.6094 });
    expect(nantua.hours).to.have.length(11);
    expect(nantua.hours![0]).to.deep.equal({ day: 'mon', from: '08:00', to: '12:00' });
    expect(oyonnax.hours!.filter((h) => h.day === 'sun')).to.deep.equal([
      { day: 'sun', from: '09:00', to: '12:00' },
      { day: 'sun', from: '15:00', to: '18:00' },
    ]);
    expect(guise).to.not.have.property('hours');
    expect(guise).to.include({ address: '', phone: '' });
  });

  it('finds the columns by name, in any order, with a byte-order mark, CRLF and a decimal comma', () => {
    const text = '\uFEFFlat;lon;id;name;kind;address;postcode;commune;phone;hours;extra\r\n"49,5";"3,6";x1;"Poste ""A""";police;;02000;Laon;;;ignored\r\n';
    const { stations, problems } = parseStationsCsv(text);
    expect(problems).to.deep.equal([]);
    expect(stations[0]).to.include({ id: 'x1', name: 'Poste "A"', lat: 49.5, lon: 3.6 });
  });

  const bad: [string, string, { line: number; message: RegExp }[]][] = [
    ['an unknown header', 'nom;adresse\nx;y\n', [{ line: 1, message: /^unknown header: expected the police open-data columns/ }]],
    ['an empty file', '', [{ line: 1, message: /empty/ }]],
    ['a header alone', `${DIRECTORY_HEADER}\n`, [{ line: 1, message: /no station/ }]],
    [
      'a missing field and an unquoted ";" in the hours',
      `${DIRECTORY_HEADER}\na;A;police;;01100;Oyonnax;;46.2;5.6\nb;B;police;;01100;Oyonnax;;46.2;5.6;mon 08:00-12:00; tue 08:00-12:00\n`,
      [
        { line: 2, message: /^9 fields where the header has 10/ },
        { line: 3, message: /^11 fields where the header has 10 \(a value holding ";" must be in double quotes\)/ },
      ],
    ],
    [
      'each wrong value, on its own line',
      [
        DIRECTORY_HEADER,
        'ok;Fine;gendarmerie;;01100;Oyonnax;;46.2;5.6;',
        ';No id;police;;01100;Oyonnax;;46.2;5.6;',
        'k;Kind;pompiers;;01100;Oyonnax;;46.2;5.6;',
        'p;Postcode;police;;1100;Oyonnax;;46.2;5.6;',
        'l;Latitude;police;;01100;Oyonnax;;146.2;5.6;',
        'o;Longitude;police;;01100;Oyonnax;;46.2;east;',
        'h;Hours;police;;01100;Oyonnax;;46.2;5.6;mon-fri 8h-12h',
        'd;Days;police;;01100;Oyonnax;;46.2;5.6;lundi 08:00-12:00',
        'ok;Twice;police;;01100;Oyonnax;;46.2;5.6;',
      ].join('\n'),
      [
        { line: 3, message: /^"id" must be/ },
        { line: 4, message: /^"kind" must be police or gendarmerie, not "pompiers"/ },
        { line: 5, message: /^"postcode" must be 5 digits, not "1100"/ },
        { line: 6, message: /^"lat" must be a latitude/ },
        { line: 7, message: /^"lon" must be a longitude in degrees \(-180 to 180\), not "east"/ },
        { line: 8, message: /^"hours": "8h-12h" is not a time range/ },
        { line: 9, message: /^"hours": "lundi" is not a day/ },
        { line: 10, message: /^id "ok" is already used on line 2/ },
      ],
    ],
    [
      'a police row without coordinates, after a quoted line break',
      `${POLICE_HEADER}\n"Poste\nde nuit";"a";"";"01";"01283";"v";"01100";"OYONNAX";"2154";"1";"2";"";"46.2"\n`,
      [{ line: 2, message: /^"geocodage_x_GPS" must be a longitude/ }],
    ],
    ['a quote never closed', `${DIRECTORY_HEADER}\na;"A;police\n`, [{ line: 2, message: /never closed/ }]],
    [
      'a unit e-mail that is not one address',
      [
        `${DIRECTORY_HEADER};email`,
        'a;A;police;;01100;Oyonnax;;46.2;5.6;;bta.oyonnax@gendarmerie.test',
        'b;B;police;;01100;Oyonnax;;46.2;5.6;;',
        'c;C;police;;01100;Oyonnax;;46.2;5.6;;brigade at oyonnax',
        'd;D;police;;01100;Oyonnax;;46.2;5.6;;"a@x.fr, b@x.fr"',
      ].join('\n'),
      [
        { line: 4, message: /^"email" must be one e-mail address \(name@domain.fr\), not "brigade at oyonnax"/ },
        { line: 5, message: /^"email" must be one e-mail address/ },
      ],
    ],
  ];
  for (const [what, text, expected] of bad) {
    it(`refuses ${what}, naming each line, and keeps no station`, () => {
      const { stations, problems } = parseStationsCsv(text);
      expect(stations).to.deep.equal([]);
      expect(problems.map((p) => p.line)).to.deep.equal(expected.map((e) => e.line));
      for (const [i, p] of problems.entries()) expect(p.message).to.match(expected[i].message);
    });
  }

  it('reads the optional email column of the directory format (a unit\u2019s mailbox for forwarded cases)', () => {
    const { stations, problems } = parseStationsCsv(
      [`email;${DIRECTORY_HEADER}`, 'bta@gendarmerie.test;a;A;gendarmerie;;01100;Oyonnax;;46.2;5.6;', ';b;B;police;;01100;Oyonnax;;46.2;5.6;'].join('\n'),
    );
    expect(problems).to.deep.equal([]);
    expect(stations.map((s) => s.email)).to.deep.equal(['bta@gendarmerie.test', undefined]);
    expect(stations[1]).not.to.have.property('email');
  });

  it('lists at most twenty problems', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `r${i};R;police;;0110;X;;46;5;`);
    const { problems } = parseStationsCsv([DIRECTORY_HEADER, ...rows].join('\n'));
    expect(problems).to.have.length(21);
    expect(problems[20].message).to.equal('... and 10 more problem(s) after this line');
  });
});

describe('stations: opening hours', () => {
  const cases: [string, string | RegExp][] = [
    ['mon-fri 08:00-12:00,14:00-18:00 | sat 08:00-12:00', 'lun. – ven. 08:00–12:00, 14:00–18:00 ; sam. 08:00–12:00'],
    ['mon-sun 00:00-24:00', 'lun. – dim. 00:00–24:00'],
    ['mon-fri 08:00-18:00; wed closed', 'lun. – mar. 08:00–18:00 ; jeu. – ven. 08:00–18:00'],
    ['sat,sun 10:00-12:00', 'sam. – dim. 10:00–12:00'],
    ['', ''],
    ['fri-mon 08:00-12:00', /Monday towards Sunday/],
    ['mon 12:00-08:00', /ends before it starts/],
    ['mon', /needs days and hours/],
  ];
  for (const [text, expected] of cases) {
    it(`"${text}"`, () => {
      const parsed = parseHours(text);
      if (expected instanceof RegExp) return void expect('error' in parsed && parsed.error).to.match(expected);
      if ('error' in parsed) throw new Error(parsed.error);
      expect(formatHours(parsed.hours, 'fr')).to.equal(expected);
    });
  }

  it('names the days in the citizen\u2019s language', () => {
    const { hours } = parseHours('mon-fri 08:00-12:00') as { hours: Station['hours'] & object };
    expect(formatHours(hours, 'en')).to.equal('Mon – Fri 08:00–12:00');
    expect(formatHours(hours, 'de')).to.equal('Mo – Fr 08:00–12:00');
  });
});

describe('stations: places', () => {
  const stations = parseStationsCsv(readFileSync(POLICE_SAMPLE, 'utf8')).stations;
  const nearest = (near: string, inText = false) => {
    const place = resolvePlace(stations, near, { inText });
    return place && { by: place.by, label: place.label, names: nearestStations(stations, place, 3).map((s) => s.commune) };
  };

  it('reads postcodes, their département, communes and coordinates', () => {
    expect(nearest('01100')).to.deep.equal({ by: 'postcode', label: '01100', names: ['OYONNAX', 'BOURG EN BRESSE', 'CHATEAU THIERRY'] });
    expect(nearest('02200')).to.deep.include({ by: 'department' });
    expect(nearest('Saint-Quentin')).to.deep.equal({ by: 'commune', label: 'ST QUENTIN', names: ['ST QUENTIN', 'LAON', 'CHATEAU THIERRY'] });
    expect(nearest('château thierry')!.names[0]).to.equal('CHATEAU THIERRY');
    expect(nearest('49.56,3.62')).to.deep.equal({ by: 'coordinates', label: '49.56,3.62', names: ['LAON', 'ST QUENTIN', 'CHATEAU THIERRY'] });
    expect(nearest('98800')!.names[0]).to.equal('NOUMEA');
  });

  it('finds a place inside a sentence only when asked to (the chat)', () => {
    expect(nearest('je suis à Laon')).to.equal(undefined);
    expect(nearest('je suis à Laon', true)!.names[0]).to.equal('LAON');
    expect(nearest('près du 01100 svp', true)!.names[0]).to.equal('OYONNAX');
  });

  it('does not know a département without a station, nor a commune without one', () => {
    expect(nearest('75001')).to.equal(undefined);
    expect(nearest('Paris')).to.equal(undefined);
  });

  for (const bad of ['', ' ', '1234', '123456', '95,200', '45.1,190', 'x'.repeat(101)]) {
    it(`refuses "${bad.slice(0, 12)}" as a place`, () => {
      expect(() => resolvePlace(stations, bad)).to.throw(InvalidPlace);
    });
  }

  it('knows overseas and Corsican départements', () => {
    expect(['01100', '97411', '98800', '20000', '20190', '20200', '20600'].map(departmentOf)).to.deep.equal(['01', '974', '988', '2A', '2A', '2B', '2B']);
    expect(normalisePlace('Sainte-Œuvre-l\u2019Évêque')).to.equal('ste oeuvre l eveque');
  });
});
