/** GET /api/v1/stations through real HTTP and a real Redis, filled by the `relais stations` command
 * run as an operator runs it (a separate process). */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, useTestHub } from '../helpers/hub.js';
import { BRIGADES, POLICE_SAMPLE, stationsCommand, OYONNAX } from './files.js';

describe('stations API', function () {
  this.timeout(30_000);
  const running = useTestHub();
  const stations = async (query: string) => call(`${running.hub.url}/api/v1/stations?${query}`);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'relais-stations-'));
    const imported = stationsCommand(running.redis.url, ['import', POLICE_SAMPLE]);
    expect(imported.stderr).to.equal('');
    expect(imported.stdout).to.equal('imported 6 station(s) (police format) as source "police"; 6 station(s) in all\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the nearest to a postcode, first the station of that postcode, with numbers as numbers', async () => {
    const { status, body } = await stations('near=01100');
    expect(status).to.equal(200);
    expect(body.stations).to.have.length(3);
    const [first, second] = body.stations;
    expect(first).to.deep.equal({ ...OYONNAX, distanceKm: 0 });
    expect(second.commune).to.equal('BOURG EN BRESSE');
    expect(second.distanceKm).to.be.a('number').within(30, 36);
  });

  it('places a postcode without a station in its département', async () => {
    const { status, body } = await stations('near=02800&limit=2');
    expect(status).to.equal(200);
    expect(body.stations.map((s: any) => s.commune)).to.have.members(['LAON', 'ST QUENTIN']);
  });

  it('reads a commune whatever its case and accents, and "lat,lon"', async () => {
    const commune = await stations(`near=${encodeURIComponent('saint-quentin')}&limit=1`);
    expect(commune.body.stations.map((s: any) => s.commune)).to.deep.equal(['ST QUENTIN']);
    const accents = await stations(`near=${encodeURIComponent('Château-Thierry')}`);
    expect(accents.body.stations[0].commune).to.equal('CHATEAU THIERRY');
    const point = await stations(`near=${encodeURIComponent('49.5,3.6')}&limit=20`);
    expect(point.status).to.equal(200);
    expect(point.body.stations.map((s: any) => s.commune)).to.deep.equal(['LAON', 'ST QUENTIN', 'CHATEAU THIERRY', 'BOURG EN BRESSE', 'OYONNAX', 'NOUMEA']);
    const distances = point.body.stations.map((s: any) => s.distanceKm);
    expect(distances).to.deep.equal([...distances].sort((a, b) => a - b));
  });

  const refused: [string, number, string][] = [
    ['', 400, 'invalid_near'],
    ['near=', 400, 'invalid_near'],
    ['near=1234', 400, 'invalid_near'],
    ['near=95,200', 400, 'invalid_near'],
    ['near=01100&limit=0', 400, 'invalid_limit'],
    ['near=01100&limit=21', 400, 'invalid_limit'],
    ['near=01100&limit=two', 400, 'invalid_limit'],
    ['near=75001', 404, 'unknown_place'],
    ['near=Atlantis', 404, 'unknown_place'],
  ];
  for (const [query, status, code] of refused) {
    it(`answers ${status} ${code} to "?${query}"`, async () => {
      const res = await stations(query);
      expect(res.status).to.equal(status);
      expect(res.body.error.code).to.equal(code);
      expect(res.body.error.message).to.be.a('string').and.not.equal('');
    });
  }

  it('refuses a file with a bad line whole, naming the line, and keeps the stations in force', async () => {
    const file = join(dir, 'bad.csv');
    const lines = readFileSync(BRIGADES, 'utf8').split('\n');
    lines[2] = lines[2].replace('46.2571', 'north');
    writeFileSync(file, lines.join('\n'));
    const out = stationsCommand(running.redis.url, ['import', file]);
    expect(out.status).to.equal(1);
    expect(out.stderr).to.match(/^bad\.csv:3: "lat" must be a latitude in degrees \(-90 to 90\), not "north"$/m);
    expect(out.stderr).to.include('nothing imported');
    expect(stationsCommand(running.redis.url, ['list']).stdout).to.equal('police\t6\n');
  });

  it('keeps sources side by side, gives hours when known, and replaces a source on re-import', async () => {
    const brigades = stationsCommand(running.redis.url, ['import', BRIGADES, '--source', 'gendarmerie']);
    expect(brigades.stdout).to.include('imported 3 station(s) (directory format) as source "gendarmerie"; 9 station(s) in all');
    const nantua = (await stations('near=Nantua&limit=1')).body.stations[0];
    expect(nantua).to.include({ id: 'gn-01-nantua', kind: 'gendarmerie' });
    expect(nantua.hours[0]).to.deep.equal({ day: 'mon', from: '08:00', to: '12:00' });

    // A newer police export without Oyonnax: the police source is replaced, the brigades stay.
    const file = join(dir, 'police.csv');
    writeFileSync(
      file,
      readFileSync(POLICE_SAMPLE, 'utf8')
        .split('\n')
        .filter((l) => !l.includes('Oyonnax'))
        .join('\n'),
    );
    expect(stationsCommand(running.redis.url, ['import', file]).status).to.equal(0);
    expect(stationsCommand(running.redis.url, ['list']).stdout).to.equal('gendarmerie\t3\npolice\t5\n');
    const oyonnax = (await stations('near=01100&limit=2')).body.stations;
    expect(oyonnax.map((s: any) => s.id)).to.deep.equal(['gn-01-oyonnax', 'gn-01-nantua']);
  });

  it('describes the route in the OpenAPI document', async () => {
    const { body } = await call(`${running.hub.url}/api/v1/openapi.json`);
    const get = body.paths['/api/v1/stations'].get;
    expect(get.parameters.map((p: any) => p.name)).to.include.members(['near', 'limit']);
    expect(Object.keys(get.responses)).to.include.members(['200', '400', '404', '429']);
  });
});
