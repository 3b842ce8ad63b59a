/** The flow engine's part in "where is the station?", pure: the hub's lookups come in as data. */
import { expect } from 'chai';
import { loadContent } from '../../src/content/load.js';
import type { IntentId, TriageResult } from '../../src/core/triage.js';
import { type DialogueState, FlowEngine } from '../../src/flows/engine.js';
import { createPhrases } from '../../src/i18n/phrases.js';
import { CONTENT_DIR } from '../helpers/hub.js';

function triage(intent: IntentId, confidence = 0.9, locale = 'fr'): TriageResult {
  return { urgent: false, danger: 'none', intent, confidence, locale, alternatives: [] };
}

describe('stations in the flow engine', () => {
  let engine: FlowEngine;
  let start: DialogueState;
  before(async () => {
    const content = (await loadContent(CONTENT_DIR)).content!;
    engine = new FlowEngine(content, createPhrases(content.phrases), { confidenceThreshold: 0.45 });
    start = engine.welcome('fr').state;
  });
  const ask = (text = 'où est le commissariat') => engine.handle(start, { kind: 'text', text, triage: triage('commissariat') }, { stationsAvailable: true });
  const nearby = { text: 'Les plus proches de 01100 : ...', links: [{ label: 'Plan', url: 'https://www.openstreetmap.org/' }] };

  it('gives the general answer when no station is imported', () => {
    const outcome = engine.handle(start, { kind: 'text', text: 'où est le commissariat', triage: triage('commissariat') });
    expect(outcome.answered).to.equal('commissariat');
    expect(outcome.replies[0].text).to.include('Ma Sécurité');
  });

  it('asks for a postcode or a commune, from a message or from the menu', () => {
    const asked = ask();
    expect(asked.state).to.include({ pending: 'place' });
    expect(asked.state.offered).to.deep.equal(['menu']);
    expect(asked.replies[0].text).to.match(/code postal/);
    expect(asked.answered).to.equal(undefined);
    const info = engine.handle(start, { kind: 'choice', choiceId: 'information' }, { stationsAvailable: true });
    expect(engine.handle(info.state, { kind: 'choice', choiceId: 'commissariat' }, { stationsAvailable: true }).state.pending).to.equal('place');
  });

  it('answers with the stations the hub found, then "did it help?", in the conversation\u2019s language', () => {
    const outcome = engine.handle(ask().state, { kind: 'text', text: 'Nantua', triage: triage('salutation', 0.5, 'es') }, { stationsAvailable: true, nearby });
    expect(outcome.answered).to.equal('commissariat');
    expect(outcome.replies.map((r) => r.text)).to.deep.equal([nearby.text, 'Cette réponse vous aide-t-elle ?']);
    expect(outcome.state).to.include({ pending: 'feedback', locale: 'fr' });
  });

  it('gives the general answer for a place no station matches', () => {
    const outcome = engine.handle(
      ask().state,
      { kind: 'text', text: 'Atlantis', triage: triage('salutation', 0.4) },
      { stationsAvailable: true, nearby: null },
    );
    expect(outcome.replies[0].text).to.match(/^Je n'ai trouvé aucun/);
    expect(outcome.replies[1].text).to.include('Ma Sécurité');
    expect(outcome.state.pending).to.equal('feedback');
  });

  it('answers another clear question for what it asks, and lets the citizen go back to the menu', () => {
    const other = engine.handle(
      ask().state,
      { kind: 'text', text: 'comment porter plainte', triage: triage('plainte') },
      { stationsAvailable: true, nearby: null },
    );
    expect(other.answered).to.equal('plainte');
    const menu = engine.handle(ask().state, { kind: 'choice', choiceId: 'menu' }, { stationsAvailable: true });
    expect(menu.state.step).to.equal('welcome');
    expect(menu.state.pending).to.equal(undefined);
  });

  it('still hands an urgent message to agents at once', () => {
    const urgent = engine.handle(
      ask().state,
      { kind: 'text', text: '...', triage: { ...triage('violences'), urgent: true, danger: 'now' } },
      { stationsAvailable: true, nearby: null },
    );
    expect(urgent.handoff).to.deep.equal({ intent: 'violences', reason: 'urgent' });
  });
});
