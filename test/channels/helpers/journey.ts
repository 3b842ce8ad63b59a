/** The citizen journey every channel passes (the conformance suite), driven through a platform fake. */
import { expect } from 'chai';
import { call, type TestHub } from '../../helpers/hub.js';
import type { FailurePlan } from '../fakes/json-server.js';

/** A message as the citizen's platform received it, reduced to what a citizen sees. */
export interface PlatformMessage {
  text: string;
  /** What the citizen can tap: the label shown and the value the platform sends back. */
  choices: { label: string; value: string }[];
  urls: string[];
}

/** Plays the citizen on one platform. */
export interface CitizenDriver {
  /** The channel id the hub knows the platform by. */
  channel: string;
  /** First contact (/start, a conversation update, or a greeting). */
  start(): Promise<void>;
  say(text: string): Promise<void>;
  /** Taps (or types the number of) the choice labelled `label` in `message`. */
  choose(message: PlatformMessage, label: string): Promise<void>;
  /** Everything the platform has delivered to the citizen, in order. */
  received(): PlatformMessage[];
}

/** A FAQ question whose answer carries a link (bank card fraud → Perceval). */
export const FAQ_QUESTION = 'Des achats ont été faits avec ma carte bancaire';
/** What the agent answers in the journey. */
export const AGENT_REPLY = 'Bonjour, ici l’agent Alice. Je lis votre message.';
/** The agent's display name, which every channel shows above the reply (never the username). */
export const AGENT_DISPLAY = 'Gendarme Alice';
const PASSWORD = 'correct horse battery';

