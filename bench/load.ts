/** Citizens talking to a target over the API channel: a closed loop (N citizens, each posting a
 * question and long-polling until the bot's answer, again and again) and an open loop (messages
 * offered at a fixed rate whatever the answers do). Every loop is bounded in count and in time. */
import { type Client, loopbackAddress } from './client.js';
import { percentile, round } from './stats.js';

/** Questions the bot answers from its knowledge (no hand-off, no follow-up question). */
export const QUESTIONS = ['comment porter plainte pour un vol ?', 'Comment contester une amende ?', "J'ai perdu ma carte d'identité"];

/** A message not answered within this long is "skipped". */
export const ANSWER_DEADLINE_MS = 10_000;
/** Source addresses the citizens are spread over, one per conversation up to this many (127.2.0.1 on):
 * the hub caps what one address holds open (50 long-polls), and distinct citizens have distinct addresses. */
const ADDRESSES = 4000;

export interface Conv {
  id: string;
  token: string;
  /** The loopback address this citizen calls from. */
  from: string;
}

let created = 0;

/** A new conversation from the next citizen address. */
export async function createConversation(client: Client): Promise<Conv> {
  const from = loopbackAddress(created++ % ADDRESSES);
  const r = await client.request('POST', '/api/v1/conversations', { body: { locale: 'fr' }, from });
  if (r.status !== 201) throw new Error(`create conversation: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  return { id: r.body.id, token: r.body.token, from };
}

/** `count` conversations, `concurrency` at a time (bounded: 60 s). */
export async function createConversations(client: Client, count: number, concurrency = 32): Promise<Conv[]> {
  const out: Conv[] = [];
  const deadline = performance.now() + 60_000;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count && performance.now() < deadline) {
        next++;
        out.push(await createConversation(client));
      }
    }),
  );
  if (out.length < count) throw new Error(`only ${out.length} of ${count} conversations created in 60 s`);
  return out;
}

type Outcome = { kind: 'answered'; ms: number } | { kind: 'skipped' } | { kind: 'error'; why: string };

/** Posts `text`, then long-polls until a bot (or agent) message newer than it, or the deadline.
 * Latency counts from `t0` (the post, or the time the open loop meant to send it). */
export async function exchange(client: Client, conv: Conv, text: string, t0 = performance.now()): Promise<Outcome> {
  const deadline = t0 + ANSWER_DEADLINE_MS;
  let seq: number;
  try {
    const sent = await client.request('POST', `/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text }, from: conv.from });
    if (sent.status !== 202) return { kind: 'error', why: `post ${sent.status}` };
    seq = sent.body.seq;
  } catch (err) {
    return { kind: 'error', why: `post ${(err as Error).message}` };
  }
  for (;;) {
    const wait = Math.ceil(deadline - performance.now());
    if (wait <= 0) return { kind: 'skipped' };
    try {
      const r = await client.request('GET', `/api/v1/conversations/${conv.id}/messages?after=${seq}&wait=${Math.min(wait, 30_000)}`, {
        token: conv.token,
        from: conv.from,
        timeoutMs: wait + 5000,
      });
      if (r.status !== 200) return { kind: 'error', why: `poll ${r.status}` };
      if (r.body.messages.some((m: { from: string; seq: number }) => m.from !== 'citizen' && m.seq > seq)) {
        const ms = performance.now() - t0;
        return ms <= ANSWER_DEADLINE_MS ? { kind: 'answered', ms } : { kind: 'skipped' };
      }
    } catch (err) {
      return { kind: 'error', why: `poll ${(err as Error).message}` };
    }
  }
}

function tally(outcomes: Outcome[]): { latencies: number[]; skipped: number; errors: number; why: Map<string, number> } {
  const latencies: number[] = [];
  const why = new Map<string, number>();
  let skipped = 0;
  let errors = 0;
  for (const o of outcomes) {
    if (o.kind === 'answered') latencies.push(o.ms);
    else if (o.kind === 'skipped') skipped++;
    else {
      errors++;
      why.set(o.why, (why.get(o.why) ?? 0) + 1);
    }
  }
  return { latencies, skipped, errors, why };
}

