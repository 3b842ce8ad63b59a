/**
 * The closed loop driven by another client than the bench's own: autocannon (its own HTTP parser and
 * sockets), in a process of its own, as a load driver from outside would be. On this machine the
 * bare baseline's rate is its driver's limit (the bench process runs at ~95 % of a core beside it), so
 * the ratio depends on what the driver costs per exchange; this second driver shows by how much.
 * Each of CONNECTIONS connections plays one citizen: a conversation, then QUESTIONS_PER_CONVERSATION
 * exchanges (the message POST, then a long-poll until the answer), then a new conversation.
 * Usage (bench/independent.ts runs it): node --import tsx bench/independent-driver.ts <url> <seconds> <connections>
 * Prints one JSON line: exchanges/s, p50/p99 ms (POST sent → answer read), errors, unanswered, own CPU %.
 */
import autocannon from 'autocannon';
import { ANSWER_DEADLINE_MS, QUESTIONS } from './load.js';
import { percentile, round } from './stats.js';

const QUESTIONS_PER_CONVERSATION = 10;

interface CitizenContext {
  id?: string;
  token?: string;
  seq?: number;
  sentAt?: number;
  question?: number;
}

const [url, secondsArg, connectionsArg] = process.argv.slice(2);
if (!url) throw new Error('usage: independent-driver.ts <url> <seconds> <connections>');
const latencies: number[] = [];
let errors = 0;
let unanswered = 0;

const json = { 'content-type': 'application/json' };
const requests: autocannon.Request[] = [
  {
    method: 'POST',
    path: '/api/v1/conversations',
    headers: json,
    body: JSON.stringify({ locale: 'fr' }),
    onResponse: (status, body, context: CitizenContext) => {
      if (status !== 201) return void errors++;
      const created = JSON.parse(body) as { id: string; token: string };
      context.id = created.id;
      context.token = created.token;
      context.question = 0;
    },
  },
];
for (let i = 0; i < QUESTIONS_PER_CONVERSATION; i++) {
  requests.push(
    {
      method: 'POST',
      // A conversation that could not be created restarts the citizen (a falsy request does).
      setupRequest: (req, context: CitizenContext) => {
        if (!context.id) return undefined as unknown as autocannon.Request;
        context.sentAt = performance.now();
        context.question = (context.question ?? 0) + 1;
        const text = QUESTIONS[context.question % QUESTIONS.length];
        return {
          ...req,
          path: `/api/v1/conversations/${context.id}/messages`,
          headers: { ...json, authorization: `Bearer ${context.token}` },
          body: JSON.stringify({ text }),
        };
      },
      onResponse: (status, body, context: CitizenContext) => {
        if (status !== 202) {
          errors++;
          context.seq = undefined;
          return;
        }
        context.seq = (JSON.parse(body) as { seq: number }).seq;
      },
    },
    {
      method: 'GET',
      setupRequest: (req, context: CitizenContext) => {
        if (context.seq === undefined) return undefined as unknown as autocannon.Request;
        return {
          ...req,
          path: `/api/v1/conversations/${context.id}/messages?after=${context.seq}&wait=${ANSWER_DEADLINE_MS}`,
          headers: { authorization: `Bearer ${context.token}` },
        };
      },
      onResponse: (status, body, context: CitizenContext) => {
        if (status !== 200) return void errors++;
        const { messages } = JSON.parse(body) as { messages: { from: string; seq: number }[] };
        if (messages.some((m) => m.from !== 'citizen' && m.seq > (context.seq ?? 0))) latencies.push(performance.now() - (context.sentAt ?? 0));
        else unanswered++;
      },
    },
  );
}

const seconds = Number(secondsArg ?? 5);
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
const result = await autocannon({
  url,
  connections: Number(connectionsArg ?? 32),
  duration: seconds,
  timeout: ANSWER_DEADLINE_MS / 1000 + 5,
  requests,
});
const cpu = process.cpuUsage(cpu0);
const wall = performance.now() - wall0;
process.stdout.write(
  `${JSON.stringify({
    exchangesPerSecond: round(latencies.length / (wall / 1000)),
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    answered: latencies.length,
    errors: errors + result.errors + result.non2xx,
    unanswered,
    driverCpuPercent: round(((cpu.user + cpu.system) / 1000 / wall) * 100, 0),
  })}\n`,
);
