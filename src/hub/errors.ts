/** Errors the hub raises at its boundary; the HTTP layer maps `code` to a status. */
export type HubErrorCode = 'not_found' | 'closed' | 'too_long' | 'conflict' | 'not_waiting' | 'invalid';

export class HubError extends Error {
  constructor(readonly code: HubErrorCode, message: string) {
    super(message);
    this.name = 'HubError';
  }
}
