/** Structured log lines. Callers pass ids and counts only: never message text, tokens or user ids. */
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** JSON lines on stderr (stdout stays free for CLI output); silent when LOG_LEVEL=silent. */
export function createLogger(level = process.env.LOG_LEVEL || 'info'): Logger {
  const write = (lvl: string, msg: string, fields?: LogFields): void => {
    if (level === 'silent' || (level === 'error' && lvl !== 'error')) return;
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...fields })}\n`);
  };
  return {
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}
