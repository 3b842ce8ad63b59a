/** Skills routing (issue 14): knowledge/routing.yaml validated at the editor's line, skills on queue
 * entries, and automatic assignment that gives a conversation to a trained agent while one can take it. */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../../src/content/load.js';
import { noRouting, skillsFor } from '../../src/content/routing.js';
import { nextTopic } from '../../src/core/triage.js';
import { pickAgent } from '../../src/handoff/router.js';
import { ConsoleClient } from '../console/console-client.js';
import { CONTENT_DIR, call, useTestHub, waitForMessage, copyContent } from '../helpers/hub.js';

const PASSWORD = 'correct horse battery';
const VIOLENCE = 'mon ancien compagnon me frappait, je voudrais porter plainte pour violences conjugales';
const ASK_AGENT = 'je voudrais parler à un policier';

describe('skills routing: routing.yaml', () => {
  it('loads the real routing.yaml: violences needs vss, Arabic needs ar', async () => {
    const { content, problems } = await loadContent(CONTENT_DIR);
    expect(problems).to.deep.equal([]);
    const rules = content!.routing;
    expect(skillsFor(rules, { intent: 'violences', locale: 'fr' })).to.deep.equal(['vss']);
    expect(skillsFor(rules, { intent: 'violences', locale: 'ar' })).to.deep.equal(['ar', 'vss']);
    expect(skillsFor(rules, { intent: 'vol', locale: 'pt-BR' })).to.deep.equal(['pt']);
    expect(skillsFor(rules, { intent: 'vol', locale: 'fr' })).to.deep.equal([]);
    expect(skillsFor(noRouting(), { intent: 'violences', locale: 'ar' })).to.deep.equal([]);
  });

  it('reports each problem of routing.yaml as file:line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-routing-'));
    try {
      copyContent(CONTENT_DIR, dir);
      writeFileSync(
        join(dir, 'knowledge/routing.yaml'),
        [
          'fallback_after_seconds: -5',
          'intents:',
          '  violences: [vss]',
          '  violence: [vss]',
          '  vol: [Bad Skill]',
          'locales:',
          '  xx: [xx]',
          'teams: {}',
          '',
        ].join('\n'),
      );
      const { content, problems } = await loadContent(dir);
      expect(content).to.equal(undefined);
      const lines = problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
      expect(lines).to.include('knowledge/routing.yaml:1: fallback_after_seconds must be a whole number of seconds from 0 to 3600');
      expect(lines).to.include('knowledge/routing.yaml:4: "violence" is not an intent id of the triage contract');
      expect(lines.some((l) => l.startsWith('knowledge/routing.yaml:5: skills of "vol"'))).to.equal(true);
      expect(lines.some((l) => l.startsWith('knowledge/routing.yaml:7: "xx" is not a language'))).to.equal(true);
      expect(lines.some((l) => l.startsWith('knowledge/routing.yaml:8: unknown key "teams"'))).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the topic when the citizen then asks for an officer or greets', () => {
    const cases: [string | undefined, string, string][] = [
      [undefined, 'agent', 'agent'],
      ['violences', 'agent', 'violences'],
      ['violences', 'autre', 'violences'],
      ['violences', 'vol', 'vol'],
      ['salutation', 'agent', 'agent'],
      [undefined, 'autre', 'autre'],
    ];
    for (const [current, intent, expected] of cases) expect(nextTopic(current, intent), `${current} + ${intent}`).to.equal(expected);
  });

  it('picks a skilled agent while one can take it, then the closest match', () => {
    const julie = { username: 'julie', load: 2, lastAssigned: 0, skills: ['vss'] };
    const ann = { username: 'ann', load: 0, lastAssigned: 0, skills: ['ar'] };
    const bob = { username: 'bob', load: 0, lastAssigned: 0, skills: [] };
    const vss = { skills: ['vss'] };
    expect(pickAgent([ann, julie], 3, vss)?.username).to.equal('julie'); // busier, but trained
    expect(pickAgent([ann, { ...julie, load: 3 }], 3, vss)).to.equal(undefined); // trained one full: wait
    expect(pickAgent([ann, { ...julie, load: 3 }], 3, { ...vss, mayFallBack: true })?.username).to.equal('ann'); // waited (or urgent)
    expect(pickAgent([ann, bob], 3, vss)?.username).to.equal('ann'); // nobody trained on duty: at once
    expect(pickAgent([bob, ann], 3, { skills: ['ar', 'vss'] })?.username).to.equal('ann'); // the most skills
    expect(pickAgent([ann, bob], 3, {})?.username).to.equal('ann');
  });
});

