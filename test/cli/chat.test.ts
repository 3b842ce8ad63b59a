/** `relais chat` as an editor runs it: a real process, the real content, driven through standard input. */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTriageContent, trainModelFile } from '../../src/triage/index.js';
import { runRelais } from '../helpers/cli.js';
import { CONTENT_DIR, ROOT, copyContent } from '../helpers/hub.js';

describe('relais chat', function () {
  this.timeout(60_000);
  let dataDir: string;
  before(async () => {
    // The model file the chat loads (trained once for the whole suite, not by the child process).
    dataDir = mkdtempSync(join(tmpdir(), 'relais-chat-'));
    const { content } = await loadTriageContent(CONTENT_DIR);
    await trainModelFile(content, dataDir, { reuse: true });
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  const chat = (input: string, args: string[] = []) => runRelais(['chat', ...args], { input, env: { DATA_DIR: dataDir } });

  it('welcomes, answers a question with its link and shows the triage decision beside each turn', () => {
    const { status, stdout } = chat('Des achats ont été faits avec ma carte bancaire\n/quit\n');
    expect(status).to.equal(0);
    expect(stdout).to.include('bot> Bonjour').and.include('[1] Je suis victime');
    expect(stdout).to.include('you> Des achats ont été faits avec ma carte bancaire');
    expect(stdout).to.match(/· triage: danger none · intent fraude_carte \(\d\.\d\d\) · locale fr/);
    expect(stdout).to.include('🔗').and.include('https://');
    expect(stdout).to.include('· answered: fraude_carte');
  });

  it('shows danger now with the numbers first and the urgent hand-off, and asks when in doubt', () => {
    const { stdout } = chat("au secours il me frappe maintenant\n/reset\nMon voisin âgé n'a pas ouvert ses volets depuis trois jours\n2\n");
    const urgent = stdout.indexOf('danger now');
    expect(urgent).to.be.above(0);
    expect(stdout.indexOf('17 ou le 112', urgent)).to.be.above(urgent);
    expect(stdout).to.include('hand-off to an agent: topic violences, reason urgent');
    expect(stdout).to.include('danger maybe').and.include('Êtes-vous en danger en ce moment ?').and.include('[1] Oui');
    // "2" picks "Non": the message it asked about is answered.
    expect(stdout).to.include("D'accord.");
  });

  it('speaks another language with --locale', () => {
    const { stdout } = chat('/quit\n', ['--locale', 'es']);
    expect(stdout).to.include('locale es');
    expect(stdout).not.to.include('bot> Bonjour, vous êtes');
  });

  it('with --watch, picks up an edit on save and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-chat-watch-'));
    copyContent(CONTENT_DIR, dir);
    const child = spawn(process.execPath, [join(ROOT, 'bin/relais.js'), 'chat', '--watch', dir], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dataDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const until = async (check: () => boolean, what: string) => {
      for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(check(), `${what}:\n${out}`).to.equal(true);
    };
    try {
      await until(() => out.includes('bot> Bonjour, vous êtes'), 'the welcome');
      const file = join(dir, 'flows/main.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('Bonjour, vous êtes sur le tchat', 'Bonsoir, vous êtes sur le tchat'));
      await until(() => out.includes('(content reloaded'), 'the reload notice');
      child.stdin!.write('/reset\n');
      await until(() => out.includes('bot> Bonsoir, vous êtes'), 'the edited welcome');
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin!.end('/quit\n');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what is wrong when the content folder is missing', () => {
    const { status, stdout, stderr } = chat('', [join(dataDir, 'nowhere')]);
    expect(status).to.equal(1);
    expect(`${stdout}${stderr}`).to.match(/nowhere/);
  });
});
