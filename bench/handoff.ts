/** Hand-off benchmark: a citizen's request for an agent → the conversation in an open console (a console
 * WebSocket client, as the page uses), and an agent's reply → the citizen's web chat socket.
 * Against the hub: session, claim, reply, close as an agent does. Against the bare baseline
 * (bare-server.ts): the same sockets and POST, where the "queue" frame and the reply are pushed at
 * once (the floor of a socket → socket and POST → socket round trip). */
import WebSocket from 'ws';
import { ConsoleClient } from '../test/console/console-client.js';
import { call } from '../test/helpers/hub.js';
import { percentile, round } from './stats.js';
import { AGENT_PASSWORD, type Target } from './targets.js';

export interface HandoffResult {
  rounds: number;
  toConsoleP50: number;
  toConsoleP99: number;
  toCitizenP50: number;
  toCitizenP99: number;
}

/** Runs `rounds` citizens one after another through hand-off, claim, reply and close (bounded: 10 s a step). */
export async function benchHandoff(target: Pick<Target, 'kind' | 'url'>, rounds = 100): Promise<HandoffResult> {
  const url = target.url;
  const hub = target.kind === 'hub';
  const toConsole: number[] = [];
  const toCitizen: number[] = [];
  const token = hub ? (await call(`${url}/api/v1/agent/session`, { body: { username: 'bench', password: AGENT_PASSWORD } })).body.token : 'bare';
  if (!token) throw new Error('hand-off bench: the agent session was refused');
  const agentConsole = await ConsoleClient.connect(url, token);
  try {
    for (let i = 0; i < rounds; i++) {
      const { body: conv } = await call(`${url}/api/v1/conversations`, { body: { locale: 'fr', channel: 'web' } });
      const citizen = await openChat(url, conv.id, conv.token);

      const from = agentConsole.mark();
      const t0 = performance.now();
      citizen.send({ type: 'message', text: 'je voudrais parler à un policier', ref: 1 });
      await agentConsole.waitFor((f) => f.type === 'queue' && f.waiting.some((w: { id: string }) => w.id === conv.id), 10_000, from);
      toConsole.push(performance.now() - t0);

      if (hub) await call(`${url}/api/v1/agent/conversations/${conv.id}/claim`, { method: 'POST', token });
      const text = `Bonjour, ici l'agent de permanence (${i}).`;
      const arrived = citizen.waitFor((m) => m.from === 'agent' && m.text === text);
      const t1 = performance.now();
      await call(`${url}/api/v1/agent/conversations/${conv.id}/messages`, { token, body: { text } });
      await arrived;
      toCitizen.push(performance.now() - t1);

      if (hub) await call(`${url}/api/v1/agent/conversations/${conv.id}/close`, { token, body: { outcome: 'resolved' } });
      citizen.close();
    }
  } finally {
    await agentConsole.close();
  }
  return {
    rounds,
    toConsoleP50: round(percentile(toConsole, 50)),
    toConsoleP99: round(percentile(toConsole, 99)),
    toCitizenP50: round(percentile(toCitizen, 50)),
    toCitizenP99: round(percentile(toCitizen, 99)),
  };
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
