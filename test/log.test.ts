/** The logger: pino JSON lines, personal fields redacted, long strings cut, levels filtered. */
import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger, MAX_FIELD_CHARS } from '../src/log.js';

/** A stream that keeps what it is given, as parsed JSON lines. */
function capture(): { stream: Writable; lines: () => any[]; raw: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    stream,
    raw: () => text,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
  };
}

describe('logger', () => {
  it('writes one JSON line per call, with level, time and message', () => {
    const out = capture();
    createLogger('info', out.stream).info('conversation opened', { conversation: 'c-1', count: 2 });
    const [line] = out.lines();
    expect(line).to.include({ level: 'info', msg: 'conversation opened', conversation: 'c-1', count: 2 });
    expect(Date.parse(line.time)).to.be.a('number').and.not.NaN;
  });

  it('never lets a message text, a token or other personal fields through', () => {
    const out = capture();
    const log = createLogger('info', out.stream);
    const fields = {
      text: 'mon mari me frappe',
      token: 'tok-SECRET-123',
      password: 'correct horse',
      phone: '+33612345678',
      email: 'someone@example.org',
      chatId: '424242',
      authorization: 'Bearer tok-SECRET-456',
      accessToken: 'tok-SECRET-789',
      conversation: 'c-1',
    };
    log.warn('send failed', fields);
    const raw = out.raw();
    for (const secret of ['mon mari', 'tok-SECRET', 'correct horse', '+33612345678', 'someone@example.org', '424242']) expect(raw).not.to.include(secret);
    const [line] = out.lines();
    expect(line).to.include({ text: '[redacted]', token: '[redacted]', accessToken: '[redacted]', conversation: 'c-1' });
    expect(fields.text).to.equal('mon mari me frappe'); // the caller's object is left alone
  });

  it('cuts any string field longer than the limit', () => {
    const out = capture();
    createLogger('info', out.stream).error('request failed', { error: `x${'y'.repeat(5000)}` });
    const [line] = out.lines();
    expect(line.error.length).to.be.lessThan(MAX_FIELD_CHARS + 10);
    expect(line.error.startsWith(`x${'y'.repeat(MAX_FIELD_CHARS - 1)}`)).to.equal(true);
  });

  it('filters by level, and says nothing when silent', () => {
    const atError = capture();
    const errorOnly = createLogger('error', atError.stream);
    errorOnly.info('hidden');
    errorOnly.warn('hidden too');
    errorOnly.error('shown');
    expect(atError.lines().map((l) => l.msg)).to.deep.equal(['shown']);

    const atWarn = capture();
    const warnUp = createLogger('warn', atWarn.stream);
    warnUp.info('hidden');
    warnUp.warn('shown');
    warnUp.error('shown too');
    expect(atWarn.lines().map((l) => l.level)).to.deep.equal(['warn', 'error']);

    const quiet = capture();
    const silent = createLogger('silent', quiet.stream);
    silent.error('nothing');
    expect(quiet.raw()).to.equal('');
  });

  it('reads an unknown level as info rather than failing', () => {
    const out = capture();
    const log = createLogger('verbose', out.stream);
    log.info('shown');
    expect(out.lines()).to.have.length(1);
  });

  it('writes a message with % signs as is', () => {
    const out = capture();
    createLogger('info', out.stream).info('100% done %s');
    expect(out.lines()[0].msg).to.equal('100% done %s');
  });
});
