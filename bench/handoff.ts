/** Hand-off benchmark: a citizen's request for an agent → the conversation in an open console (a console
 * WebSocket client, as the page uses), and an agent's reply → the citizen's web chat socket. */
import WebSocket from 'ws';
import { ConsoleClient } from '../test/console/console-client.js';
import { call, startTestHub } from '../test/helpers/hub.js';
import { startTestRedis } from '../test/helpers/redis.js';
import { percentile, round } from './stats.js';

const PASSWORD = 'correct horse battery';

/** Runs `rounds` citizens one after another through hand-off, claim, reply and close. */
export async function benchHandoff(rounds = 100): Promise<Record<string, number>> {
  const redis = await startTestRedis();
  const hub = await startTestHub(redis.url);
  const toConsole: number[] = [];
  const toCitizen: number[] = [];
  try {
    await hub.app.ctx.accounts.add('bench', PASSWORD, 'agent');
    const token = (await call(`${hub.url}/api/v1/agent/session`, { body: { username: 'bench', password: PASSWORD } })).body.token;
    const agentConsole = await ConsoleClient.connect(hub.url, token);
    for (let i = 0; i < rounds; i++) {
      const { body: conv } = await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'fr', channel: 'web' } });
      const citizen = await openChat(hub.url, conv.id, conv.token);

      const from = agentConsole.mark();
      const t0 = performance.now();
      citizen.send({ type: 'message', text: 'je voudrais parler à un policier', ref: 1 });
      await agentConsole.waitFor((f) => f.type === 'queue' && f.waiting.some((w: { id: string }) => w.id === conv.id), 10_000, from);
      toConsole.push(performance.now() - t0);

      await call(`${hub.url}/api/v1/agent/conversations/${conv.id}/claim`, { method: 'POST', token });
      const text = `Bonjour, ici l'agent de permanence (${i}).`;
      const arrived = citizen.waitFor((m) => m.from === 'agent' && m.text === text);
      const t1 = performance.now();
      await call(`${hub.url}/api/v1/agent/conversations/${conv.id}/messages`, { token, body: { text } });
      await arrived;
      toCitizen.push(performance.now() - t1);

      await call(`${hub.url}/api/v1/agent/conversations/${conv.id}/close`, { token, body: { outcome: 'resolved' } });
      citizen.close();
    }
    await agentConsole.close();
    return {
      'handoff: rounds': rounds,
      'handoff: request → in the console, median ms': round(percentile(toConsole, 50)),
      'handoff: request → in the console, p99 ms': round(percentile(toConsole, 99)),
      'handoff: agent send → citizen, median ms': round(percentile(toCitizen, 50)),
      'handoff: agent send → citizen, p99 ms': round(percentile(toCitizen, 99)),
    };
  } finally {
    await hub.stop();
    await redis.stop();
  }
}

/** A citizen's web chat socket: resolves once the backlog arrived; `waitFor` watches new messages. */
async function openChat(baseUrl: string, id: string, token: string) {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v1/conversations/${id}/socket`);
  const waiters = new Set<{ test: (m: { from: string; text: string }) => boolean; resolve: () => void }>();
  let backlog: () => void = () => {};
  const ready = new Promise<void>((r) => {
    backlog = r;
  });
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if (frame.type !== 'messages') return;
    backlog();
    for (const m of frame.messages)
      for (const w of waiters)
        if (w.test(m)) {
          waiters.delete(w);
          w.resolve();
        }
  });
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  ws.send(JSON.stringify({ type: 'auth', token }));
  await ready;
  return {
    send: (frame: unknown) => ws.send(JSON.stringify(frame)),
    waitFor: (test: (m: { from: string; text: string }) => boolean) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the citizen did not receive the reply')), 10_000);
        waiters.add({
          test,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
    close: () => ws.close(),
  };
}
