/** One failing fixture per validation rule editors rely on, with the message `relais validate` prints. */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadContent } from '../../src/content/load.js';
import { runRelais } from '../helpers/cli.js';
import { ROOT, copyContent } from '../helpers/hub.js';

type Edit = (dir: string) => void;

function yamlEdit(file: string, change: (value: any) => void): Edit {
  return (dir) => {
    const path = join(dir, file);
    const value = parse(readFileSync(path, 'utf8'));
    change(value);
    writeFileSync(path, stringify(value));
  };
}

/** rule → the edit that breaks it → the message expected (file:line: message, the line as a pattern). */
const RULES: [string, Edit, RegExp][] = [
  ['YAML syntax', (dir) => writeFileSync(join(dir, 'knowledge/intents/vol.yaml'), 'intent: vol\ntitle: [oops\n'), /^knowledge\/intents\/vol\.yaml:\d+: .*/],
  [
    'an unknown field',
    yamlEdit('flows/main.yaml', (v) => (v.steps.welcome.sya = { fr: 'x' })),
    /^flows\/main\.yaml:\d+: unknown field "sya" \(expected: say, choices, links\)$/,
  ],
  [
    'an unknown field in a topic',
    yamlEdit('knowledge/intents/vol.yaml', (v) => (v.anwser = 'x')),
    /^knowledge\/intents\/vol\.yaml:\d+: unknown field "anwser"/,
  ],
  [
    'a goto to a missing step',
    yamlEdit('flows/main.yaml', (v) => (v.steps.welcome.choices[0].goto = 'victime')),
    /^flows\/main\.yaml:\d+: step "welcome" goes to "victime", which does not exist$/,
  ],
  [
    'a step no path reaches',
    yamlEdit('flows/main.yaml', (v) => (v.steps.orphan = { say: v.steps.victim.say, choices: [] })),
    /^flows\/main\.yaml:\d+: step "orphan" is never reached: no choice from "welcome" leads to it$/,
  ],
  [
    'an intent id not in the contract',
    yamlEdit('flows/main.yaml', (v) => (v.steps.information.choices[0].answer = 'parking')),
    /^flows\/main\.yaml:\d+: "parking" is not an intent id of the triage contract$/,
  ],
  [
    'an intent without an answer',
    (dir) => rmSync(join(dir, 'knowledge/intents/recrutement.yaml')),
    /^knowledge\/intents\/recrutement\.yaml:1: intent "recrutement" has no knowledge file$/,
  ],
  [
    'a training phrase claimed by two intents',
    yamlEdit('knowledge/intents/vol.yaml', (v) => v.phrases.fr.push('Déposer une plainte !')),
    /^knowledge\/intents\/vol\.yaml:\d+: the phrase "Déposer une plainte !" is also a training phrase of "plainte": keep it in one topic$/,
  ],
  ['a missing translation', yamlEdit('knowledge/intents/vol.yaml', (v) => delete v.title.de), /^knowledge\/intents\/vol\.yaml:\d+: "title" has no "de" text$/],
  [
    'a link that is not https',
    yamlEdit('knowledge/intents/vol.yaml', (v) => (v.links[0].url = 'http://example.org/')),
    /^knowledge\/intents\/vol\.yaml:\d+: link url must be a full https:\/\/ address/,
  ],
  [
    'a placeholder the hub does not fill',
    yamlEdit('flows/phrases.yaml', (v) => (v.too_long.fr = 'Trop long : {{limit}} caractères au plus.')),
    /^flows\/phrases\.yaml:\d+: "\{\{limit\}\}" is not filled in by the hub in "too_long" \(it fills: \{\{max\}\}\)$/,
  ],
  [
    'an unknown field in a sub-answer',
    yamlEdit('knowledge/intents/autre.yaml', (v) => (v.answers[0].lien = 'x')),
    /^knowledge\/intents\/autre\.yaml:\d+: unknown field "lien" \(expected: id, title, answer, links, phrases\)$/,
  ],
  [
    'a missing translation in a sub-answer',
    yamlEdit('knowledge/intents/autre.yaml', (v) => delete v.answers[1].answer.it),
    /^knowledge\/intents\/autre\.yaml:\d+: "answer" has no "it" text$/,
  ],
  [
    'a sub-answer link that is not https',
    yamlEdit('knowledge/intents/autre.yaml', (v) => (v.answers[0].links[0].url = 'http://www.maprocuration.gouv.fr/')),
    /^knowledge\/intents\/autre\.yaml:\d+: link url must be a full https:\/\/ address/,
  ],
  [
    'a sub-answer phrase that is also a topic’s training phrase',
    yamlEdit('knowledge/intents/autre.yaml', (v) => v.answers[1].phrases.fr.push('Voiture à la fourrière')),
    /^knowledge\/intents\/autre\.yaml:\d+: the phrase "Voiture à la fourrière" is also a phrase of "autre": keep it in one topic$/,
  ],
  [
    'a phrase two sub-answers claim',
    yamlEdit('knowledge/intents/autre.yaml', (v) => v.answers[2].phrases.en.push('my car was towed')),
    /^knowledge\/intents\/autre\.yaml:\d+: the phrase "my car was towed" is also a phrase of "autre\/fourriere": keep it in one topic$/,
  ],
  [
    'a sub-answer with too few phrases',
    yamlEdit('knowledge/intents/autre.yaml', (v) => (v.answers[0].phrases.pt = v.answers[0].phrases.pt.slice(0, 2))),
    /^knowledge\/intents\/autre\.yaml:\d+: answer "procuration" needs at least 3 phrases in "pt" \(ways citizens ask for it\)$/,
  ],
  [
    'two sub-answers with one id',
    yamlEdit('knowledge/intents/autre.yaml', (v) => (v.answers[1].id = 'procuration')),
    /^knowledge\/intents\/autre\.yaml:\d+: answer id "procuration" is used twice in this file$/,
  ],
  ['invalid hours in service.yaml', yamlEdit('flows/service.yaml', (v) => (v.hours = { 'mon-sun': '08:00-25:00' })), /^flows\/service\.yaml:\d+: .*25:00/],
  ['an invalid date in service.yaml', yamlEdit('flows/service.yaml', (v) => (v.closed = ['2026-02-30'])), /^flows\/service\.yaml:\d+: .*2026-02-30/],
];

describe('content validation rules (one failing fixture each)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'relais-rules-'));
    copyContent(ROOT, dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const [rule, edit, expected] of RULES) {
    it(`reports ${rule}`, async () => {
      edit(dir);
      const { content, problems } = await loadContent(dir);
      const lines = problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
      expect(content, 'refused').to.equal(undefined);
      expect(
        lines.some((l) => expected.test(l)),
        lines.join('\n'),
      ).to.equal(true);
    });
  }

  it('prints them as file:line and exits non-zero through `relais validate`; a missing folder is one line', () => {
    yamlEdit('flows/main.yaml', (v) => (v.steps.welcome.choices[0].goto = 'victime'))(dir);
    const out = runRelais(['validate', dir]);
    expect(out.status).to.not.equal(0);
    expect(out.stdout + out.stderr).to.match(/flows\/main\.yaml:\d+: step "welcome" goes to "victime", which does not exist/);
    const missing = runRelais(['validate', join(dir, 'nowhere')]);
    expect(missing.status).to.not.equal(0);
    expect((missing.stdout + missing.stderr).trim().split('\n')).to.have.length(1);
  });
});
