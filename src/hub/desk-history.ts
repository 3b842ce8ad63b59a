/** The desk's history and search (GET /api/v1/agent/conversations with a filter): which kept
 * conversations a caller may see, in which state, on which days, with which words. Pure rules here;
 * the desk reads the store and formats the answer. */
import type { StoredMessage } from '../core/messages.js';
import type { Conversation } from '../conversations/index.js';
import { zonedDayHour } from '../stats/zoned-time.js';

/** A history query: a state, words, a range of days (YYYY-MM-DD, in the desk's time zone). */
export interface HistoryQuery {
  state?: 'waiting' | 'agent' | 'closed';
  q?: string;
  from?: string;
  to?: string;
}

/** The most conversations one answer lists (newest first): a search, not an export. */
export const HISTORY_LIMIT = 200;

/** True when a query asks for history rather than the caller's current conversations. */
export function isHistoryQuery(query: HistoryQuery): boolean {
  return query.state !== undefined || Boolean(query.q?.trim()) || query.from !== undefined || query.to !== undefined;
}

/** Who may see a conversation in the history: a supervisor any; an agent those they have held. */
export function visibleTo(conv: Conversation, viewer: { username: string; everyone: boolean }): boolean {
  return viewer.everyone || conv.agent === viewer.username || Boolean(conv.heldBy?.includes(viewer.username));
}

/** The state filter: `closed` includes conversations whose survey answer is still awaited. */
export function inState(conv: Conversation, state: HistoryQuery['state']): boolean {
  if (!state) return true;
  if (state === 'closed') return conv.mode === 'closed' || conv.mode === 'survey';
  return conv.mode === state;
}

/** The day filter, on the day the conversation started in `timeZone` (both ends included). */
export function inDays(conv: Conversation, query: HistoryQuery, timeZone: string): boolean {
  if (!query.from && !query.to) return true;
  const day = zonedDayHour(new Date(conv.createdAt), timeZone).day;
  return (!query.from || day >= query.from) && (!query.to || day <= query.to);
}

/** Lower case, without accents or ligatures: "Agressée" and "agressee" are the same word to a search. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae').toLowerCase();
}

/** The words of a search, folded; every one must be found. */
export function searchWords(q: string | undefined): string[] {
  return fold(q ?? '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** What a search reads of a conversation: its topic (id and title) and what the citizen typed
 * (the summary is the last of it); never agents' words or internal notes. */
export function searchableText(conv: Conversation, messages: readonly StoredMessage[], intentTitle?: string): string {
  const typed = messages.filter((m) => m.from === 'citizen' && !m.internal && !m.choice && m.text).map((m) => m.text);
  return fold([conv.intent ?? '', intentTitle ?? '', ...typed].join('\n'));
}

/** True when every word is in the text. */
export function matches(text: string, words: readonly string[]): boolean {
  return words.every((w) => text.includes(w));
}
