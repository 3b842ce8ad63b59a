/** Sub-answers (`answers:` in a knowledge file): which one a message asks for, and the dialogue around
 * them, on the real content (knowledge/intents/autre.yaml). */
import { expect } from 'chai';
import { loadContent } from '../../src/content/load.js';
import type { Content, KnowledgeEntry } from '../../src/content/types.js';
import type { IntentId, TriageResult } from '../../src/core/triage.js';
import { type DialogueState, FlowEngine } from '../../src/flows/engine.js';
import { matchSubAnswer, SUB_ANSWER_THRESHOLD } from '../../src/flows/sub-answers.js';
import { createPhrases } from '../../src/i18n/phrases.js';
import { CONTENT_DIR } from '../helpers/hub.js';

function triage(intent: IntentId, locale = 'fr', confidence = 0.9): TriageResult {
  return { urgent: false, danger: 'none', intent, confidence, locale, alternatives: [] };
}

/** Messages not among the phrases, and the sub-answer each asks for. */
const ASKS: [string, string][] = [
  ['ma voiture a été mise en fourrière', 'fourriere'],
  ['ma voiture est à la fourrière', 'fourriere'],
  ['Bonjour, ma voiture a été enlevée hier soir devant chez moi, je fais comment pour la récupérer ?', 'fourriere'],
  ['comment faire une procuration ?', 'procuration'],
  ["j'ai reçu une convocation au commissariat", 'convocation'],
  ['je suis convoquée à la gendarmerie mardi', 'convocation'],
  ['my car got towed', 'fourriere'],
  ['how do I vote by proxy', 'procuration'],
  ['I got a summons from the police', 'convocation'],
  ['mi coche se lo llevó la grúa', 'fourriere'],
  ['cómo hacer una procuración para votar', 'procuration'],
  ['mein Auto wurde abgeschleppt', 'fourriere'],
  ['mon frère se radicalise', 'radicalisation'],
  ["je suis victime, qui peut m'aider", 'victimes'],
];

/** Vague messages, or `autre` questions no sub-answer covers: the intent's own answer. */
const VAGUE = [
  "j'ai une question",
  'I have a question',
  'I need help',
  "besoin d'aide",
  'je voudrais une information',
  "c'est à propos de mon dossier",
  'tengo una pregunta',
  'ich habe eine Frage',
  'ho una domanda',
  'tenho uma pergunta',
  'عندي سؤال',
  'je veux signaler quelque chose',
  'mon proche a disparu',
  'mon fils est en garde à vue',
  'abandonner une arme',
  'une question sur ma voiture',
  'euh',
];

describe('sub-answers', () => {
  let content: Content;
  let autre: KnowledgeEntry;
  let engine: FlowEngine;
  let start: DialogueState;
  before(async () => {
    content = (await loadContent(CONTENT_DIR)).content!;
    autre = content.knowledge.get('autre')!;
    engine = new FlowEngine(content, createPhrases(content.phrases), { confidenceThreshold: 0.45 });
    start = engine.welcome('fr').state;
  });

  it('autre carries procuration, fourrière, convocation, radicalisation and victim support', () => {
    expect(autre.answers.map((a) => a.id)).to.have.members(['procuration', 'fourriere', 'convocation', 'radicalisation', 'victimes']);
    expect(autre.clarifies).to.equal(true);
  });

  for (const [text, id] of ASKS) {
    it(`« ${text} » asks for ${id}`, () => {
      expect(matchSubAnswer(content, autre, text)?.answer.id).to.equal(id);
    });
  }

  it('vague messages, and autre questions no sub-answer covers, match none (all under the threshold)', () => {
    for (const text of VAGUE) {
      const best = matchSubAnswer(content, autre, text, 0);
      expect(best?.score ?? 0, text).to.be.below(SUB_ANSWER_THRESHOLD);
    }
  });

  it('a sub-answer is said with its links, then "did it help?"', () => {
    const out = engine.handle(start, { kind: 'text', text: 'ma voiture a été mise en fourrière', triage: triage('autre') });
    expect(out.replies[0].text).to.include('fourrière').and.include('avis d');
    expect(out.replies[0].links?.map((l) => l.url)).to.deep.equal(['https://lannuaire.service-public.fr/']);
    expect(out.replies[1].text).to.equal('Cette réponse vous aide-t-elle ?');
    expect(out.state.pending).to.equal('feedback');
    expect(out.answered).to.equal('autre');
  });

  it('in English and Spanish, in the citizen’s language', () => {
    const en = engine.handle(start, { kind: 'text', text: 'how do I vote by proxy', triage: triage('autre', 'en') });
    expect(en.replies[0].text).to.include('maprocuration.gouv.fr').and.include('any police station');
    expect(en.replies[0].links?.[0]?.url).to.equal('https://www.maprocuration.gouv.fr/');
    const es = engine.handle(start, { kind: 'text', text: 'mi coche se lo llevó la grúa', triage: triage('autre', 'es') });
    expect(es.replies[0].text).to.include('depósito');
  });

  it('a vague autre gets the clarifying question (officer or menu); a second one goes to an agent', () => {
    const asked = engine.handle(start, { kind: 'text', text: "j'ai une question", triage: triage('autre') });
    expect(asked.replies).to.have.length(1);
    expect(asked.replies[0].text).to.match(/^Pouvez-vous préciser votre demande/);
    expect(asked.replies[0].text).not.to.include('procuration');
    expect(asked.replies[0].choices?.map((c) => c.id)).to.deep.equal(['clarify.agent', 'menu']);
    expect(asked.answered).to.equal(undefined);
    const again = engine.handle(asked.state, { kind: 'text', text: 'euh bah je sais pas', triage: triage('autre') });
    expect(again.handoff).to.deep.equal({ intent: 'autre', reason: 'unresolved' });
  });

  it('after the clarifying question, a precise message gets its sub-answer', () => {
    const asked = engine.handle(start, { kind: 'text', text: "j'ai une question", triage: triage('autre') });
    const precise = engine.handle(asked.state, { kind: 'text', text: 'comment faire une procuration', triage: triage('autre') });
    expect(precise.replies[0].text).to.include('maprocuration.gouv.fr');
    expect(precise.state.clarifyCount).to.equal(0);
  });

  it('a doubtful message keeps its sub-answer through "are you in danger right now?" (« enlevée »: taken away, or kidnapped)', () => {
    const text = 'ma voiture a été enlevée par la fourrière';
    const asked = engine.handle(start, { kind: 'text', text, triage: { ...triage('autre'), danger: 'maybe' } });
    expect(asked.state.pending).to.equal('danger');
    expect(asked.state.held?.subAnswer).to.equal('fourriere');
    const no = engine.handle(asked.state, { kind: 'choice', choiceId: 'danger.no' });
    expect(no.replies[1].text).to.equal(autre.answers.find((a) => a.id === 'fourriere')!.answer.fr);
  });

  it('the easy-to-read reader gets the sub-answer in easy-to-read French', () => {
    const out = engine.handle({ ...start, easyRead: true }, { kind: 'text', text: 'comment faire une procuration', triage: triage('autre') });
    expect(out.replies[0].text).to.include('Vous recevez un code de 6 lettres et chiffres.');
  });
});
