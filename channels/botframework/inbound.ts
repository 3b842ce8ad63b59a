/** Bot Framework activity → platform event (pure). Group conversations are left out. */
import type { Activity } from 'botbuilder';
import type { ChannelAddress } from '../../src/core/channel.js';
import type { InboundMessage } from '../../src/core/messages.js';
import type { PlatformEvent } from '../shared/inbound-event.js';

/** The event an activity carries for the hub, or undefined (typing, bot joins, groups...). */
export function botFrameworkEvent(activity: Partial<Activity>): PlatformEvent | undefined {
  const { channelId, serviceUrl, conversation, recipient } = activity;
  if (!channelId || !serviceUrl || !conversation?.id || !recipient?.id || conversation.isGroup) return undefined;
  let userId = activity.from?.id;
  let draft: InboundMessage | undefined;
  if (activity.type === 'message') {
    draft = messageDraft(activity);
  } else if (activity.type === 'invoke') {
    draft = cardActionDraft(activity);
  } else if (activity.type === 'conversationUpdate') {
    // The citizen (not the bot) joining is the start of the conversation.
    const citizen = activity.membersAdded?.find((m) => m.id && m.id !== recipient.id);
    if (citizen) {
      userId = citizen.id;
      draft = { kind: 'start' };
    }
  }
  if (!draft || !userId) return undefined;
  return {
    // Ids are per channel (Teams, Web Chat...): the channel name keeps them apart.
    platformUserId: `${channelId}:${userId}`,
    address: replyAddress(activity as Activity),
    locale: activity.locale,
    message: { ...draft, platformMessageId: activity.id },
  };
}

/** Enough of the conversation reference to post into the conversation later, and nothing about the user. */
export function replyAddress(activity: Activity): ChannelAddress {
  const address: ChannelAddress = {
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
    conversationId: activity.conversation.id,
    botId: activity.recipient.id,
  };
  if (activity.recipient.name) address.botName = activity.recipient.name;
  if (activity.conversation.tenantId) address.tenantId = activity.conversation.tenantId;
  return address;
}

function messageDraft(activity: Partial<Activity>): InboundMessage | undefined {
  // A card or postBack button may send {choice: id} as its value.
  const choice = choiceIn(activity.value);
  if (choice) return choice;
  if (activity.text?.trim()) return { kind: 'text', text: activity.text };
  const attachment = activity.attachments?.find((a) => a.contentType);
  if (attachment) return { kind: 'media', mediaType: mediaType(attachment.contentType) };
  return undefined;
}

/** Teams' Universal Actions: a card button (Action.Execute) arrives as an `adaptiveCard/action` invoke
 * whose data carries the same {choice: id} as an Action.Submit's message value. Other invokes: none. */
function cardActionDraft(activity: Partial<Activity>): InboundMessage | undefined {
  if (activity.name !== 'adaptiveCard/action') return undefined;
  const action = (activity.value as { action?: { type?: unknown; data?: unknown } } | undefined)?.action;
  return action?.type === 'Action.Execute' ? choiceIn(action.data) : undefined;
}

/** The choice a button's {choice: id} payload names, if it names one. */
function choiceIn(payload: unknown): InboundMessage | undefined {
  const choice = (payload as { choice?: unknown } | undefined)?.choice;
  return typeof choice === 'string' ? { kind: 'choice', choiceId: choice } : undefined;
}

function mediaType(contentType: string): string {
  const [major] = contentType.split('/');
  if (major === 'image' || major === 'audio' || major === 'video') return major;
  return contentType.startsWith('application/vnd.microsoft.card') ? 'card' : 'document';
}
