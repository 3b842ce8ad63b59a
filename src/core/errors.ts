/** Errors the hub raises at its boundary, shared with channels so they can react by code. */
export type HubErrorCode =
  | 'not_found'
  | 'closed'
  | 'too_long'
  | 'conflict'
  | 'not_waiting'
  | 'invalid'
  | 'forbidden'
  /** A client's idempotency key sent again with another message than the one stored under it. */
  | 'idempotency_key_reused';

export class HubError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HubError';
  }
}
