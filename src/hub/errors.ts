/** The hub's boundary errors live in the core so channels can read their codes too. */
export { HubError, type HubErrorCode } from '../core/errors.js';
