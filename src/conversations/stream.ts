/** Streams a transcript live: the backlog after `after`, then every new message, with nothing lost
 * or sent twice between the two (used by the web chat socket and the console socket). */
import type { StoredMessage } from '../core/messages.js';
import type { ConversationEvents } from './events.js';

/** Starts streaming; resolves once the backlog is out, with the function that stops the stream.
 * `readAfter` reads the transcript after a seq (it decides, e.g., whether internal notes are shown). */
export async function streamTranscript(o: {
  events: ConversationEvents;
  conversationId: string;
  after: number;
  readAfter: (seq: number) => Promise<StoredMessage[]>;
  keep?: (message: StoredMessage) => boolean;
  push: (messages: StoredMessage[]) => void;
}): Promise<() => void> {
  const keep = o.keep ?? (() => true);
  let lastSent = o.after;
  let live = false;
  // Subscribe first, then read the backlog; what is appended during the read is caught by a second read.
  const stop = o.events.on(o.conversationId, (m) => {
    if (!live || !keep(m) || m.seq <= lastSent) return;
    lastSent = m.seq;
    o.push([m]);
  });
  try {
    const backlog = await o.readAfter(lastSent);
    live = true;
    const backlogEnd = Math.max(lastSent, backlog.at(-1)?.seq ?? 0);
    lastSent = Math.max(lastSent, backlogEnd);
    o.push(backlog);
    const missed = (await o.readAfter(backlogEnd)).filter((m) => m.seq > backlogEnd);
    if (missed.length) {
      lastSent = Math.max(lastSent, missed.at(-1)!.seq);
      o.push(missed); // the client drops seqs it already has
    }
  } catch (err) {
    stop();
    throw err;
  }
  return stop;
}
