// @ts-check
// The web chat socket's frames, shared by the page and the server (src/web/chat-socket.ts): type names and shapes.

/** Frame types the page sends: `auth` first (with the last seq it saw), then `message` and `typing`. */
export const CLIENT_FRAME = Object.freeze(/** @type {const} */ ({ auth: 'auth', message: 'message', typing: 'typing' }));

/** Frame types the server sends; the page ignores any other, so the server can add new ones. */
export const SERVER_FRAME = Object.freeze(/** @type {const} */ ({ messages: 'messages', ack: 'ack', error: 'error', typing: 'typing' }));

/**
 * A transcript entry as the citizen's page receives it (internal notes are never sent to it).
 * @typedef {object} ChatMessage
 * @property {number} seq
 * @property {'citizen' | 'bot' | 'agent' | 'system'} from
 * @property {string} text
 * @property {{ id: string, label: string }[]} [choices] answers the citizen can tap
 * @property {{ label: string, url: string }[]} [links]
 * @property {boolean} [urgent] an emergency-number message
 * @property {string} [choice] the choice id, when the citizen tapped a choice
 * @property {boolean} [internal]
 * @property {string} [author] an agent's display name ("Gendarme Julie"), never their username
 * @property {boolean} [translated] `text` is a machine translation (its marker line included)
 * @property {{ text: string, locale: string }} [original] the message as the agent or the bot wrote it
 * @property {string} at ISO date
 */

// ---------------------------------------------------------------- page -> server

/** Opens the socket: the conversation's token and the last seq the page has (the backlog follows). @typedef {{ type: typeof CLIENT_FRAME.auth, token: string, after: number }} AuthFrame */
/** A citizen's text or tapped choice; `ref` comes back in its ack or error; sent again with the same `idempotencyKey`, it is not stored twice. @typedef {{ type: typeof CLIENT_FRAME.message, text?: string, choice?: string, ref?: string, idempotencyKey?: string }} MessageFrame */
/** The citizen is typing (never stored). @typedef {{ type: typeof CLIENT_FRAME.typing }} CitizenTypingFrame */
/** @typedef {AuthFrame | MessageFrame | CitizenTypingFrame} ClientFrame */

// ---------------------------------------------------------------- server -> page

/** Transcript entries: the backlog after `after`, then each new one. @typedef {{ type: typeof SERVER_FRAME.messages, messages: ChatMessage[] }} MessagesFrame */
/** A message frame was stored as `seq`; `ref` is echoed as received. @typedef {{ type: typeof SERVER_FRAME.ack, seq: number, ref?: unknown }} AckFrame */
/** Something was refused; `ref` is the refused message frame's, echoed as received. @typedef {{ type: typeof SERVER_FRAME.error, error: { code: string, message: string }, ref?: unknown }} ErrorFrame */
/** An agent is typing (never stored). @typedef {{ type: typeof SERVER_FRAME.typing, from: 'agent' }} AgentTypingFrame */
/** @typedef {MessagesFrame | AckFrame | ErrorFrame | AgentTypingFrame} ServerFrame */