export interface ClosedResult {
  exchangesPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  skipped: number;
  answered: number;
  seconds: number;
}

/** `citizens` concurrent citizens for `seconds`; each starts a new conversation every `perConversation`
 * exchanges (a citizen asks a few questions, not hundreds; creating it is inside the loop's time). */
export async function closedLoop(client: Client, citizens = 32, seconds = 10, perConversation = 10): Promise<ClosedResult> {
  const outcomes: Outcome[] = [];
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: citizens }, async (_, c) => {
      let conv: Conv | undefined;
      for (let n = 0; performance.now() < end && n < 100_000; n++) {
        if (!conv || n % perConversation === 0) {
          try {
            conv = await createConversation(client);
          } catch (err) {
            outcomes.push({ kind: 'error', why: `create ${(err as Error).message.slice(0, 40)}` });
            conv = undefined;
            await new Promise((r) => setTimeout(r, 50));
            continue;
          }
        }
        outcomes.push(await exchange(client, conv, QUESTIONS[(c + n) % QUESTIONS.length]));
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const t = tally(outcomes);
  if (t.errors) process.stderr.write(`  closed loop errors: ${JSON.stringify(Object.fromEntries(t.why))}\n`);
  return {
    exchangesPerSecond: round(t.latencies.length / elapsed),
    p50: round(percentile(t.latencies, 50)),
    p99: round(percentile(t.latencies, 99)),
    errors: t.errors,
    skipped: t.skipped,
    answered: t.latencies.length,
    seconds: round(elapsed),
  };
}

export interface OpenResult {
  offered: number;
  /** The rate the driver managed to send at (below `offered` when the bench process itself is short of CPU). */
  sentPerSecond: number;
  achievedPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  skipped: number;
  /** Conversations created on the fly because every pooled one was still waiting for its answer. */
  extraConversations: number;
}

/** `rate` messages/s offered for `seconds` (at most rate × seconds messages), each on a conversation
 * of the pool that is not waiting for an answer (a new one when none is free). Latency counts from
 * the moment the schedule meant to send (no coordinated omission), until the answer was read. */
export async function openLoop(client: Client, pool: Conv[], rate: number, seconds = 5): Promise<OpenResult> {
  const total = Math.round(rate * seconds);
  const free = [...pool];
  const outcomes: Promise<Outcome>[] = [];
  let extra = 0;
  let lastAnswer = 0;
  const started = performance.now();
  const one = async (i: number): Promise<Outcome> => {
    const due = started + (i * 1000) / rate;
    let conv = free.pop();
    if (!conv) {
      extra++;
      try {
        conv = await createConversation(client);
      } catch (err) {
        return { kind: 'error', why: `create ${(err as Error).message.slice(0, 40)}` };
      }
    }
    const o = await exchange(client, conv, QUESTIONS[i % QUESTIONS.length], due);
    if (o.kind === 'answered') lastAnswer = performance.now();
    free.push(conv);
    return o;
  };
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    while (sent < due) outcomes.push(one(sent++));
    await new Promise((r) => setTimeout(r, 1));
  }
  const sendSeconds = (performance.now() - started) / 1000;
  const t = tally(await Promise.all(outcomes));
  if (t.errors) process.stderr.write(`  open loop ${rate}/s errors: ${JSON.stringify(Object.fromEntries(t.why))}\n`);
  const span = Math.max(seconds, (lastAnswer - started) / 1000);
  return {
    offered: rate,
    sentPerSecond: round(total / Math.max(sendSeconds, seconds - 1 / rate)),
    achievedPerSecond: round(t.latencies.length / span),
    p50: round(percentile(t.latencies, 50)),
    p99: round(percentile(t.latencies, 99)),
    errors: t.errors,
    skipped: t.skipped,
    extraConversations: extra,
  };
}
