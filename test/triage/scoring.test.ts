/** The learned triage scores a message by linearity (kept per-token scores): the same verdicts as reading every weight row. */
import { expect } from 'chai';
import { FeatureExtractor } from '../../src/triage/model/features.js';
import { LearnedTriage } from '../../src/triage/model/learned-triage.js';
import { RECOMMENDED_OPTIONS } from '../../src/triage/model/recommended.js';
import { loadTriageContent, normalizeTokens, trainingSetsOf } from '../../src/triage/index.js';
import { ROOT, readData } from './trained.js';

describe('triage: scoring by kept token scores', function () {
  this.timeout(120_000);

  it('gives the probabilities of a full read of the weights, on every labelled test message', async () => {
    const { content } = await loadTriageContent(ROOT);
    const sets = trainingSetsOf(content);
    // A smaller model is enough to compare two ways of scoring it.
    const model = LearnedTriage.train(sets.danger.slice(0, 4000), sets.intents.slice(0, 4000), RECOMMENDED_OPTIONS);
    const direct = new FeatureExtractor(RECOMMENDED_OPTIONS.features);
    const texts = [
      ...readData<{ text: string }>('intents-test.jsonl').map((r) => r.text),
      ...readData<{ urgent: string; lookalike: string }>('urgency-pairs.jsonl').flatMap((r) => [r.urgent, r.lookalike]),
    ];
    expect(texts.length).to.be.above(1000);
    let worst = 0;
    const differ: string[] = [];
    // Twice over: the second pass scores every token from its kept scores.
    for (const text of [...texts, ...texts]) {
      const tokens = normalizeTokens(text);
      const x = direct.extract(tokens, 'fr');
      const danger = model.danger.predict(x);
      const intent = model.intent.predict(x);
      const verdict = model.classifyTokens(tokens, 'fr');
      worst = Math.max(worst, Math.abs(verdict.pNow - danger[2]!), Math.abs(verdict.pMaybe - danger[1]!));
      for (let k = 0; k < intent.length; k++) worst = Math.max(worst, Math.abs(verdict.intentProbs[k]! - intent[k]!));
      const best = intent.indexOf(Math.max(...intent));
      if (verdict.intent !== model.intentIds[best]) differ.push(text);
    }
    expect(worst).to.be.below(1e-5);
    expect(differ).to.deep.equal([]);
  });
});
