/** Text helpers every channel's outbound rendering shares: splitting, truncating, numbered choices, links. */
import type { Choice, Link, OutboundMessage } from '../../src/core/messages.js';

/** Splits text into parts of at most `max` characters, preferring paragraph, line, then word breaks. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find((i) => i > max / 2) ?? max;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length || !parts.length) parts.push(rest);
  return parts;
}

/** Shortens a label to `max` characters with an ellipsis. */
export function truncate(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max
    ? label
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** True when every label fits in `max` characters (counted as the user sees them). */
export function labelsFit(choices: Choice[], max: number): boolean {
  return choices.every((c) => [...c.label].length <= max);
}

/** "1. label" lines: text-only channels answer with the digit (the flow engine maps it to the choice). */
export function numberedChoices(choices: Choice[]): string {
  // A rating whose labels are already its numbers reads better on one line.
  if (choices.every((c, i) => c.label === String(i + 1))) return choices.map((c) => c.label).join(' · ');
  return choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n');
}

/** "label : url" lines for channels without link buttons. */
export function linksText(links: Link[]): string {
  return links.map((l) => `🔗 ${l.label} : ${l.url}`).join('\n');
}

/** The agent's display name on an agent's message ("Gendarme Julie"); undefined for the bot's and
 * the hub's own messages, and for an agent without one (the citizen then reads no name). */
export function agentName(message: OutboundMessage): string | undefined {
  return message.from === 'agent' && message.author ? message.author : undefined;
}

/** The line that introduces an agent's message: "Gendarme Julie :" in French (a no-break space before
 * the colon, as French is written), "Gendarme Julie:" otherwise; `emphasis` marks the name the
 * platform's way (WhatsApp's *bold*). */
export function authorLine(name: string, locale: string | undefined, emphasis: (name: string) => string = (n) => n): string {
  const french = (locale ?? 'fr').toLowerCase().split(/[-_]/)[0] === 'fr';
  return `${emphasis(name)}${french ? '\u00a0:' : ':'}`;
}

/** The message text: an agent's name first (its own line), marked when urgent (shown first and
 * prominently), links appended when asked. */
export function bodyText(message: OutboundMessage, options: { links: boolean; emphasis?: (name: string) => string }): string {
  const name = agentName(message);
  const said = name ? `${authorLine(name, message.locale, options.emphasis)}\n${message.text}` : message.text;
  const text = message.urgent && !said.startsWith('🚨') ? `🚨 ${said}` : said;
  return options.links && message.links?.length ? `${text}\n\n${linksText(message.links)}` : text;
}

/** WhatsApp's bold (*name*), the name's own markup characters removed so they cannot break it. */
export function whatsappBold(name: string): string {
  return `*${name.replace(/[*_~`]/g, '')}*`;
}

/** Appends a block (numbered choices) to a text, separated by a blank line. */
export function appendBlock(text: string, block: string): string {
  return block ? `${text}\n\n${block}` : text;
}
