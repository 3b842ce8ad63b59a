/** Structured log lines (pino). Callers pass ids and counts only: never message text, tokens or user ids;
 * in case one slips through, personal fields are redacted and long strings cut. */
import { pino } from 'pino';

export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** Field names whose value never reaches a log line (pino's redaction, top level and one level down). */
export const REDACTED_FIELDS = [
  'text',
  'message',
  'body',
  'token',
  'password',
  'phone',
  'psid',
  'chatId',
  'address',
  'email',
  'authorization',
  'cookie',
] as const;
const CENSOR = '[redacted]';
/** Longest string field written as is; longer ones are cut (a stray message text stays a fragment). */
export const MAX_FIELD_CHARS = 200;

// The same names inside longer ones ("accessToken", "phone_number", "Authorization", "userEmail").
const PERSONAL_WORDS = new Set([...REDACTED_FIELDS.map((f) => f.toLowerCase()), 'secret', 'passphrase']);

function isPersonal(key: string): boolean {
  if (PERSONAL_WORDS.has(key.toLowerCase().replace(/[^a-z0-9]/g, ''))) return true;
  return key.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).some((word) => PERSONAL_WORDS.has(word.toLowerCase()));
}

/** Redacts personal-looking keys and cuts long strings (a new object: the caller's stays untouched). */
function guard(fields: Record<string, unknown>): Record<string, unknown> {
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (isPersonal(key)) safe[key] = CENSOR;
    else if (typeof value === 'string' && value.length > MAX_FIELD_CHARS) safe[key] = `${value.slice(0, MAX_FIELD_CHARS)}…[cut]`;
    else safe[key] = value;
  }
  return safe;
}

const LEVELS = new Set(['silent', 'error', 'warn', 'info', 'debug', 'trace']);

/** JSON lines on stderr (stdout stays free for CLI output), or on `destination`; silent when
 * LOG_LEVEL=silent. An unknown level means `info`. */
export function createLogger(level = process.env.LOG_LEVEL || 'info', destination?: NodeJS.WritableStream): Logger {
  const logger = pino(
    {
      level: LEVELS.has(level) ? level : 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: guard,
      },
      redact: { paths: REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`]), censor: CENSOR },
    },
    destination ?? pino.destination({ dest: 2, sync: true }),
  );
  const write = (lvl: 'info' | 'warn' | 'error', msg: string, fields?: LogFields): void => {
    if (fields) logger[lvl](fields, msg);
    else logger[lvl](msg);
  };
  return {
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}
