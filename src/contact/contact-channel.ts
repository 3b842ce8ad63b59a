/** The contact form as a channel: a written request the citizen does not wait for. Without an
 * e-mail it is a pull channel (the citizen reads the answer with the token or the follow-up code);
 * with one, its address is `{email}` (sealed in the conversation like a phone number) and the
 * agents' answers leave by e-mail through the ordered delivery, as any push channel's replies do.
 * Only agents' messages are e-mailed: queue notices and the survey stay in the transcript. */
import { ChannelSendError, type Channel, type ChannelAddress, type SendResult } from '../core/channel.js';
import type { OutboundMessage } from '../core/messages.js';
import type { Phrases } from '../i18n/phrases.js';
import { MailError, type Mailer } from '../mail/mailer.js';

/** The channel id of contact-form conversations (queue entries and figures say "contact"). */
export const CONTACT_CHANNEL = 'contact';

/** How long after the request an agent's answer may still be e-mailed. */
const ANSWER_WINDOW_MS = 30 * 24 * 3600_000;

/** The contact channel; it e-mails answers when a mailer is given (SMTP_URL), else it only collects. */
export function createContactChannel(options: { mailer?: Mailer; phrases: () => Phrases }): Channel {
  const { mailer } = options;
  return {
    id: CONTACT_CHANNEL,
    // Read by the integrator's page or the widget, or as an e-mail: long texts, no buttons.
    capabilities: { buttons: 0, lists: 0, maxText: 100_000, ratePerSecond: 5, replyWindowMs: ANSWER_WINDOW_MS },
    start: async () => {},
    stop: async () => mailer?.close(),
    ...(mailer ? { send: (address: ChannelAddress, message: OutboundMessage) => mailAnswer(mailer, options.phrases(), address, message) } : {}),
  };
}

async function mailAnswer(mailer: Mailer, phrases: Phrases, address: ChannelAddress, message: OutboundMessage): Promise<SendResult> {
  if (message.from !== 'agent' || !address.email) return {};
  const locale = message.locale ?? 'fr';
  try {
    await mailer.send({
      to: address.email,
      subject: phrases.t('contact_mail_subject', locale),
      text: phrases.t('contact_mail_body', locale, { reply: message.text }),
    });
  } catch (err) {
    if (err instanceof MailError) throw new ChannelSendError(CONTACT_CHANNEL, !err.permanent, err.message);
    throw err;
  }
  return {};
}