/** Resolves when a received message after index `after` matches (polls the fake's record). */
export async function waitForPlatform(
  driver: CitizenDriver,
  predicate: (m: PlatformMessage) => boolean,
  after = 0,
  timeoutMs = 15_000,
): Promise<{ message: PlatformMessage; index: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = driver.received();
    const index = all.findIndex((m, i) => i >= after && predicate(m));
    if (index >= 0) return { message: all[index], index };
    if (Date.now() > deadline)
      throw new Error(
        `expected platform message did not arrive; got:\n${all
          .slice(after)
          .map((m) => `- ${m.text.slice(0, 80)}`)
          .join('\n')}`,
      );
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** Moves the hub's clock by `ms` until `check` holds: the hub may schedule its retry just after a
 * platform fake has answered, so one tick could come before the retry's timer exists. */
export async function tickUntil(tick: (ms: number) => Promise<void>, ms: number, check: () => boolean, what: string): Promise<void> {
  await eventually(async () => {
    await tick(ms);
    return check();
  }, what);
}

/** The welcome: the emergency numbers, the three entries and « Texte facile à lire ». */
export function isWelcome(m: PlatformMessage): boolean {
  return m.text.includes('17') && m.text.includes('112') && m.choices.length === 4;
}

/** Resolves when `check` holds (polled). */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** An agent session token (the account is created once per hub). */
export async function agentToken(hub: TestHub, username = 'alice'): Promise<string> {
  await hub.app.ctx.accounts.add(username, PASSWORD, 'agent', { display: AGENT_DISPLAY }).catch(() => {});
  const { status, body } = await call(`${hub.url}/api/v1/agent/session`, { body: { username, password: PASSWORD } });
  expect(status).to.equal(200);
  return body.token;
}

/** Welcome → FAQ answer with a link → hand-off → agent reply → close → survey answered and counted. */
export async function runJourney(hub: TestHub, driver: CitizenDriver): Promise<void> {
  await driver.start();
  const welcome = await waitForPlatform(driver, (m) => m.text.includes('17') && m.text.includes('112') && m.choices.length === 4);
  expect(welcome.message.choices.some((c) => c.label.includes('Je suis victime'))).to.equal(true);

  await driver.say(FAQ_QUESTION);
  const answer = await waitForPlatform(driver, (m) => m.urls.some((u) => u.startsWith('https://')), welcome.index + 1);
  // One welcome, whether the citizen began with a start event or with a greeting (core issue, finding 2).
  expect(driver.received().filter(isWelcome)).to.have.length(1);
  expect(answer.message.text).not.to.match(/file d'attente|transmets/);

  await driver.say('je veux parler à un agent');
  const queued = await waitForPlatform(driver, (m) => /position/.test(m.text), answer.index + 1);

  const token = await agentToken(hub);
  const queue = await call(`${hub.url}/api/v1/agent/queue`, { token });
  const entry = queue.body.waiting.find((w: { channel: string }) => w.channel === driver.channel);
  expect(entry, 'the conversation waits for an agent').to.exist;
  const base = `${hub.url}/api/v1/agent/conversations/${entry.id}`;
  expect((await call(`${base}/claim`, { method: 'POST', token })).status).to.equal(200);
  expect((await call(`${base}/messages`, { token, body: { text: AGENT_REPLY } })).status).to.equal(202);
  const reply = await waitForPlatform(driver, (m) => m.text.includes(AGENT_REPLY), queued.index + 1);
  // The agent's name on its own first line ("Gendarme Alice :", WhatsApp's *bold*), the username nowhere.
  expect(reply.message.text).to.match(new RegExp(`^\\*?${AGENT_DISPLAY}\\*?\u00a0:\n${AGENT_REPLY}$`));
  expect(driver.received().some((m) => /\balice\b/.test(m.text))).to.equal(false);

  const before = (await hub.app.ctx.stats.snapshot()).satisfaction['5'];
  expect((await call(`${base}/close`, { token, body: { outcome: 'resolved' } })).status).to.equal(200);
  const survey = await waitForPlatform(driver, (m) => m.choices.map((c) => c.label).join() === '1,2,3,4,5', reply.index + 1);
  await driver.choose(survey.message, '5');
  await eventually(async () => (await hub.app.ctx.stats.snapshot()).satisfaction['5'] === before + 1, 'the survey answer being counted');
  await waitForPlatform(driver, (m) => /Merci pour votre avis/.test(m.text), survey.index + 1);
}

/** The https URLs in a text. */
export function urlsIn(text: string): string[] {
  return text.match(/https:\/\/\S+/g) ?? [];
}

/** A question whose answer marks that everything said before it has been delivered (one conversation is served in order). */
export const BARRIER_QUESTION = 'Comment obtenir une attestation de déplacement ?';
const HELP_QUESTION = /vous aide-t-elle/;

/** Says the barrier question and waits for its follow-up; then every earlier answer has arrived. */
export async function sayBarrier(driver: CitizenDriver, after: number, followUps: number): Promise<void> {
  await driver.say(BARRIER_QUESTION);
  await eventually(
    () =>
      driver
        .received()
        .slice(after)
        .filter((m) => HELP_QUESTION.test(m.text)).length >= followUps,
    'the barrier answer',
  );
}

/** How many received messages since `after` have exactly this text. */
export function countText(driver: CitizenDriver, text: string, after = 0): number {
  return driver
    .received()
    .slice(after)
    .filter((m) => m.text === text).length;
}

/** Two questions whose answers carry links, asked after FAQ_QUESTION in the Retry-After check. */
const LATER_QUESTIONS = ['Où trouver une attestation de déplacement ?', 'Comment faire une procuration ?'];

/** The platform refuses the FAQ answer with 429 and `Retry-After: 6`; two more questions follow.
 * Nothing is delivered past the refused answer until the hub's clock has moved 6 s; then all three
 * answers arrive, in the order asked, each once. */
export async function checkRetryAfterSix(
  driver: CitizenDriver,
  failures: FailurePlan,
  refusal: FakeAnswerLike,
  tick: (ms: number) => Promise<void>,
): Promise<void> {
  const after = driver.received().length;
  const failedBefore = failures.failedTexts.length;
  failures.arm(refusal, 1);
  await driver.say(FAQ_QUESTION);
  await eventually(() => failures.failedTexts.length === failedBefore + 1, 'the refused send');
  const refused = failures.failedTexts.at(-1)!;
  for (const question of LATER_QUESTIONS) await driver.say(question);
  expect(
    driver
      .received()
      .slice(after)
      .map((m) => m.text),
  ).not.to.include(refused);
  // Each answer is followed by "did it help?": three of those mean three answers.
  const texts = () =>
    driver
      .received()
      .slice(after)
      .map((m) => m.text);
  await tickUntil(tick, 6000, () => texts().filter((t) => HELP_QUESTION.test(t)).length >= 3, 'the three answers');
  const answers = texts().filter((_, i, all) => HELP_QUESTION.test(all[i + 1] ?? ''));
  expect(answers).to.have.length(3);
  expect(answers[0]).to.equal(refused);
  expect(new Set(answers).size).to.equal(3);
  for (const text of answers)
    expect(
      texts().filter((t) => t === text),
      text.slice(0, 40),
    ).to.have.length(1);
}

/** A fake's answer (status, headers, body). */
export interface FakeAnswerLike {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A possible danger told without its timing: the triage says `maybe` (checked first through the API). */
export const MAYBE_MESSAGE = "Mon voisin âgé n'a pas ouvert ses volets depuis trois jours";

/** An API conversation waiting for an agent, not urgent, opened before the one under test. */
async function someoneAlreadyWaiting(hub: TestHub): Promise<string> {
  const { body } = await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'fr' } });
  await call(`${hub.url}/api/v1/conversations/${body.id}/messages`, { token: body.token, body: { text: 'je voudrais parler à un policier' } });
  const token = await agentToken(hub);
  await eventually(async () => {
    const queue = await call(`${hub.url}/api/v1/agent/queue`, { token });
    return queue.body.waiting.some((w: { id: string }) => w.id === body.id);
  }, 'the API conversation waiting');
  return body.id;
}