describe('skills routing: automatic assignment', function () {
  this.timeout(60_000);
  const running = useTestHub({ ROUTING_MODE: 'auto', AGENT_CAPACITY: '2' });
  const tokens: Record<string, string> = {};
  const consoles: Record<string, ConsoleClient> = {};

  before(async () => {
    const { url, app } = running.hub;
    await app.ctx.accounts.add('ann', PASSWORD, 'agent', { display: 'Gardien Ann' });
    await app.ctx.accounts.add('julie', PASSWORD, 'agent', { display: 'Gendarme Julie', skills: ['vss'] });
    for (const name of ['ann', 'julie']) {
      tokens[name] = (await call(`${url}/api/v1/agent/session`, { body: { username: name, password: PASSWORD } })).body.token;
      consoles[name] = await ConsoleClient.connect(url, tokens[name]);
      consoles[name].send({ type: 'presence', status: 'available' });
      await consoles[name].waitFor((f) => f.type === 'presence' && f.status === 'available');
    }
  });
  after(async () => {
    for (const c of Object.values(consoles)) await c.close();
  });

  async function handOff(texts: string[]): Promise<string> {
    const { url } = running.hub;
    const { body } = await call(`${url}/api/v1/conversations`, { body: { locale: 'fr' } });
    let after = 0;
    for (const text of texts) {
      await call(`${url}/api/v1/conversations/${body.id}/messages`, { token: body.token, body: { text } });
      after = (await waitForMessage(url, body.id, body.token, (m) => m.from !== 'citizen', after)).seq;
    }
    return body.id;
  }

  const assignedTo = (name: string, id: string) => consoles[name].waitFor((f) => f.type === 'assigned' && f.id === id);

  it('gives a violence conversation to the agent trained for it, others to the least busy, and keeps skills on queue entries', async () => {
    const first = await handOff([VIOLENCE, ASK_AGENT]);
    // Both are free and "ann" would win the tie: the skill decides.
    await assignedTo('julie', first);
    const plain = await handOff([ASK_AGENT]);
    await assignedTo('ann', plain);
    const second = await handOff([VIOLENCE, ASK_AGENT]);
    await assignedTo('julie', second);

    // Julie is full (capacity 2): the next one waits for her rather than going to Ann at once.
    const third = await handOff([VIOLENCE, ASK_AGENT]);
    // The queue entry follows the hand-off's event: wait for it rather than race it.
    let body: { waiting: { id: string; skills: string[]; intent: string }[] } = { waiting: [] };
    for (let i = 0; i < 100 && !body.waiting.length; i++) {
      body = (await call(`${running.hub.url}/api/v1/agent/queue`, { token: tokens.ann })).body;
      if (!body.waiting.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(body.waiting.map((w: { id: string; skills: string[]; intent: string }) => [w.id, w.intent, w.skills])).to.deep.equal([
      [third, 'violences', ['vss']],
    ]);
    await running.hub.app.ctx.console.router.run();
    expect(consoles.ann.frames.some((f) => f.type === 'assigned' && f.id === third)).to.equal(false);

    // No trained agent on duty any more: it goes to the closest match at once.
    consoles.julie.send({ type: 'presence', status: 'away' });
    await assignedTo('ann', third);
  });
});

describe('skills routing: conversations needing an `ahead_of_queue` skill wait ahead of the other non-urgent ones', function () {
  this.timeout(60_000);
  // Pick mode: nobody is given anything, everyone waits in the queue's order.
  const running = useTestHub({ ROUTING_MODE: 'pick' });

  it('puts violence (vss) before an older theft, and an urgent one before both', async () => {
    const url = running.hub.url;
    await running.hub.app.ctx.accounts.add('queuer', PASSWORD, 'agent');
    const token = (await call(`${url}/api/v1/agent/session`, { body: { username: 'queuer', password: PASSWORD } })).body.token;
    const handOff = async (text: string) => {
      const { id, token: citizen } = (await call(`${url}/api/v1/conversations`, { body: { locale: 'fr' } })).body;
      await call(`${url}/api/v1/conversations/${id}/messages`, { token: citizen, body: { text } });
      await call(`${url}/api/v1/conversations/${id}/messages`, { token: citizen, body: { text: ASK_AGENT } });
      return id as string;
    };
    const theft = await handOff('on m’a volé mon vélo devant la gare, je voudrais porter plainte');
    const violence = await handOff(VIOLENCE);
    const urgent = await handOff('il est en train de me frapper, venez vite, au secours');
    let waiting: { id: string; urgent: boolean; ahead?: boolean; skills: string[] }[] = [];
    for (let tries = 0; tries < 100 && waiting.length < 3; tries++) {
      if (tries) await new Promise((resolve) => setImmediate(resolve));
      waiting = (await call(`${url}/api/v1/agent/queue`, { token })).body.waiting;
    }
    expect(waiting.map((w) => w.id)).to.deep.equal([urgent, violence, theft]);
    expect(waiting[1]).to.include({ ahead: true });
    expect(waiting[1]!.skills).to.include('vss');
    expect(waiting[2]!.ahead).to.not.equal(true);
  });
});
