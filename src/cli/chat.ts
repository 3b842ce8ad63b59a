/**
 * `relais chat [--locale fr] [--watch] [DIR]`: a conversation with the content in the terminal, for
 * editors trying a change before citizens see it. No channel, no Redis: the flow engine and the
 * triage the hub would use, with the triage's decision shown beside each turn. `--watch` reloads the
 * content on save (a rejected change is printed with its file:line problems; the last good
 * content keeps answering). Commands: /reset, /locale xx, /quit.
 */
import { createInterface } from 'node:readline';
import type { Config } from '../config.js';
import { ContentRuntime } from '../content/runtime.js';
import type { TriageResult } from '../core/triage.js';
import type { DialogueOutcome, DialogueState, Reply } from '../flows/engine.js';

/** Where the chat writes; a test passes its own. */
export interface ChatIo {
  input: NodeJS.ReadableStream;
  write(line: string): void;
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** One bot message as lines: the text, its links, its choices numbered (type the number or the label). */
export function formatReply(reply: Reply): string[] {
  const lines = reply.text.split('\n').map((l) => `bot> ${l}`);
  for (const link of reply.links ?? []) lines.push(`     🔗 ${link.label}: ${link.url}`);
  for (const [i, c] of (reply.choices ?? []).entries()) lines.push(`     [${i + 1}] ${c.label}`);
  return lines;
}

/** The triage's decision as one line. */
export function formatTriage(t: TriageResult): string {
  const alternatives = t.alternatives.map((a) => `${a.intent} ${a.confidence.toFixed(2)}`).join(', ');
  return `     · triage: danger ${t.danger} · intent ${t.intent} (${t.confidence.toFixed(2)}) · locale ${t.locale}${alternatives ? ` · then ${alternatives}` : ''}`;
}

export async function runChat(
  config: Config,
  args: string[],
  io: ChatIo = { input: process.stdin, write: (l) => process.stdout.write(`${l}\n`) },
): Promise<number> {
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--locale') ?? config.contentDir;
  let locale = argValue(args, '--locale') ?? 'fr';
  let runtime: ContentRuntime;
  try {
    runtime = await ContentRuntime.load({
      dir,
      confidenceThreshold: config.confidenceThreshold,
      facts: { retention_hours: config.retentionHours },
      modelDir: config.dataDir,
    });
  } catch (err) {
    io.write((err as Error).message);
    return 1;
  }
  const stopWatching = args.includes('--watch') ? runtime.watch((outcome) => io.write(`(${outcome.line})`)) : undefined;
  let state: DialogueState;
  let first = true;

  const show = (outcome: DialogueOutcome): void => {
    for (const reply of outcome.replies) for (const line of formatReply(reply)) io.write(line);
    if (outcome.handoff)
      io.write(
        `     · hand-off to an agent: topic ${outcome.handoff.intent}, reason ${outcome.handoff.reason}${outcome.handoff.reason === 'urgent' ? ' (first in the queue)' : ''}`,
      );
    if (outcome.answered) io.write(`     · answered: ${outcome.answered}`);
    if (outcome.survey !== undefined) io.write(`     · survey answer: ${outcome.survey}`);
    state = outcome.state;
  };
  const start = (): void => {
    first = true;
    io.write(`(content version ${runtime.current.content.version}, locale ${locale}; /reset, /locale xx, /quit)`);
    show(runtime.current.engine.welcome(locale));
  };
  start();

  for await (const raw of createInterface({ input: io.input, crlfDelay: Infinity })) {
    const line = raw.trim();
    if (!line) continue;
    if (line === '/quit') break;
    if (line === '/reset') {
      start();
      continue;
    }
    if (line.startsWith('/locale ')) {
      locale = line.slice(8).trim() || locale;
      start();
      continue;
    }
    io.write(`you> ${line}`);
    const { engine, triage, phrases } = runtime.current;
    const verdict = triage.classify(line, state!.locale);
    io.write(formatTriage(verdict));
    // As the hub does: danger now gets the emergency numbers before anything else.
    if (verdict.urgent) for (const l of formatReply({ text: phrases.t('emergency_now', verdict.locale || state!.locale) })) io.write(l);
    show(engine.handle(state!, { kind: 'text', text: line, triage: verdict, first }));
    first = false;
  }
  stopWatching?.();
  return 0;
}
