/** Checks of a platform body's shape, for the webhooks' 400s: a body whose fields do not have the
 * platform's types must be refused, not answered 500, which asks the platform to send it again. */

/** A JSON object (not null, not an array). */
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string. */
export const isText = (value: unknown): value is string => typeof value === 'string';

/** A number. */
export const isNumber = (value: unknown): value is number => typeof value === 'number';

/** `value` absent (undefined or null), or passing `check`. */
export function absentOr(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || value === null || check(value);
}

/** `value` absent, or an array whose every item passes `check`. */
export function absentOrListOf(value: unknown, check: (item: unknown) => boolean): boolean {
  return absentOr(value, (list) => Array.isArray(list) && list.every(check));
}
