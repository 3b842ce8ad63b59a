/** Easy-to-read French in the dialogue, as a pure function on the real content: the welcome's
 * « Texte facile à lire » choice switches the welcome, the answers and the main phrases to their
 * FALC texts, « Texte habituel » switches back, and only French readers are offered it. */
import { expect } from 'chai';
import { loadContent } from '../../src/content/load.js';
import type { Content } from '../../src/content/types.js';
import type { TriageResult } from '../../src/core/triage.js';
import { type DialogueState, FlowEngine } from '../../src/flows/engine.js';
import { createPhrases } from '../../src/i18n/phrases.js';
import { CONTENT_DIR } from '../helpers/hub.js';

describe('flow engine: easy-to-read French', () => {
  let content: Content;
  let engine: FlowEngine;
  const phrase = (key: string, locale: 'fr' | 'fr_falc') => content.phrases[key]![locale]!;
  before(async () => {
    content = (await loadContent(CONTENT_DIR)).content!;
    engine = new FlowEngine(content, createPhrases(content.phrases), { confidenceThreshold: 0.45, facts: { retention_hours: 72 } });
  });

  const none = (): TriageResult => ({ urgent: false, danger: 'none', intent: 'autre', confidence: 0.1, locale: 'fr', alternatives: [] });
  const typed = (text: string) => ({ kind: 'text' as const, text, triage: none() });

  it('the welcome keeps its three entries (the contract); a French reader types « Texte facile à lire » or « FALC »', () => {
    expect(engine.welcome('fr').state.offered).to.deep.equal(['victim', 'report', 'information']);
    expect(engine.handle(engine.welcome('fr').state, typed('FALC')).state.easyRead).to.equal(true);
    // Not a command in another language.
    expect(engine.handle(engine.welcome('en').state, typed('FALC')).state.easyRead).to.not.equal(true);
  });

  it('choosing it says the welcome in easy-to-read, with its numbers and facts, and offers « Texte habituel »', () => {
    const out = engine.handle(engine.welcome('fr').state, typed('Texte facile à lire'));
    expect(out.state.easyRead).to.equal(true);
    const [welcome] = out.replies;
    expect(welcome!.text).to.equal(content.flow.steps.get('welcome')!.say.fr_falc!.replace('{{retention_hours}}', '72'));
    for (const n of ['17', '112', '15', '18', '114']) expect(welcome!.text).to.match(new RegExp(`\\b${n}\\b`));
    expect(welcome!.choices!.map((c) => c.id)).to.deep.equal(['victim', 'report', 'information']);
  });

  it('then the entry steps, an answer and "did it help?" come in easy-to-read; the links stay', () => {
    let state = engine.handle(engine.welcome('fr').state, typed('Texte facile à lire')).state;
    const victim = engine.handle(state, { kind: 'choice', choiceId: 'victim' });
    expect(victim.replies[0]!.text).to.equal(content.flow.steps.get('victim')!.say.fr_falc);
    state = victim.state;
    const answered = engine.handle(state, { kind: 'choice', choiceId: 'vol' });
    const vol = content.knowledge.get('vol')!;
    expect(answered.replies[0]!.text).to.equal(vol.answer.fr_falc);
    expect(answered.replies[0]!.links!.map((l) => l.url)).to.deep.equal(vol.links.map((l) => l.url));
    expect(answered.replies[1]!.text).to.equal(phrase('did_it_help', 'fr_falc'));
    // Asking for an agent: the hand-off notice in easy-to-read too.
    const handoff = engine.handle(answered.state, { kind: 'choice', choiceId: 'feedback.no' });
    expect(handoff.replies[0]!.text).to.equal(phrase('handoff_waiting', 'fr_falc'));
  });

  it('the danger question comes in easy-to-read, with every emergency number', () => {
    const state: DialogueState = { ...engine.welcome('fr').state, easyRead: true };
    const doubt: TriageResult = { urgent: false, danger: 'maybe', intent: 'violences', confidence: 0.8, locale: 'fr', alternatives: [] };
    const out = engine.handle(state, { kind: 'text', text: 'il me suit', triage: doubt });
    expect(out.replies[0]!.text).to.equal(phrase('danger_question', 'fr_falc'));
    for (const n of ['17', '112', '15', '18', '114', '3114']) expect(out.replies[0]!.text).to.include(n);
  });

  it('« Texte habituel » switches back; a reader of another language gets their own text, flag or not', () => {
    const easy = engine.handle(engine.welcome('fr').state, typed('Texte facile à lire')).state;
    const usual = engine.handle(easy, typed('Texte habituel'));
    expect(usual.state.easyRead).to.equal(false);
    expect(usual.replies[0]!.text).to.include(content.flow.steps.get('welcome')!.say.fr!.split('\n')[0]!);
    expect(usual.replies[0]!.choices!.map((c) => c.id)).to.deep.equal(['victim', 'report', 'information']);
    const english = engine.handle({ ...easy, locale: 'en' }, { kind: 'choice', choiceId: 'victim' });
    expect(english.replies[0]!.text).to.equal(content.flow.steps.get('victim')!.say.en);
  });

  it('typed without accents or capitals it still switches; a number picks an entry, not the reading', () => {
    const start = engine.welcome('fr').state;
    expect(engine.handle(start, typed('texte facile a lire')).state.easyRead).to.equal(true);
    expect(engine.handle(start, typed('4')).state.easyRead).to.not.equal(true);
  });

  it('a switch outside a turn says the menu again in the new reading, but never over a pending question', () => {
    const start = engine.welcome('fr').state;
    const changed = engine.changeReading(start, true);
    expect(changed.replies[0]!.text).to.include('Vous parlez avec la police et la gendarmerie.');
    const asking: DialogueState = { ...start, pending: 'danger', offered: ['danger.yes', 'danger.no'] };
    const kept = engine.changeReading(asking, true);
    expect(kept.replies).to.deep.equal([]);
    expect(kept.state).to.deep.equal({ ...asking, easyRead: true });
  });
});
