/** Scale-out that survives the loss of its Redis primary: a primary, a replica and a Sentinel on
 * loopback (Debian's redis-sentinel). The primary is killed mid-conversation, or switched over by hand
 * under load; after the failover every accepted message is there, answered, once. */
import { expect } from 'chai';
import { call, startTestHub, type TestHub } from '../helpers/hub.js';
import { startSentinelTopology, type SentinelTopology } from '../helpers/sentinel.js';
import { until } from '../helpers/until.js';

describe('Redis Sentinel failover', function () {
  this.timeout(60_000);
  let topology: SentinelTopology | undefined;
  let hub: TestHub | undefined;
  /** A hub on a fresh Sentinel topology of its own (stopped after the test). */
  const start = async (replicas = 1): Promise<{ topology: SentinelTopology; hub: TestHub }> => {
    topology = await startSentinelTopology('relais-failover', { replicas });
    hub = await startTestHub('', topology.env);
    return { topology, hub };
  };
  afterEach(async () => {
    await hub?.stop();
    await topology?.stop();
    [hub, topology] = [undefined, undefined];
  });

  it('answers, once, every message accepted before and after the primary dies', async () => {
    const { topology, hub } = await start();
    const { body: conv } = await call(`${hub.url}/api/v1/conversations`, { body: {} });
    const base = `${hub.url}/api/v1/conversations/${conv.id}/messages`;
    const questions = ['où trouver une attestation de déplacement ?', 'comment faire une procuration ?', 'comment porter plainte pour un vol ?'];
    const accepted: number[] = [];
    const ask = async (text: string): Promise<void> => {
      await until(async () => {
        const res = await call(base, { token: conv.token, body: { text } });
        if (res.status === 202) accepted.push(res.body.seq);
        return res.status === 202;
      }, `"${text}" accepted`);
    };
    await ask(questions[0]);
    topology.killPrimary(); // mid-conversation
    await ask(questions[1]); // refused (503) until the replica is promoted, then accepted
    await ask(questions[2]);
    const answered = async () => {
      const { body } = await call(base, { token: conv.token });
      const messages: { seq: number; from: string; text: string; choices?: unknown[] }[] = body.messages ?? [];
      // Each accepted question has its own answer's "did it help?" after it (a count: the answer to one
      // question comes after every question asked before it, so "one after each" would not show a missing one).
      const helped = messages.filter((m) => m.from === 'bot' && /vous aide-t-elle/.test(m.text)).map((m) => m.seq);
      return helped.length >= accepted.length && accepted.every((seq) => helped.some((h) => h > seq));
    };
    await until(answered, 'every accepted message answered');
    const { body } = await call(base, { token: conv.token });
    const citizen = body.messages.filter((m: { from: string }) => m.from === 'citizen').map((m: { text: string }) => m.text);
    expect(citizen).to.deep.equal(questions);
    const transcript = body.messages.map((m: { seq: number; from: string; text: string }) => `${m.seq} ${m.from} ${m.text.slice(0, 40)}`).join('\n');
    expect(
      body.messages.filter((m: { text: string }) => /vous aide-t-elle/.test(m.text)),
      transcript,
    ).to.have.length(3);
  });

  it('keeps every accepted message when the primary is switched over by hand under load', async () => {
    // SENTINEL FAILOVER leaves the old primary up: promoted, the replica stops copying it, and the old
    // primary goes on taking writes until Sentinel turns it into a replica of the new one, which wipes
    // them. A message the hub accepted there would vanish.
    const { topology, hub } = await start();
    await switchOverUnderLoad(topology, hub);
  });

  it('keeps every accepted message in a switchover with two replicas, the second still copying the old primary', async () => {
    // Here WAIT 1 is answered after the promotion (by the replica not yet moved to the new primary),
    // and that replica's copy is wiped too when Sentinel points it at the new one.
    const { topology, hub } = await start(2);
    // The second replica's full copy of the new primary waits 8 s (it takes 5 s by default): the
    // failover stays under way that long, while the new primary already takes writes that will stay.
    for (const port of [topology.primaryPort, ...topology.replicaPorts]) await topology.client(port).config('SET', 'repl-diskless-sync-delay', '8');
    await switchOverUnderLoad(topology, hub);
  });

  it('still accepts messages while the replica is down and no failover runs', async () => {
    const { topology, hub } = await start();
    const { body: conv } = await call(`${hub.url}/api/v1/conversations`, { body: {} });
    const url = `${hub.url}/api/v1/conversations/${conv.id}/messages`;
    topology.killReplicas();
    const primary = topology.client(topology.primaryPort);
    await until(async () => /connected_slaves:0/.test(await primary.info('replication')), 'the primary without its replica');
    // The primary's copy is the only one, as with a single Redis: refusing every citizen would be worse.
    await primary.config('RESETSTAT');
    for (let i = 0; i < 10; i++) {
      const res = await call(url, { token: conv.token, body: { text: 'comment faire une procuration ?' } });
      expect(res.status, JSON.stringify(res.body)).to.equal(202);
    }
    // And no WAIT for a replica it does not have: each held the hub's shared connection 250 ms, and
    // messages went through about 4 a second. (One may come from a count read before the replica died.)
    const waits = Number(/cmdstat_wait:calls=(\d+)/.exec(await primary.info('commandstats'))?.[1] ?? 0);
    expect(waits).to.be.at.most(1);
    await until(
      async () => (await call(url, { token: conv.token })).body.messages.some((m: { text: string }) => /vous aide-t-elle/.test(m.text)),
      'the answer',
    );
  });
});

