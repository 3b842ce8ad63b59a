/** Each channel's inbound.ts against platform JSON fixtures: what the hub is handed, and what is left out. */
import { expect } from 'chai';
import { botFrameworkEvent } from '../../channels/botframework/inbound.js';
import { messengerEvents } from '../../channels/messenger/inbound.js';
import { telegramEvent } from '../../channels/telegram/inbound.js';
import { whatsappCloudEvents } from '../../channels/whatsapp-cloud/inbound.js';
import { whatsappWebEvent } from '../../channels/whatsapp-web/inbound.js';
import { fixture } from './helpers/fixtures.js';

describe('channels inbound', () => {
  describe('telegram', () => {
    const table: [string, object | undefined][] = [
      ['start', { kind: 'start', platformMessageId: '111222333:1' }],
      ['start-deep-link', { kind: 'start', platformMessageId: '111222333:2' }],
      ['text', { kind: 'text', text: 'Des achats ont été faits avec ma carte bancaire', platformMessageId: '111222333:3' }],
      ['callback-query', { kind: 'choice', choiceId: 'victim', platformMessageId: 'cb:4382bfdwdsb323b2d9' }],
      ['photo', { kind: 'media', mediaType: 'image', platformMessageId: '111222333:5' }],
      ['voice', { kind: 'media', mediaType: 'audio', platformMessageId: '111222333:6' }],
      ['group-text', undefined],
      ['edited-message', undefined],
      ['from-bot', undefined],
    ];
    for (const [name, expected] of table) {
      it(`${name} → ${expected ? (expected as { kind: string }).kind : 'nothing'}`, () => {
        const event = telegramEvent(fixture('telegram', name));
        expect(event?.message).to.deep.equal(expected);
        if (event) {
          expect(event.address).to.deep.equal({ chatId: '111222333' });
          expect(event.platformUserId).to.equal('111222333');
          expect(event.locale).to.equal('fr');
        }
      });
    }
  });

  describe('whatsapp cloud', () => {
    const table: [string, object[]][] = [
      ['text', [{ kind: 'text', text: 'Des achats ont été faits avec ma carte bancaire' }]],
      ['button-reply', [{ kind: 'choice', choiceId: 'feedback.yes' }]],
      ['list-reply', [{ kind: 'choice', choiceId: 'survey.5' }]],
      ['image', [{ kind: 'media', mediaType: 'image' }]],
      ['voice', [{ kind: 'media', mediaType: 'audio' }]],
      ['template-button', [{ kind: 'text', text: 'Parler à un agent' }]],
      [
        'two-messages',
        [
          { kind: 'text', text: 'bonjour' },
          { kind: 'media', mediaType: 'location' },
        ],
      ],
      ['reaction', []],
      ['status', []],
      ['other-number', []],
    ];
    for (const [name, expected] of table) {
      it(`${name} → ${expected.map((e) => (e as { kind: string }).kind).join(', ') || 'nothing'}`, () => {
        const events = whatsappCloudEvents(fixture('whatsapp-cloud', name), '106540352242922');
        expect(events.map(({ message: { platformMessageId, ...rest } }) => rest)).to.deep.equal(expected);
        for (const event of events) {
          expect(event.message.platformMessageId).to.match(/^wamid\./);
          expect(event.address).to.deep.equal({ to: '33612345678' });
        }
      });
    }
    it('ignores other objects', () => {
      expect(whatsappCloudEvents({ object: 'page', entry: [] })).to.deep.equal([]);
      expect(whatsappCloudEvents(null)).to.deep.equal([]);
    });
  });

  describe('messenger', () => {
    const table: [string, object | undefined][] = [
      ['text', { kind: 'text', text: 'Des achats ont été faits avec ma carte bancaire', platformMessageId: 'm_AbCdEf-text-1' }],
      ['quick-reply', { kind: 'choice', choiceId: 'feedback.yes', platformMessageId: 'm_AbCdEf-qr-2' }],
      ['postback', { kind: 'choice', choiceId: 'victim', platformMessageId: 'm_AbCdEf-pb-3' }],
      ['get-started', { kind: 'start', platformMessageId: 'postback:6789012345678901:1717000000123' }],
      ['image', { kind: 'media', mediaType: 'image', platformMessageId: 'm_AbCdEf-img-4' }],
      ['echo', undefined],
      ['delivery', undefined],
      ['read', undefined],
      ['instagram', undefined],
    ];
    for (const [name, expected] of table) {
      it(`${name} → ${expected ? (expected as { kind: string }).kind : 'nothing'}`, () => {
        const events = messengerEvents(fixture('messenger', name));
        expect(events.map((e) => e.message)).to.deep.equal(expected ? [expected] : []);
        for (const event of events) expect(event.address).to.deep.equal({ psid: '6789012345678901' });
      });
    }
  });

  describe('bot framework', () => {
    const table: [string, object | undefined][] = [
      ['message', { kind: 'text', text: 'Des achats ont été faits avec ma carte bancaire', platformMessageId: 'act-1' }],
      ['conversation-update', { kind: 'start', platformMessageId: 'act-2' }],
      ['attachment', { kind: 'media', mediaType: 'image', platformMessageId: 'act-4' }],
      ['card-value', { kind: 'choice', choiceId: 'survey.5', platformMessageId: 'act-5' }],
      ['card-action', { kind: 'choice', choiceId: 'survey.5', platformMessageId: 'act-9' }],
      ['compose-extension', undefined],
      ['teams-personal', { kind: 'text', text: 'bonjour', platformMessageId: 'act-8' }],
      ['bot-added', undefined],
      ['typing', undefined],
      ['group', undefined],
    ];
    for (const [name, expected] of table) {
      it(`${name} → ${expected ? (expected as { kind: string }).kind : 'nothing'}`, () => {
        expect(botFrameworkEvent(fixture('botframework', name))?.message).to.deep.equal(expected);
      });
    }
    it('keeps the conversation, not the user, in the address', () => {
      const event = botFrameworkEvent(fixture('botframework', 'teams-personal'))!;
      expect(event.address).to.deep.equal({
        serviceUrl: 'https://smba.trafficmanager.net/emea/',
        channelId: 'msteams',
        conversationId: 'a:1xyz',
        botId: '28:bot-app-id',
        botName: 'Relais',
        tenantId: 'tenant-1',
      });
      expect(event.platformUserId).to.equal('msteams:29:1user');
      expect(JSON.stringify(event.address)).not.to.include('29:1user');
    });
  });

  describe('whatsapp web', () => {
    const table: [string, object | undefined][] = [
      ['chat', { kind: 'text', text: 'Des achats ont été faits avec ma carte bancaire', platformMessageId: 'false_33612345678@c.us_3EB0C767D26A1D8F5A1B' }],
      ['digit', { kind: 'text', text: '5', platformMessageId: 'false_33612345678@c.us_3EB0AAAA' }],
      ['ptt', { kind: 'media', mediaType: 'audio', platformMessageId: 'false_33612345678@c.us_3EB0C767D26A1D8F5A1B' }],
      ['image', { kind: 'media', mediaType: 'image', platformMessageId: 'false_33612345678@c.us_3EB0C767D26A1D8F5A1B' }],
      ['lid', { kind: 'text', text: 'bonjour', platformMessageId: 'false_33612345678@c.us_3EB0C767D26A1D8F5A1B' }],
      ['group', undefined],
      ['status', undefined],
      ['own', undefined],
      ['revoked', undefined],
    ];
    for (const [name, expected] of table) {
      it(`${name} → ${expected ? (expected as { kind: string }).kind : 'nothing'}`, () => {
        const event = whatsappWebEvent(fixture('whatsapp-web', name));
        expect(event?.message).to.deep.equal(expected);
        if (event) expect(event.address.chatId).to.equal(event.platformUserId);
      });
    }
  });
});
