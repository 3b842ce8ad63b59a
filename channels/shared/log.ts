/** The logging a channel needs; structurally the hub's Logger. Fields: ids and counts only. */
export interface ChannelLog {
  info(msg: string, fields?: Record<string, string | number | boolean | undefined>): void;
  warn(msg: string, fields?: Record<string, string | number | boolean | undefined>): void;
}

/** A log that drops everything (tests, tools). */
export const silentLog: ChannelLog = { info: () => {}, warn: () => {} };

/** An error's message without anything from the payload: errors from HTTP clients may echo request bodies. */
export function errorName(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: string; code?: unknown; status?: unknown; statusCode?: unknown };
    const code = e.statusCode ?? e.status ?? e.code;
    return code === undefined ? String(e.name ?? 'Error') : `${String(e.name ?? 'Error')} ${String(code)}`;
  }
  return 'Error';
}
