/** Every complete language through the API: the welcome, a frequent answer with its link (reached
 * through the menu, so that the check is the content's and not the triage's), the hand-off notice
 * and the survey come in the citizen's language; a Spanish question with no locale is answered in
 * Spanish. The same in the web chat, in Chromium: test/web/widget-i18n.test.ts. */
import { expect } from 'chai';
import type { IntentId } from '../../src/core/triage.js';
import { pickText } from '../../src/i18n/phrases.js';
import { call, useTestHub, waitForMessage } from '../helpers/hub.js';

const LOCALES = ['fr', 'en', 'es', 'ar', 'de', 'pt', 'it'];

describe('seven languages through the API', function () {
  this.timeout(30_000);
  const running = useTestHub();

  for (const locale of LOCALES) {
    it(`serves a citizen in ${locale}: welcome, answer with its link, hand-off notice, survey`, async () => {
      const { url, app } = running.hub;
      const { content, phrases } = app.ctx.runtime.current;
      const { body: conv } = await call(`${url}/api/v1/conversations`, { body: { locale } });
      const base = `${url}/api/v1/conversations/${conv.id}/messages`;
      const welcome = (await call(base, { token: conv.token })).body.messages[0];
      expect(welcome.text.slice(0, 30)).to.equal(pickText(content.flow.steps.get(content.flow.start)!.say, locale).slice(0, 30));
      const victim = (await call(base, { token: conv.token, body: { choice: 'victim' } })).body.seq;
      const step = await waitForMessage(url, conv.id, conv.token, (m) => m.from === 'bot' && m.seq > victim);
      expect(step.text).to.equal(pickText(content.flow.steps.get('victim')!.say, locale));
      const asked = (await call(base, { token: conv.token, body: { choice: 'vol' } })).body.seq;
      const answer = await waitForMessage(url, conv.id, conv.token, (m) => m.from === 'bot' && m.seq > asked);
      const entry = content.knowledge.get('vol' as IntentId)!;
      expect(answer.text).to.equal(pickText(entry.answer, locale));
      expect(answer.links?.length).to.be.greaterThan(0);
      expect(answer.links[0]).to.deep.equal({ label: entry.links[0]!.label[locale], url: entry.links[0]!.url });
      const help = await waitForMessage(url, conv.id, conv.token, (m) => m.seq > answer.seq && m.choices?.length);
      await call(base, { token: conv.token, body: { choice: 'feedback.no' } });
      // The hand-off message ends with the follow-up code (and, out of hours, says when agents are back first).
      const handoff = await waitForMessage(url, conv.id, conv.token, (m) => m.seq > help.seq && m.text.startsWith(phrases.t('handoff_waiting', locale)));
      const code = /[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}/.exec(handoff.text)![0];
      expect(handoff.text.endsWith(phrases.t('handoff_code', locale, { code }))).to.equal(true);
      await call(`${url}/api/v1/conversations/${conv.id}/close`, { token: conv.token, body: {} });
      await waitForMessage(url, conv.id, conv.token, (m) => m.text === phrases.t('survey_question', locale));
    });
  }

  it('answers a Spanish question with no locale given in Spanish', async () => {
    const { url, app } = running.hub;
    const { body: conv } = await call(`${url}/api/v1/conversations`, { body: {} });
    const asked = (
      await call(`${url}/api/v1/conversations/${conv.id}/messages`, {
        token: conv.token,
        body: { text: 'Me han robado el móvil en el metro, ¿cómo denuncio el robo?' },
      })
    ).body.seq;
    const answer = await waitForMessage(url, conv.id, conv.token, (m) => m.from === 'bot' && m.seq > asked);
    expect(answer.text).to.equal(pickText(app.ctx.runtime.current.content.knowledge.get('vol' as IntentId)!.answer, 'es'));
  });
});
