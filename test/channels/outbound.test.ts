/** Each channel's outbound.ts: choices rendered within the platform's limits, links and long texts kept. */
import { expect } from 'chai';
import { renderBotFramework, referenceFor } from '../../channels/botframework/outbound.js';
import { renderMessenger } from '../../channels/messenger/outbound.js';
import { renderTelegram } from '../../channels/telegram/outbound.js';
import { renderWhatsappCloud } from '../../channels/whatsapp-cloud/outbound.js';
import { renderWhatsappWeb } from '../../channels/whatsapp-web/outbound.js';
import type { OutboundMessage } from '../../src/core/messages.js';

const msg = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({ conversationId: 'c1', from: 'bot', text: 'Bonjour', ...over });
const choices = (labels: string[]) => labels.map((label, i) => ({ id: `c${i + 1}`, label }));
const survey = choices(['1', '2', '3', '4', '5']);
const welcome = choices(['Je suis victime', 'Je veux signaler quelque chose', 'Je veux une information']);
const eleven = choices(Array.from({ length: 11 }, (_, i) => `Sujet ${i + 1}`));
const link = { label: 'Perceval', url: 'https://www.service-public.fr/particuliers/vosdroits/R46526' };

describe('channels outbound', () => {
  describe('telegram', () => {
    it('puts choices in an inline keyboard, a short rating on one row', () => {
      const [p] = renderTelegram(msg({ choices: survey }));
      expect(p.reply_markup!.inline_keyboard).to.have.length(1);
      expect(p.reply_markup!.inline_keyboard[0]).to.deep.include({ text: '5', callback_data: 'c5' });
      const [w] = renderTelegram(msg({ choices: welcome }));
      expect(w.reply_markup!.inline_keyboard.map((r) => r.length)).to.deep.equal([1, 1, 1]);
    });
    it('adds links as URL buttons and splits long text, the keyboard on the last part', () => {
      const parts = renderTelegram(msg({ text: 'mot '.repeat(2000), choices: survey, links: [link] }));
      expect(parts).to.have.length(2);
      expect(parts[0].reply_markup).to.equal(undefined);
      expect(parts[1].reply_markup!.inline_keyboard.at(-1)).to.deep.equal([{ text: '🔗 Perceval', url: link.url }]);
      expect(parts.every((p) => p.text.length <= 4096)).to.equal(true);
    });
    it('numbers choices whose ids exceed 64 bytes of callback data', () => {
      const [p] = renderTelegram(msg({ choices: [{ id: 'x'.repeat(65), label: 'Long' }] }));
      expect(p.text).to.include('1. Long');
      expect(p.reply_markup).to.equal(undefined);
    });
  });

  describe('whatsapp cloud', () => {
    const one = (m: OutboundMessage) => renderWhatsappCloud('33612345678', m);
    it('uses reply buttons for up to 3 short labels', () => {
      const [p] = one(msg({ choices: choices(['Oui', 'Non']) })) as any[];
      expect(p.type).to.equal('interactive');
      expect(p.interactive.type).to.equal('button');
      expect(p.interactive.action.buttons[1]).to.deep.equal({ type: 'reply', reply: { id: 'c2', title: 'Non' } });
    });
    it('uses a list when a label is longer than 20 or there are more than 3 choices, up to 10 rows', () => {
      const [p] = one(msg({ choices: welcome })) as any[];
      expect(p.interactive.type).to.equal('list');
      const rows = p.interactive.action.sections[0].rows;
      expect(rows[1].title.length).to.be.at.most(24);
      expect(rows[1].description).to.equal('Je veux signaler quelque chose');
      expect(rows[0]).to.deep.equal({ id: 'c1', title: 'Je suis victime' });
      const [s] = one(msg({ choices: survey })) as any[];
      expect(s.interactive.action.sections[0].rows).to.have.length(5);
    });
    it('falls back to numbered text beyond 10 choices', () => {
      const [p] = one(msg({ choices: eleven })) as any[];
      expect(p.type).to.equal('text');
      expect(p.text.body).to.include('11. Sujet 11');
    });
    it('sends text with its links, and a long body before the interactive part', () => {
      const [t] = one(msg({ text: 'Réponse', links: [link] })) as any[];
      expect(t.text).to.deep.equal({ body: `Réponse\n\n🔗 Perceval : ${link.url}`, preview_url: true });
      const parts = one(msg({ text: 'mot '.repeat(400), choices: survey })) as any[];
      expect(parts.map((p) => p.type)).to.deep.equal(['text', 'interactive']);
      expect(parts[1].interactive.body.text.length).to.be.at.most(1024);
    });
  });

  describe('messenger', () => {
    it('uses quick replies (≤13) with the choice id as payload', () => {
      const [p] = renderMessenger('psid', msg({ choices: survey }));
      expect(p.message.quick_replies).to.have.length(5);
      expect(p.message.quick_replies![4]).to.deep.equal({ content_type: 'text', title: '5', payload: 'c5' });
      expect(p.recipient).to.deep.equal({ id: 'psid' });
    });
    it('numbers long labels in the text and cuts the titles to 20', () => {
      const [p] = renderMessenger('psid', msg({ choices: welcome }));
      expect(p.message.text).to.include('2. Je veux signaler quelque chose');
      expect(p.message.quick_replies!.every((q) => [...q.title].length <= 20)).to.equal(true);
    });
    it('falls back to numbered text beyond 13 choices, and splits at 2000', () => {
      const many = choices(Array.from({ length: 14 }, (_, i) => `S${i}`));
      const parts = renderMessenger('psid', msg({ text: 'mot '.repeat(600), choices: many }));
      expect(parts.every((p) => p.message.text.length <= 2000 && !p.message.quick_replies)).to.equal(true);
      expect(parts.at(-1)!.message.text).to.include('14. S13');
    });
  });

  describe('bot framework', () => {
    it('offers choices as imBack suggested actions carrying the label', () => {
      const [a] = renderBotFramework(msg({ choices: survey }));
      expect(a.suggestedActions!.actions[3]).to.deep.include({ type: 'imBack', title: '4', value: '4' });
    });
    it('numbers choices beyond what channels show as buttons', () => {
      const [a] = renderBotFramework(msg({ choices: eleven }));
      expect(a.suggestedActions).to.equal(undefined);
      expect(a.text).to.include('11. Sujet 11');
    });
    it('rebuilds a reference without any user', () => {
      const ref = referenceFor({ serviceUrl: 'http://127.0.0.1:1/', channelId: 'emulator', conversationId: 'c', botId: 'b' });
      expect(ref).to.deep.equal({ channelId: 'emulator', serviceUrl: 'http://127.0.0.1:1/', conversation: { id: 'c' }, bot: { id: 'b', name: '' } });
    });
  });

  describe('whatsapp web', () => {
    it('numbers the choices under the text, links included', () => {
      const [t] = renderWhatsappWeb(msg({ text: 'Notez', choices: survey, links: [link] }));
      expect(t).to.equal(`Notez\n\n🔗 Perceval : ${link.url}\n\n1 · 2 · 3 · 4 · 5`);
    });
    it('marks urgent messages', () => {
      expect(renderWhatsappWeb(msg({ text: 'Appelez le 17', urgent: true }))[0]).to.equal('🚨 Appelez le 17');
    });
  });

  describe("an agent's name", () => {
    const agent = (over: Partial<OutboundMessage> = {}) => msg({ from: 'agent', author: 'Gendarme Julie', text: 'Je vous écoute.', locale: 'fr', ...over });
    it('opens an agent message on every channel, the platform\u2019s way, and only an agent message', () => {
      const [t] = renderTelegram(agent());
      expect(t).to.deep.include({ text: 'Gendarme Julie\u00a0:\nJe vous écoute.', entities: [{ type: 'bold', offset: 0, length: 14 }] });
      expect((renderWhatsappCloud('336', agent())[0] as any).text.body).to.equal('*Gendarme Julie*\u00a0:\nJe vous écoute.');
      expect(renderWhatsappWeb(agent({ author: 'Brigadier *Léa*' }))[0]).to.equal('*Brigadier Léa*\u00a0:\nJe vous écoute.');
      expect(renderMessenger('psid', agent())[0].message.text).to.equal('Gendarme Julie\u00a0:\nJe vous écoute.');
      expect(renderBotFramework(agent({ locale: 'en' }))[0].text).to.equal('Gendarme Julie:\nJe vous écoute.');
      // The bot's and the hub's own messages, and an agent without a display name: unchanged.
      for (const other of [msg({ author: 'Gendarme Julie' }), msg({ from: 'system', author: 'X' }), agent({ author: undefined })]) {
        const [p] = renderTelegram(other);
        expect(p.text).to.equal(other.text);
        expect(p.entities).to.equal(undefined);
      }
    });
  });
});
