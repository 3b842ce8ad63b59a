/** OutboundMessage → Bot Framework activities: choices as suggested actions (imBack with the label). */
import type { Activity, ConversationAccount, ConversationReference } from 'botbuilder';
import type { ChannelAddress } from '../../src/core/channel.js';
import type { OutboundMessage } from '../../src/core/messages.js';
import { appendBlock, bodyText, numberedChoices, splitText } from '../shared/render.js';

/** Limits chosen for the widest set of channels (Teams shows few suggested actions). */
export const BOTFRAMEWORK_LIMITS = { text: 4000, suggestedActions: 6 } as const;

/** The activities that show a message, in order; suggested actions ride on the last. */
export function renderBotFramework(message: OutboundMessage): Partial<Activity>[] {
  const choices = message.choices ?? [];
  let text = bodyText(message, { links: true });
  // imBack sends the label back as the citizen's text, which the flow engine maps to the choice;
  // beyond what channels show as buttons, the numbered list lets the citizen answer with a digit.
  if (choices.length > BOTFRAMEWORK_LIMITS.suggestedActions) text = appendBlock(text, numberedChoices(choices));
  const activities: Partial<Activity>[] = splitText(text, BOTFRAMEWORK_LIMITS.text).map((part) => ({ type: 'message', text: part, textFormat: 'plain' }));
  if (choices.length && choices.length <= BOTFRAMEWORK_LIMITS.suggestedActions) {
    activities[activities.length - 1].suggestedActions = {
      to: [],
      actions: choices.map((c) => ({ type: 'imBack', title: c.label, value: c.label })),
    };
  }
  return activities;
}

/** The conversation reference rebuilt from a stored address (for `continueConversationAsync`). */
export function referenceFor(address: ChannelAddress): Partial<ConversationReference> {
  return {
    channelId: address.channelId,
    serviceUrl: address.serviceUrl,
    // Only what the connector needs: the id (and the Teams tenant); the user is not kept.
    conversation: { id: address.conversationId, ...(address.tenantId ? { tenantId: address.tenantId } : {}) } as ConversationAccount,
    bot: { id: address.botId, name: address.botName ?? '' },
  };
}
