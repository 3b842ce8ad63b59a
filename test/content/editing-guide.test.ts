/**
 * docs/editing.md followed step by step, the way an editor would: the files its worked example
 * tells an editor to write are written into a copy of the content, `relais validate` says ok, and
 * two real hub processes on one Redis serve the new question without a restart.
 */
import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadTriageContent, trainModelFile } from '../../src/triage/index.js';
import { runRelais } from '../helpers/cli.js';
import { call, ROOT, copyContent } from '../helpers/hub.js';
import { freePort, startTestRedis, type TestRedis } from '../helpers/redis.js';

const NEW_PHRASES: Record<string, string> = {
  fr: "j'ai reçu un sms pour une amende de stationnement impayée avec un lien",
  en: 'I got a text about an unpaid parking fine with a link',
  es: 'he recibido un sms de una multa de aparcamiento sin pagar',
  ar: 'وصلتني رسالة عن مخالفة وقوف غير مدفوعة مع رابط',
  de: 'ich habe eine SMS wegen eines unbezahlten Strafzettels mit Link bekommen',
  pt: 'recebi um sms de uma multa de estacionamento por pagar com um link',
  it: 'ho ricevuto un sms per una multa di parcheggio non pagata con un link',
};
const NEW_SENTENCE = 'Une amende ne se paie jamais par un lien reçu par SMS.';
const LABELS = {
  fr: "SMS d'amende suspect",
  en: 'Suspicious fine text',
  es: 'SMS de multa sospechoso',
  ar: 'رسالة مخالفة مشبوهة',
  de: 'Verdächtige Bußgeld-SMS',
  pt: 'SMS de multa suspeito',
  it: 'SMS di multa sospetto',
};

function startHubProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', RATE_LIMITS: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited (${code}):\n${output}`));
    });
  });
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A new API conversation on `url`: sends `body`, then reads until `done` holds (or 5 s), and returns the messages. */
async function ask(url: string, body: { text?: string; choice?: string }, done: (messages: any[]) => boolean): Promise<any[]> {
  const { body: conv } = await call(`${url}/api/v1/conversations`, { body: { locale: 'fr' } });
  await call(`${url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body });
  let messages: any[] = [];
  for (let i = 0; i < 50; i++) {
    messages = (await call(`${url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token })).body.messages;
    if (done(messages)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return messages;
}

describe('the editors’ guide, followed step by step (docs/editing.md)', function () {
  this.timeout(240_000);
  let dir: string;
  let dataDir: string;
  let redis: TestRedis;
  const hubs: { child: ChildProcess; url: string }[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-guide-'));
    dataDir = mkdtempSync(join(tmpdir(), 'relais-guide-data-'));
    copyContent(ROOT, dir);
    // The hubs start from the model file of the current content (as after `relais train`).
    const { content } = await loadTriageContent(dir);
    await trainModelFile(content, dataDir, { reuse: true });
    redis = await startTestRedis();
    for (let i = 0; i < 2; i++) {
      hubs.push(
        await startHubProcess({
          PORT: String(await freePort()),
          REDIS_URL: redis.url,
          CONTENT_DIR: dir,
          DATA_DIR: dataDir,
          RELAIS_SECRET: 'guide-test-secret-0123456789abcdef',
        }),
      );
    }
  });
  after(async () => {
    for (const { child } of hubs) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the guide exists and shows the example the test follows', () => {
    const guide = readFileSync(join(ROOT, 'docs/editing.md'), 'utf8');
    for (const step of [
      'knowledge/intents/arnaque_en_ligne.yaml',
      'phrases:',
      'answer:',
      'flows/main.yaml',
      'answer: arnaque_en_ligne',
      'npx relais validate',
      'npx relais chat',
    ]) {
      expect(guide, step).to.include(step);
    }
  });

  it('a new frequent question: phrases, answer and a menu button, validated, then served by both hubs', async () => {
    // a. and b. — the topic's phrases and answer, in every language.
    const topicFile = join(dir, 'knowledge/intents/arnaque_en_ligne.yaml');
    const topic = parse(readFileSync(topicFile, 'utf8')) as { phrases: Record<string, string[]>; answer: Record<string, string> };
    for (const [locale, phrase] of Object.entries(NEW_PHRASES)) topic.phrases[locale] = [...(topic.phrases[locale] ?? []), phrase];
    topic.answer.fr = `${NEW_SENTENCE}\n${topic.answer.fr}`;
    writeFileSync(topicFile, stringify(topic));
    // c. — a button in the information menu.
    const flowFile = join(dir, 'flows/main.yaml');
    const flow = parse(readFileSync(flowFile, 'utf8')) as { steps: Record<string, { choices: unknown[] }> };
    flow.steps.information.choices.push({ id: 'sms_amende', label: LABELS, answer: 'arnaque_en_ligne' });
    writeFileSync(flowFile, stringify(flow));

    // d. — `relais validate` says ok.
    const validate = runRelais(['validate', dir]);
    expect(validate.stdout + validate.stderr).to.match(/^ok/);
    expect(validate.status).to.equal(0);

    // f. — live on both hubs within seconds: the new button answers with the new sentence.
    for (const hub of hubs) {
      await eventually(
        async () => {
          const hasButton = (messages: any[]) => messages.some((m: any) => m.choices?.some((c: any) => c.id === 'sms_amende'));
          return hasButton(await ask(hub.url, { choice: 'information' }, hasButton));
        },
        `the new button on ${hub.url}`,
        5_000,
      );
    }
    // The typed question reaches the topic once the triage has learned the new phrases (a few seconds more).
    for (const hub of hubs) {
      await eventually(
        async () => {
          const answered = (messages: any[]) => messages.some((m: any) => m.from === 'bot' && m.text.includes(NEW_SENTENCE));
          return answered(await ask(hub.url, { text: "J'ai reçu un SMS pour une amende de stationnement impayée, avec un lien pour payer" }, answered));
        },
        `the new question answered on ${hub.url}`,
        180_000,
      );
    }
  });
});
