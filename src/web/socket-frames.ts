/** JSON frames over a WebSocket, shared by the chat and console sockets: parsing, sending, errors. */
import type { RawData, WebSocket } from 'ws';
import { HubError } from '../core/errors.js';
import { HttpError } from './http.js';
import { SERVER_FRAME, type ErrorFrame } from './public/chat/frames.js';

/** Sends one JSON frame if the socket is still open. */
export function sendFrame(ws: WebSocket, frame: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}

/** Sends an error frame in the contract's shape; unknown errors are not detailed to the client. */
export function sendErrorFrame(ws: WebSocket, err: unknown, ref?: unknown): void {
  const known = err instanceof HttpError || err instanceof HubError;
  const code = known ? err.code : 'internal';
  const message = known ? err.message : 'something went wrong on our side; please try again';
  const frame: ErrorFrame = { type: SERVER_FRAME.error, error: { code, message }, ...(ref !== undefined ? { ref } : {}) };
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
  return frame as Record<string, unknown>;
}

/** Closes a socket that has not authenticated within `ms`; returns the cancel function. */
export function closeUnlessAuthenticated(ws: WebSocket, ms = 10_000): () => void {
  const timer = setTimeout(() => ws.close(4401, 'auth expected'), ms);
  return () => clearTimeout(timer);
}
