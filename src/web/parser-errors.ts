/** Requests Node's HTTP parser refuses before restify sees them, answered in the contract's error shape. */
import http from 'node:http';
import type { Duplex } from 'node:stream';

/** The parser's codes that have a status of their own; any other parse error is a 400. */
const ANSWERS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'headers_too_large',
    message: `Request headers are larger than ${Math.round(http.maxHeaderSize / 1024)} KB.`,
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', message: 'The request took too long to arrive.' },
};
const BAD_REQUEST = { status: 400, code: 'bad_request', message: 'The request is not valid HTTP/1.1.' };

/**
 * Node answers these with a status line and no body (431, 400, 408); a client then has only the status to
 * go by. As Node's own handler does, nothing is written once a response has begun on the connection.
 */
export function answerParserErrors(server: http.Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const answer = ANSWERS[err.code ?? ''] ?? BAD_REQUEST;
    const body = JSON.stringify({ error: { code: answer.code, message: answer.message } });
    socket.end(
      `HTTP/1.1 ${answer.status} ${http.STATUS_CODES[answer.status]}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
