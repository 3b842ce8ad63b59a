/** The one-line preview of a conversation agents see in the queue. */
import type { StoredMessage } from '../core/messages.js';

/** The citizen's last typed message, cut to 140 characters (choices and media are not summaries). */
export function summarise(messages: readonly StoredMessage[]): string {
  const texts = messages.filter((m) => m.from === 'citizen' && !m.choice && m.text && !m.internal).map((m) => m.text);
  const last = texts.at(-1) ?? '';
  return last.length > 140 ? `${last.slice(0, 139)}…` : last;
}
