/** "Prendre rendez-vous" in the flow engine, pure: the hub's station lookups come in as data. */
import { expect } from 'chai';
import { loadContent } from '../../src/content/load.js';
import type { TriageResult } from '../../src/core/triage.js';
import { type DialogueState, FlowEngine } from '../../src/flows/engine.js';
import { createPhrases } from '../../src/i18n/phrases.js';
import { CONTENT_DIR } from '../helpers/hub.js';

const text = (t: string, locale = 'fr'): { kind: 'text'; text: string; triage: TriageResult } => ({
  kind: 'text',
  text: t,
  triage: { urgent: false, danger: 'none', intent: 'autre', confidence: 0.2, locale, alternatives: [] },
});
const FOUND = [
  { id: 'gn-01-oyonnax', name: "Brigade d'Oyonnax", label: "Brigade d'Oyonnax — 4 Rue Anatole France, 01100 Oyonnax" },
  { id: 'gn-01-nantua', name: 'Brigade de Nantua', label: 'Brigade de Nantua — 2 Rue du Collège, 01130 Nantua' },
];

describe('appointment requests in the flow engine', () => {
  let engine: FlowEngine;
  let info: DialogueState;
  before(async () => {
    const content = (await loadContent(CONTENT_DIR)).content!;
    engine = new FlowEngine(content, createPhrases(content.phrases), { confidenceThreshold: 0.45 });
    info = engine.handle(engine.welcome('en').state, { kind: 'choice', choiceId: 'information' }).state;
  });

  it('asks again for a place no station matches, then takes the citizen\u2019s own words for the half-day', () => {
    const asked = engine.handle(info, { kind: 'choice', choiceId: 'appointment' }, { stationsAvailable: true });
    expect(asked.state.pending).to.equal('appointment_place');
    const again = engine.handle(asked.state, text('Atlantis'), { stationsAvailable: true, stationChoices: [] });
    expect(again.state.pending).to.equal('appointment_place');
    expect(again.replies[0].text).to.match(/^I could not find/);
    const offered = engine.handle(again.state, text('01100'), { stationsAvailable: true, stationChoices: FOUND });
    expect(offered.replies[0].choices?.map((c) => c.label)).to.deep.equal([FOUND[0].label, FOUND[1].label, 'Back to the menu']);
    // Typing the number of a station picks it, as on a text-only channel.
    const halfDay = engine.handle(offered.state, text('2'), { stationsAvailable: true });
    expect(halfDay.state.appointment).to.deep.equal({ station: { id: 'gn-01-nantua', name: 'Brigade de Nantua' } });
    expect(halfDay.replies[0].choices?.[9].label).to.equal('Friday afternoon');
    const done = engine.handle(halfDay.state, text('Thursday after 5 pm'), { stationsAvailable: true });
    expect(done.handoff).to.deep.equal({ intent: 'commissariat', reason: 'asked' });
    expect(done.notes).to.deep.equal([
      '📅 Demande de rendez-vous — lieu : Brigade de Nantua (gn-01-nantua) ; disponibilités : Thursday after 5 pm. Confirmez avec « Rendez-vous ».',
    ]);
    expect(done.replies[0].text).to.include('(Brigade de Nantua, Thursday after 5 pm)');
    expect(done.state.appointment).to.equal(undefined);
  });

  it('without a stations directory, goes straight to the half-days and leaves the place to the agent', () => {
    const asked = engine.handle(info, { kind: 'choice', choiceId: 'appointment' }, { stationsAvailable: false });
    expect(asked.state.pending).to.equal('appointment_half_day');
    const done = engine.handle(asked.state, { kind: 'choice', choiceId: 'halfday.wed_pm' });
    expect(done.notes?.[0]).to.include('à préciser');
    expect(done.notes?.[0]).to.include('Wednesday afternoon');
  });

  it('still hands an urgent message to agents at once', () => {
    const asked = engine.handle(info, { kind: 'choice', choiceId: 'appointment' }, { stationsAvailable: false });
    const urgent = engine.handle(asked.state, { ...text('...'), triage: { ...text('').triage, urgent: true, danger: 'now', intent: 'violences' } });
    expect(urgent.handoff).to.deep.equal({ intent: 'violences', reason: 'urgent' });
  });
});
