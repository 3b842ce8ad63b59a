/** The citizen chooses the conversation's language: on a messaging app with a command ("/langue es",
 * or a language's own name alone), through the API with POST /conversations/{id}/locale. The bot
 * confirms in the new language and keeps to it; a short or unsure message keeps the current one. */
import { expect } from 'chai';
import { loadContent } from '../../src/content/load.js';
import type { Content } from '../../src/content/types.js';
import { languageCommand } from '../../src/hub/language-command.js';
import { createPhrases } from '../../src/i18n/phrases.js';
import { CONTENT_DIR, call, useTestHub } from '../helpers/hub.js';
import { TestChannel } from '../helpers/test-channel.js';

describe('choice of language', function () {
  this.timeout(30_000);
  let content: Content;
  before(async () => {
    content = (await loadContent(CONTENT_DIR)).content!;
  });

  describe('the command words (pure)', () => {
    const cases: [string, string | undefined][] = [
      ['/langue es', 'es'],
      ['/language en', 'en'],
      ['/Language EN', 'en'],
      ['langue español', 'es'],
      ['/idioma portugues', 'pt'],
      ['/sprache de@RelaisBot', 'de'], // Telegram adds the bot's name in groups
      ['español', 'es'],
      ['English', 'en'],
      ['العربية', 'ar'],
      ['Deutsch !', 'de'],
      ['Français', 'fr'],
      ['italiano', 'it'],
      ['es', undefined], // a bare code is an ordinary word ("es" is Spanish for "is")
      ['/langue xx', undefined],
      ['je parle español', undefined],
      ['langue', undefined],
    ];
    for (const [text, expected] of cases) {
      it(`${JSON.stringify(text)} → ${expected ?? 'not a command'}`, () => {
        expect(languageCommand(text, createPhrases(content.phrases))).to.equal(expected);
      });
    }
  });

  describe('on a messaging app (TestChannel)', () => {
    const running = useTestHub();
    let channel: TestChannel;
    before(async () => {
      channel = new TestChannel({ id: 'telegram' });
      await running.hub.app.hub.addChannel(channel);
    });
    const phrase = (key: string, locale: string) => content.phrases[key]![locale]!;

    it('"/langue es" switches to Spanish: the bot confirms in Spanish, offers the menu again in Spanish, and answers in Spanish', async () => {
      const opened = (await channel.say('ana', 'bonjour')) as { conversationId: string };
      const welcome = await channel.replies('ana', 1);
      expect(welcome.at(-1)!.text).to.include(content.flow.steps.get(content.flow.start)!.say.fr!.slice(0, 30));
      const count = channel.to('ana').length;
      await channel.say('ana', '/langue es');
      const after = await channel.replies('ana', count + 1);
      const confirmation = after.at(-1)!;
      expect(confirmation.text).to.equal(phrase('language_changed', 'es'));
      const entries = content.flow.steps.get(content.flow.start)!.choices.map((c) => c.label.es);
      expect(confirmation.choices?.map((c) => c.label)).to.deep.equal(entries);
      const conv = await running.hub.app.ctx.store.get(opened.conversationId);
      expect(conv?.locale).to.equal('es');
      expect(conv?.localeChosen).to.equal(true);
      // A short message in another language keeps the chosen one.
      await channel.say('ana', 'ok merci');
      const more = await channel.replies('ana', count + 2);
      expect(more.at(-1)!.locale).to.equal('es');
    });

    it('a language\u2019s own name alone ("العربية") switches too, and the confirmation is in Arabic', async () => {
      await channel.say('omar', 'hello');
      const count = (await channel.replies('omar', 1)).length;
      await channel.say('omar', 'العربية');
      const after = await channel.replies('omar', count + 1);
      expect(after.at(-1)!.text).to.equal(phrase('language_changed', 'ar'));
      expect(after.at(-1)!.locale).to.equal('ar');
    });

    it('a first message that is a language opens the conversation in it (the welcome in German)', async () => {
      await channel.say('greta', 'Deutsch');
      const replies = await channel.replies('greta', 2);
      expect(replies.map((r) => r.text)).to.include(phrase('language_changed', 'de'));
      const welcome = content.flow.steps.get(content.flow.start)!.say.de!;
      expect(replies.some((r) => r.text.includes(welcome.slice(0, 30)))).to.equal(true);
    });
  });

  describe('through the API', () => {
    const running = useTestHub();

    it('POST /conversations/{id}/locale → 200; the bot confirms in the language and answers in it even to French text', async () => {
      const url = running.hub.url;
      const { id, token } = (await call(`${url}/api/v1/conversations`, { body: { locale: 'fr' } })).body;
      const chosen = await call(`${url}/api/v1/conversations/${id}/locale`, { token, body: { locale: 'pt' } });
      expect(chosen).to.deep.include({ status: 200, body: { locale: 'pt' } });
      const after = (await call(`${url}/api/v1/conversations/${id}/messages`, { token })).body.messages;
      expect(after.at(-1).text).to.equal(content.phrases.language_changed!.pt);
      expect(after.at(-1).choices.map((c: { label: string }) => c.label)).to.deep.equal(
        content.flow.steps.get(content.flow.start)!.choices.map((c) => c.label.pt),
      );
      // Someone who chose Portuguese may still type in French: the bot keeps to Portuguese.
      const { seq } = (
        await call(`${url}/api/v1/conversations/${id}/messages`, { token, body: { text: 'comment faire une pré-plainte en ligne pour un vol ?' } })
      ).body;
      const deadline = Date.now() + 10_000;
      let answer: { text: string } | undefined;
      while (!answer && Date.now() < deadline) {
        const messages = (await call(`${url}/api/v1/conversations/${id}/messages?after=${seq}&wait=2000`, { token })).body.messages;
        answer = messages.find((m: { from: string }) => m.from === 'bot');
      }
      expect(answer, 'a bot answer').to.exist;
      const conv = await running.hub.app.ctx.store.get(id);
      expect(conv?.locale).to.equal('pt');
      const portuguese = [...content.knowledge.values()].map((k) => k.answer.pt!);
      const phrases = Object.values(content.phrases).map((p) => p.pt!);
      expect(
        [...portuguese, ...phrases].some((text) => answer!.text.startsWith(text.slice(0, 20))),
        answer!.text,
      ).to.equal(true);
    });

    it('refuses a language outside the seven (400), a wrong token (404) and a closed conversation (409)', async () => {
      const url = running.hub.url;
      const { id, token } = (await call(`${url}/api/v1/conversations`, { body: {} })).body;
      expect((await call(`${url}/api/v1/conversations/${id}/locale`, { token, body: { locale: 'tr' } })).status).to.equal(400);
      expect((await call(`${url}/api/v1/conversations/${id}/locale`, { token: 'nope', body: { locale: 'en' } })).status).to.equal(404);
      await call(`${url}/api/v1/conversations/${id}/close`, { method: 'POST', token });
      // The survey question is still a conversation: answering it closes it for good.
      const { seq } = (await call(`${url}/api/v1/conversations/${id}/messages`, { token, body: { choice: 'survey.4' } })).body;
      let closed = false;
      for (let i = 0; i < 10 && !closed; i++) {
        await call(`${url}/api/v1/conversations/${id}/messages?after=${seq}&wait=2000`, { token });
        closed = (await running.hub.app.ctx.store.get(id))?.mode === 'closed';
      }
      expect((await call(`${url}/api/v1/conversations/${id}/locale`, { token, body: { locale: 'en' } })).status).to.equal(409);
    });
  });
});
