/** Maps a platform's HTTP failure to the hub's retry decision: 429 and 5xx (and network) retry, other 4xx do not. */
import { ChannelSendError } from '../../src/core/channel.js';

/** Milliseconds from a Retry-After header (seconds or an HTTP date), if any. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The send error for an HTTP status; `detail` must not carry message text or tokens. */
export function statusError(channel: string, status: number, detail: string, retryAfter?: number): ChannelSendError {
  const retryable = status === 429 || status >= 500;
  return new ChannelSendError(channel, retryable, `HTTP ${status}${detail ? ` (${detail})` : ''}`, retryAfter);
}

/** The send error for a request that never got an answer (refused, reset, timed out): worth retrying. */
export function networkError(channel: string, err: unknown): ChannelSendError {
  const name = err instanceof Error ? err.name : 'Error';
  const code = (err as { cause?: { code?: string }; code?: string })?.cause?.code ?? (err as { code?: string })?.code;
  return new ChannelSendError(channel, true, `network: ${name}${code ? ` ${code}` : ''}`);
}