/** Four conversations write, and new ones open, without pause; SENTINEL FAILOVER switches the primary
 * over under them; once the old primary copies the new one, each transcript must hold exactly the
 * messages accepted, and each conversation opened (201) must still be there. */
async function switchOverUnderLoad(topology: SentinelTopology, hub: TestHub): Promise<void> {
  const conversations = await Promise.all(Array.from({ length: 4 }, async () => (await call(`${hub.url}/api/v1/conversations`, { body: {} })).body));
  const accepted = new Map<string, string[]>(conversations.map((c) => [c.id, []]));
  let switchedOver = false;
  const talk = async (conv: { id: string; token: string }): Promise<void> => {
    const url = `${hub.url}/api/v1/conversations/${conv.id}/messages`;
    let afterSwitch = 0;
    for (let n = 1; afterSwitch < 10; n++) {
      const text = `message ${n} de la conversation`;
      // Until accepted: a refusal (5xx) stored nothing, so the same text is sent again.
      for (;;) {
        const res = await call(url, { token: conv.token, body: { text } });
        if (res.status === 202) break;
        expect(res.status, JSON.stringify(res.body)).to.be.oneOf([500, 503]);
      }
      accepted.get(conv.id)!.push(text);
      if (switchedOver) afterSwitch++;
    }
  };
  const opened: { id: string; token: string }[] = [];
  const open = async (): Promise<void> => {
    for (let afterSwitch = 0; afterSwitch < 10; ) {
      const res = await call(`${hub.url}/api/v1/conversations`, { body: {} });
      if (res.status !== 201) {
        expect(res.status, JSON.stringify(res.body)).to.be.oneOf([500, 503]);
        continue;
      }
      opened.push(res.body);
      if (switchedOver) afterSwitch++;
    }
  };
  const talking = Promise.all([...conversations.map(talk), open()]);
  await until(async () => [...accepted.values()].every((texts) => texts.length >= 5), 'the conversations under way');
  const sentinel = topology.client(topology.sentinelPort);
  await sentinel.call('SENTINEL', 'FAILOVER', topology.name);
  // Over once the old primary copies the new one: whatever it took after the promotion is gone then.
  const oldPrimary = topology.client(topology.primaryPort);
  await until(async () => /role:slave[\s\S]*master_link_status:up/.test(await oldPrimary.info('replication')), 'the old primary a replica in sync', 40_000);
  switchedOver = true;
  await talking;
  for (const conv of conversations) {
    const { body } = await call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token });
    const citizen = body.messages.filter((m: { from: string }) => m.from === 'citizen').map((m: { text: string }) => m.text);
    expect(citizen, `conversation ${conv.id}: ${citizen.length} stored, ${accepted.get(conv.id)!.length} accepted`).to.deep.equal(accepted.get(conv.id));
  }
  const lost: string[] = [];
  for (const conv of opened) {
    const res = await call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token });
    if (res.status !== 200) lost.push(`${conv.id} ${res.status}`);
  }
  expect(lost, `of ${opened.length} conversations opened`).to.deep.equal([]);
}
