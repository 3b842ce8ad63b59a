/** POSTs to Meta's Graph API (WhatsApp Cloud, Messenger Send API) with the hub's retry semantics. */
import { ChannelSendError } from '../../src/core/channel.js';
import { networkError, retryAfterMs, statusError } from './http-errors.js';

// Graph error codes that mean "later" even when the HTTP status is 400 (throttling, temporary trouble).
const TRANSIENT_GRAPH_CODES = new Set([1, 2, 4, 17, 32, 613, 80006, 80007, 130429, 131000, 131016, 131048, 131056]);

/** One Graph API call. */
export interface GraphRequest {
  channel: string;
  url: string;
  /** Sent as `Authorization: Bearer`, which keeps it out of URLs and access logs. */
  token: string;
  body: unknown;
  timeoutMs?: number;
}

/** Sends the request; resolves with the JSON answer, or throws a ChannelSendError saying whether to retry. */
export async function postGraph(request: GraphRequest): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${request.token}` },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs ?? 15_000),
    });
  } catch (err) {
    throw networkError(request.channel, err);
  }
  const text = await res.text().catch(() => '');
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // A proxy's HTML error page: the status decides.
  }
  if (res.ok) return json;
  const error = (json.error ?? {}) as { code?: number; error_subcode?: number; type?: string };
  const detail = error.code !== undefined ? `graph code ${error.code}${error.error_subcode ? `/${error.error_subcode}` : ''}` : '';
  const wait = retryAfterMs(res.headers.get('retry-after'));
  if (res.status < 500 && res.status !== 429 && error.code !== undefined && TRANSIENT_GRAPH_CODES.has(error.code)) {
    throw new ChannelSendError(request.channel, true, `HTTP ${res.status} (${detail})`, wait);
  }
  throw statusError(request.channel, res.status, detail, wait);
}
