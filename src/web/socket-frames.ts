/** JSON frames over a WebSocket, shared by the chat and console sockets: parsing, sending, errors. */
import type { RawData, WebSocket } from 'ws';
import { HubError } from '../core/errors.js';
import { HttpError, INTERNAL, isRedisUnavailable, UNAVAILABLE } from './http.js';
import { SERVER_FRAME, type ErrorFrame } from './public/chat/frames.js';

/** The longest `ref` a client may tag a frame with: the server echoes it, so it is kept small. */
const MAX_REF_CHARS = 200;

/** Sends one JSON frame if the socket is still open. A frame that cannot be serialised is replaced by
 * an internal error frame: a send runs inside socket event handlers, where a throw ends the process. */
export function sendFrame(ws: WebSocket, frame: unknown): void {
  if (ws.readyState !== ws.OPEN) return;
  let text: string;
  try {
    text = JSON.stringify(frame);
  } catch {
    text = JSON.stringify({ type: SERVER_FRAME.error, error: INTERNAL });
  }
  ws.send(text);
}

/** Sends an error frame in the contract's shape; unknown errors are not detailed to the client. */
export function sendErrorFrame(ws: WebSocket, err: unknown, ref?: unknown): void {
  const known = err instanceof HttpError || err instanceof HubError;
  const frame: ErrorFrame = {
    type: SERVER_FRAME.error,
    // `unavailable`, as over HTTP (503): the widget keeps the message and sends it again.
    error: known ? { code: err.code, message: err.message } : isRedisUnavailable(err) ? UNAVAILABLE : INTERNAL,
    ...(ref !== undefined ? { ref } : {}),
  };
  sendFrame(ws, frame);
}

/** Parses a frame; throws a 400 HttpError for anything but a JSON object. */
export function parseFrame(data: RawData): Record<string, unknown> {
  let frame: unknown;
  try {
    frame = JSON.parse(String(data));
  } catch {
    frame = undefined;
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) throw new HttpError(400, 'invalid_json', 'frames must be JSON objects');
  const { ref } = frame as { ref?: unknown };
  // The server echoes `ref`: only a short string or a number, never a structure it would have to re-encode.
  const fine = ref === undefined || (typeof ref === 'string' && ref.length <= MAX_REF_CHARS) || (typeof ref === 'number' && Number.isFinite(ref));
  if (!fine) throw new HttpError(400, 'invalid_ref', `ref is a string of at most ${MAX_REF_CHARS} characters or a number`);
  return frame as Record<string, unknown>;
}

/** A frame's `after` (the last seq the client has): absent means 0; otherwise a whole number ≥ 0. */
export function frameAfter(value: unknown): number {
  if (value === undefined || value === null) return 0;
  const after = Number(value);
  if (!Number.isSafeInteger(after) || after < 0) throw new HttpError(400, 'invalid_after', 'after is a whole number, 0 or more');
  return after;
}

/** Closes a socket that has not authenticated within `ms`; returns the cancel function. */
export function closeUnlessAuthenticated(ws: WebSocket, ms = 10_000): () => void {
  const timer = setTimeout(() => ws.close(4401, 'auth expected'), ms);
  return () => clearTimeout(timer);
}
