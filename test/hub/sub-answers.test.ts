/** Sub-answers through the API, with the real triage: a precise `autre` question gets its answer and
 * link, then "did it help?"; a vague one gets the clarifying question, and a second an agent. */
import { expect } from 'chai';
import type { SubAnswer } from '../../src/content/types.js';
import { pickText } from '../../src/i18n/phrases.js';
import { call, useTestHub, waitForMessage } from '../helpers/hub.js';

describe('sub-answers through the API', function () {
  this.timeout(30_000);
  const running = useTestHub();

  function subAnswer(id: string): SubAnswer {
    return running.hub.app.ctx.runtime.current.content.knowledge.get('autre')!.answers.find((a) => a.id === id)!;
  }

  /** Opens a conversation in `locale`, sends `text`, returns the bot's replies to it. */
  async function ask(locale: string, text: string, conv?: { id: string; token: string }): Promise<{ conv: { id: string; token: string }; replies: any[] }> {
    const { url } = running.hub;
    conv ??= (await call(`${url}/api/v1/conversations`, { body: { locale } })).body;
    const base = `${url}/api/v1/conversations/${conv!.id}/messages`;
    const sent = (await call(base, { token: conv!.token, body: { text } })).body.seq;
    // The turn's last reply carries the choices (the feedback question, or the clarifying question's buttons).
    const last = await waitForMessage(url, conv!.id, conv!.token, (m) => m.from === 'bot' && m.seq > sent && m.choices?.length);
    const all = (await call(base, { token: conv!.token })).body.messages;
    return { conv: conv!, replies: all.filter((m: any) => m.from === 'bot' && m.seq > sent && m.seq <= last.seq) };
  }

  const CASES: [string, string, string][] = [
    ['fr', 'ma voiture a été mise en fourrière', 'fourriere'],
    ['fr', 'comment faire une procuration', 'procuration'],
    ['en', 'my car was towed away last night, how do I get it back?', 'fourriere'],
    ['en', 'how do I vote by proxy', 'procuration'],
    ['de', 'mein Auto wurde abgeschleppt', 'fourriere'],
    ['fr', "j'ai reçu une convocation au commissariat", 'convocation'],
  ];

  for (const [locale, text, id] of CASES) {
    it(`« ${text} » (${locale}) → the ${id} answer with its links, then "did it help?"`, async () => {
      const { phrases } = running.hub.app.ctx.runtime.current;
      const { replies } = await ask(locale, text);
      const sub = subAnswer(id);
      expect(replies[0].text).to.equal(pickText(sub.answer, locale));
      expect(replies[0].links ?? []).to.deep.equal(sub.links.map((l) => ({ label: pickText(l.label, locale), url: l.url })));
      expect(replies[1].text).to.equal(phrases.t('did_it_help', locale));
      expect(replies[1].choices.map((c: any) => c.id)).to.deep.equal(['feedback.yes', 'feedback.no', 'menu']);
    });
  }

  it('« j’ai une question » → the clarifying question; a second vague message → an agent', async () => {
    const { url, app } = running.hub;
    const { content, phrases } = app.ctx.runtime.current;
    const first = await ask('fr', "j'ai une question");
    expect(first.replies).to.have.length(1);
    expect(first.replies[0].text).to.equal(pickText(content.knowledge.get('autre')!.answer, 'fr'));
    expect(first.replies[0].choices.map((c: any) => c.id)).to.deep.equal(['clarify.agent', 'menu']);
    const base = `${url}/api/v1/conversations/${first.conv.id}/messages`;
    const sent = (await call(base, { token: first.conv.token, body: { text: "euh c'est compliqué" } })).body.seq;
    const handoff = await waitForMessage(url, first.conv.id, first.conv.token, (m) => m.from === 'bot' && m.seq > sent);
    expect(handoff.text.startsWith(phrases.t('handoff_waiting', 'fr'))).to.equal(true);
  });
});