/** A `maybe` message gets the emergency numbers and "are you in danger right now?" as native Yes / No
 * buttons; Yes puts the conversation first in the agents' queue, marked urgent, ahead of one that waited before. */
export async function runDangerQuestion(hub: TestHub, driver: CitizenDriver): Promise<void> {
  const verdict = await call(`${hub.url}/api/v1/triage`, { body: { text: MAYBE_MESSAGE, locale: 'fr' } });
  expect(verdict.body.danger, 'the triage reads a possible danger').to.equal('maybe');
  const earlier = await someoneAlreadyWaiting(hub);
  const after = driver.received().length;
  await driver.say(MAYBE_MESSAGE);
  const question = await waitForPlatform(driver, (m) => m.text.includes('Êtes-vous en danger en ce moment ?'), after);
  expect(question.message.text).to.include('17').and.include('112').and.include('114');
  expect(question.message.choices.map((c) => c.label)).to.deep.equal(['Oui', 'Non']);
  await driver.choose(question.message, 'Oui');
  const token = await agentToken(hub);
  let waiting: { id: string; channel: string; urgent: boolean; danger?: string }[] = [];
  await eventually(async () => {
    waiting = (await call(`${hub.url}/api/v1/agent/queue`, { token })).body.waiting;
    return waiting[0]?.channel === driver.channel && waiting[0].urgent;
  }, 'the conversation first in the queue, marked urgent');
  expect(waiting[0]!.danger).to.equal('now');
  expect(waiting.map((w) => w.id)).to.include(earlier);
  // Leave the queue as it was: both conversations are closed by an agent.
  for (const id of [waiting[0]!.id, earlier]) {
    const base = `${hub.url}/api/v1/agent/conversations/${id}`;
    await call(`${base}/claim`, { method: 'POST', token });
    await call(`${base}/close`, { token, body: { outcome: 'resolved' } });
  }
}
