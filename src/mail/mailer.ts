/** Outgoing e-mail through the operator's SMTP server (SMTP_URL), with nodemailer: the one place
 * that speaks SMTP. Callers pass the message; nothing here logs an address or a body. */
import nodemailer from 'nodemailer';

/** One e-mail, plain text. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail; `send` rejects with a MailError. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** Closes the SMTP connections. */
  close(): void;
}

/** The SMTP server refused or could not be reached; `permanent` for a 5xx answer (a bad mailbox). */
export class MailError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailError';
  }
}

/** A mailer for `url` (smtp://user:pass@host:port, smtps:// for implicit TLS), sending as `from`. */
export function createMailer(options: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(options.url); // checked by config.ts
  return {
    async send(message) {
      try {
        await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        // The server's words may quote the recipient: only the status goes further.
        throw new MailError(code ? `SMTP ${code}` : `SMTP unreachable (${(err as { code?: string }).code ?? 'error'})`, code !== undefined && code >= 500);
      }
    },
    close: () => transport.close(),
  };
}
