/** The `relais` command as an operator runs it: a real process, a private Redis. */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTENT_DIR, copyContent } from '../helpers/hub.js';
import { runRelais as relais } from '../helpers/cli.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

describe('relais command', function () {
  this.timeout(30_000);
  let redis: TestRedis;
  before(async () => {
    redis = await startTestRedis();
  });
  after(async () => redis?.stop());

  it('adds, lists and removes agents without ever printing a password', () => {
    const env = { REDIS_URL: redis.url };
    expect(relais(['agents', 'add', 'dora', '--role', 'supervisor'], { input: 's3cret-passphrase\n', env }).status).to.equal(0);
    const list = relais(['agents', 'list'], { env });
    expect(list.stdout).to.match(/^dora\tsupervisor\t/m);
    expect(list.stdout + list.stderr).not.to.include('s3cret');
    expect(relais(['agents', 'add', 'eve', '--role', 'king'], { input: 'whatever-pass\n', env }).status).to.equal(2);
    expect(relais(['agents', 'remove', 'dora'], { env }).status).to.equal(0);
    expect(relais(['agents', 'remove', 'dora'], { env }).status).to.equal(1);
  });

  it('validates content, naming file and line of each problem', () => {
    expect(relais(['validate', CONTENT_DIR]).status).to.equal(0);
    const dir = mkdtempSync(join(tmpdir(), 'relais-validate-'));
    try {
      copyContent(CONTENT_DIR, dir);
      const file = join(dir, 'flows/main.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('goto: report', 'goto: nowhere'));
      const out = relais(['validate', dir]);
      expect(out.status).to.equal(1);
      expect(out.stdout).to.match(/^flows\/main\.yaml:\d+: step "welcome" goes to "nowhere", which does not exist$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says in one line that a content folder does not exist', () => {
    const out = relais(['validate', '/nonexistent']);
    expect(out.status).to.equal(1);
    expect(out.stdout).to.equal('');
    expect(out.stderr.trim().split('\n')).to.deep.equal(['/nonexistent: folder not found (relais validate [DIR] expects DIR/flows/ and DIR/knowledge/)']);
  });

  it('triages JSON lines in order, with an error line for a bad one', () => {
    const input = [JSON.stringify({ id: 'a', text: 'Bonjour' }), 'not json', JSON.stringify({ id: 'c', text: 'Comment porter plainte ?', locale: 'fr' })].join(
      '\n',
    );
    const out = relais(['triage', '--jsonl'], { input });
    expect(out.status).to.equal(0);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).to.deep.equal(['a', null, 'c']);
    expect(lines[0]).to.have.keys('id', 'urgent', 'danger', 'intent', 'confidence', 'locale');
    expect(lines[1].error.code).to.equal('invalid_json');
  });
});
