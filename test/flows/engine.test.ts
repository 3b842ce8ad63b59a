/** The dialogue as a pure function, table-tested on the real content. */
import { expect } from 'chai';
import { loadContent } from '../../src/content/load.js';
import type { Content } from '../../src/content/types.js';
import type { IntentId, TriageResult } from '../../src/core/triage.js';
import { FlowEngine, type DialogueState } from '../../src/flows/engine.js';
import { createPhrases } from '../../src/i18n/phrases.js';
import { CONTENT_DIR } from '../helpers/hub.js';

function triage(intent: IntentId, confidence = 0.9, extra: Partial<TriageResult> = {}): TriageResult {
  return { urgent: false, danger: 'none', intent, confidence, locale: 'fr', alternatives: [], ...extra };
}

describe('flow engine', () => {
  let content: Content;
  let engine: FlowEngine;
  let start: DialogueState;
  before(async () => {
    content = (await loadContent(CONTENT_DIR)).content!;
    engine = new FlowEngine(content, createPhrases(content.phrases), { confidenceThreshold: 0.45 });
    start = engine.welcome('fr').state;
  });

  it('welcomes in the requested language with the three entries', () => {
    const fr = engine.welcome('fr');
    const en = engine.welcome('en');
    expect(fr.replies[0].text).to.include('17').and.include('112');
    expect(en.replies[0].text).to.include('emergency');
    expect(fr.state.offered).to.deep.equal(['victim', 'report', 'information']);
  });

  it('follows a goto choice, then an answer choice, then offers feedback', () => {
    const victim = engine.handle(start, { kind: 'choice', choiceId: 'victim' });
    expect(victim.state.step).to.equal('victim');
    const answered = engine.handle(victim.state, { kind: 'choice', choiceId: 'fraude_carte' });
    expect(answered.answered).to.equal('fraude_carte');
    expect(answered.replies[0].links!.length).to.be.greaterThan(0);
    expect(answered.state.pending).to.equal('feedback');
    const yes = engine.handle(answered.state, { kind: 'choice', choiceId: 'feedback.yes' });
    expect(yes.helped).to.equal(true);
    const no = engine.handle(answered.state, { kind: 'choice', choiceId: 'feedback.no' });
    expect(no.handoff).to.deep.equal({ intent: 'autre', reason: 'not_helped' });
  });

  it('re-prompts politely on an unknown choice, keeping the same choices', () => {
    const out = engine.handle(start, { kind: 'choice', choiceId: 'nope' });
    expect(out.handoff).to.equal(undefined);
    expect(out.replies[0].choices!.map((c) => c.id)).to.deep.equal(['victim', 'report', 'information']);
    expect(out.state).to.deep.equal(start);
  });

  it('takes a typed digit or a typed label as the offered choice', () => {
    expect(engine.handle(start, { kind: 'text', text: '2', triage: triage('autre', 0.1) }).state.step).to.equal('report');
    expect(engine.handle(start, { kind: 'text', text: 'je suis VICTIME', triage: triage('autre', 0.1) }).state.step).to.equal('victim');
  });

  it('asks one clarifying question when unsure, then hands off', () => {
    const unsure = triage('vol', 0.2, {
      alternatives: [
        { intent: 'cambriolage', confidence: 0.15 },
        { intent: 'salutation', confidence: 0.1 },
      ],
    });
    const first = engine.handle(start, { kind: 'text', text: 'euh mon truc', triage: unsure });
    expect(first.state.pending).to.equal('clarify');
    expect(first.replies[0].choices!.map((c) => c.id)).to.deep.equal(['intent.vol', 'intent.cambriolage', 'clarify.none']);
    const second = engine.handle(first.state, { kind: 'text', text: 'toujours pas clair', triage: unsure });
    expect(second.handoff).to.deep.equal({ intent: 'vol', reason: 'unresolved' });
  });

  it('hands off at once for an urgent message or a request for a human', () => {
    expect(engine.handle(start, { kind: 'text', text: 'x', triage: triage('violences', 0.9, { urgent: true }) }).handoff).to.deep.equal({
      intent: 'violences',
      reason: 'urgent',
    });
    expect(engine.handle(start, { kind: 'text', text: 'x', triage: triage('agent') }).handoff).to.deep.equal({ intent: 'agent', reason: 'asked' });
  });

  it('on a possible danger shows the numbers and asks "are you in danger right now?"; Yes is urgent, No answers the message', () => {
    const asked = engine.handle(start, { kind: 'text', text: 'x', triage: triage('fraude_carte', 0.9, { danger: 'maybe' }) });
    expect(asked.handoff).to.equal(undefined);
    expect(asked.replies).to.have.length(1);
    expect(asked.replies[0].text).to.include('17').and.include('112').and.include('Êtes-vous en danger en ce moment ?');
    expect(asked.replies[0].urgent).to.equal(true);
    expect(asked.replies[0].choices!.map((c) => c.label)).to.deep.equal(['Oui', 'Non']);
    expect(asked.state.pending).to.equal('danger');

    const yes = engine.handle(asked.state, { kind: 'choice', choiceId: asked.replies[0].choices![0].id });
    expect(yes.handoff).to.deep.equal({ intent: 'fraude_carte', reason: 'urgent' });
    expect(yes.state.held).to.equal(undefined);

    const no = engine.handle(asked.state, { kind: 'choice', choiceId: asked.replies[0].choices![1].id });
    expect(no.handoff).to.equal(undefined);
    expect(no.answered).to.equal('fraude_carte');
    expect(no.replies[0].text).to.include('17');
    expect(no.state.pending).to.equal('feedback');

    // Typed rather than tapped (text-only channels), the answer is the same.
    expect(engine.handle(asked.state, { kind: 'text', text: 'oui', triage: triage('autre', 0.2) }).handoff?.reason).to.equal('urgent');
    // A second doubtful message before the answer is read for what it asks: one question, not two.
    const again = engine.handle(asked.state, { kind: 'text', text: 'y', triage: triage('vol', 0.9, { danger: 'maybe' }) });
    expect(again.answered).to.equal('vol');
  });

  it('takes a conversation whose step an editor removed back to the menu, politely, and still answers its questions', () => {
    const stale: DialogueState = { ...start, step: 'removed_step', offered: ['old_choice'] };
    const tapped = engine.handle(stale, { kind: 'choice', choiceId: 'old_choice' });
    expect(tapped.replies[0].text).to.match(/^Le menu a changé entre-temps/);
    expect(tapped.state.step).to.equal(content.flow.start);
    expect(engine.handle(stale, { kind: 'text', text: 'x', triage: triage('vol') }).answered).to.equal('vol');
  });

  it('counts a survey rating given as a button or a digit', () => {
    const survey = engine.survey(start);
    expect(survey.replies.at(-1)!.choices!.map((c) => c.label)).to.deep.equal(['1', '2', '3', '4', '5']);
    expect(engine.handle(survey.state, { kind: 'choice', choiceId: 'survey.5' }).survey).to.equal(5);
    expect(engine.handle(survey.state, { kind: 'text', text: '3', triage: triage('autre', 0.1) }).survey).to.equal(3);
  });

  it('takes a typed choice as the choice even when the model doubts it (a digit is no danger)', () => {
    // The model has nothing to read in "5" but its prior; with low thresholds that can be "maybe".
    const survey = engine.survey(start);
    const rated = engine.handle(survey.state, { kind: 'text', text: '5', triage: triage('autre', 0.1, { danger: 'maybe' }) });
    expect(rated.survey).to.equal(5);
    expect(rated.state.pending).to.not.equal('danger');
    const menu = engine.welcome('fr');
    const picked = engine.handle(menu.state, { kind: 'text', text: '2', triage: triage('autre', 0.1, { danger: 'maybe' }) });
    expect(picked.state.pending).to.not.equal('danger');
    expect(picked.replies.map((r) => r.text).join(' ')).to.not.include('Êtes-vous en danger');
    // The reading command is a command, not a doubt.
    const falc = engine.handle(menu.state, { kind: 'text', text: 'Texte facile à lire', triage: triage('autre', 0.1, { danger: 'maybe' }) });
    expect(falc.state.easyRead).to.equal(true);
    expect(falc.state.pending).to.not.equal('danger');
    // An answer to the bot's question of a place is that answer ("I am in …" reads like hiding to the model).
    const place = engine.handle(
      { ...start, pending: 'place' },
      { kind: 'text', text: 'I am in Saint-Quentin', triage: triage('cambriolage', 0.5, { danger: 'maybe' }) },
    );
    expect(place.state.pending).to.not.equal('danger');
    // Urgent stays first, whatever was offered.
    expect(
      engine.handle(survey.state, { kind: 'text', text: '5', triage: triage('violences', 0.9, { urgent: true, danger: 'now' }) }).handoff?.reason,
    ).to.equal('urgent');
  });

  it('answers text with a media notice for attachments', () => {
    const out = engine.handle(start, { kind: 'media' });
    expect(out.replies[0].text).to.match(/texte/);
  });
});
