/** Loads flows/ and knowledge/ from a content directory and checks them as a whole. */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { CANNED_VARIABLES, checkFields, checkPhraseOwners, checkPlaceholders, checkReachable, unknownVariables } from './checks.js';
import { loadCorpus } from './corpus.js';

/** The facts the hub fills into step texts (FlowEngine's `facts`). */
const STEP_FACTS: readonly string[] = ['retention_hours'];
import { join } from 'node:path';
import { INTENT_IDS, isIntentId, type IntentId, SUPPORTED_LOCALES } from '../core/triage.js';

/** The languages everything a citizen reads must be written in (a missing one is a problem). */
const COMPLETE_LOCALES: readonly string[] = SUPPORTED_LOCALES;
import { EASY_READ_KEY } from '../i18n/phrases.js';
import { YamlFile } from './yaml-file.js';
import { defaultService, readServiceFile, SERVICE_FILE } from './service-file.js';
import { noRouting, readRouting } from './routing.js';
import { readWidgetStrings, WIDGET_FILE } from './widget-strings.js';
import { LEGAL_PAGES, LEGAL_PAGES_DIR, type LegalPage, type LegalPageName, readLegalPage } from './legal-pages.js';
import { forEachIdentified, isMapping, readLinks, readLocalizedText, readPhraseLists } from './validate.js';
import type {
  CannedAnswer,
  Content,
  ContentProblem,
  FlowChoice,
  FlowStep,
  KnowledgeEntry,
  LocalizedText,
  ServiceSettings,
  SubAnswer,
  UrgencyExamples,
} from './types.js';

/** The help centre's page chrome (src/help/pages.ts), in every language it is offered in. */
export const HELP_PHRASES = [
  'help_language_name',
  'help_language',
  'help_skip',
  'help_title',
  'help_intro',
  'help_search_label',
  'help_search_hint',
  'help_search_button',
  'help_results',
  'help_no_results',
  'help_topics',
  'help_links',
  'help_back',
  'help_chat',
  'help_footer',
  'legal_links',
  'help_not_found',
  'help_busy',
  'help_error',
] as const;

/** System phrases the hub needs; an editor may reword them but not remove them. */
export const REQUIRED_PHRASES = [
  'emergency_now',
  'danger_question',
  'danger_not_now',
  'danger_yes',
  'danger_no',
  'reprompt',
  'menu_changed',
  'did_it_help',
  'yes',
  'no',
  'back_to_menu',
  'clarify',
  'none_of_these',
  'handoff_waiting',
  'handoff_position',
  'agent_joined',
  'conversation_closed',
  'survey_question',
  'survey_thanks',
  'media_unsupported',
  'helped_glad',
  'too_long',
  'machine_translated',
  'translation_unavailable',
  'handoff_code',
  'handoff_after_hours',
  ...HELP_PHRASES,
  'stations_ask_place',
  'stations_nearest',
  'stations_distance',
  'stations_hours',
  'stations_map',
  'stations_not_found',
  'easy_read_on',
  'easy_read_off',
  'erase_command',
  'erased_confirmation',
  'language_command',
  'language_changed',
  'contact_received',
  'contact_mail_subject',
  'contact_mail_body',
  'appointment_ask_place',
  'appointment_place_not_found',
  'appointment_ask_station',
  'appointment_ask_half_day',
  'appointment_ask_half_day_anywhere',
  'appointment_morning',
  'appointment_afternoon',
  'appointment_requested',
  'appointment_confirmed',
  'appointment_calendar_link',
  'appointment_calendar_title',
] as const;

/** Reads and validates everything; `content` is set only when there is no problem. `replace` gives
 * the text of some files (e.g. `knowledge/canned.yaml`) instead of the disk's: a change checked
 * exactly as `relais validate` would once it is written. */
export async function loadContent(dir: string, options: { replace?: Record<string, string> } = {}): Promise<{ content?: Content; problems: ContentProblem[] }> {
  const replace = options.replace ?? {};
  const onDisk = [
    ...(await yamlFiles(dir, 'flows')),
    ...(await yamlFiles(dir, LEGAL_PAGES_DIR)),
    ...(await yamlFiles(dir, 'knowledge')),
    ...(await yamlFiles(dir, 'knowledge/intents')),
  ];
  const files = [...onDisk, ...Object.keys(replace).filter((f) => !onDisk.includes(f))];
  const hash = createHash('sha256');
  const parsed = await Promise.all(files.map((f) => (f in replace ? YamlFile.parse(replace[f], f) : YamlFile.read(join(dir, f), f))));
  for (const f of parsed) hash.update(f.file).update(JSON.stringify(f.value ?? null));
  const { corpus, problems: corpusProblems, raw } = await loadCorpus(dir);
  for (const part of raw) hash.update(part);

  const steps = new Map<string, FlowStep>();
  let start: { id: string; file: YamlFile } | undefined;
  let phrases: Record<string, LocalizedText> = {};
  let phrasesFile: YamlFile | undefined;
  const knowledge = new Map<IntentId, KnowledgeEntry>();
  let urgency: UrgencyExamples | undefined;
  let canned: CannedAnswer[] = [];
  let service: ServiceSettings = defaultService();
  let routing = noRouting();
  let widget: Record<string, LocalizedText> | undefined;
  const pages = new Map<LegalPageName, LegalPage>();

  for (const file of parsed) {
    const value = file.value;
    if (file.problems.length) continue;
    if (!isMapping(value) && !(file.file.endsWith('canned.yaml') && Array.isArray(value))) {
      file.problem([], 'the file must be a YAML mapping ("key: value" lines)');
      continue;
    }
    if (file.file === 'flows/phrases.yaml') {
      phrasesFile = file;
      phrases = readPhrases(file, value as Record<string, unknown>);
    } else if (file.file === WIDGET_FILE) {
      widget = readWidgetStrings(file, value as Record<string, unknown>, COMPLETE_LOCALES);
    } else if (file.file.startsWith(`${LEGAL_PAGES_DIR}/`)) {
      const page = readLegalPage(file, value);
      if (page) pages.set(page.name, page);
    } else if (file.file === SERVICE_FILE) {
      service = readServiceFile(file, value as Record<string, unknown>);
    } else if (file.file.startsWith('flows/')) {
      const flowStart = readFlowFile(file, value as Record<string, unknown>, steps);
      if (flowStart) {
        if (start) file.problem(['start'], `the start step is already set in ${start.file.file}`);
        else start = { id: flowStart, file };
      }
    } else if (file.file.startsWith('knowledge/intents/')) {
      const entry = readKnowledge(file, value as Record<string, unknown>);
      if (entry && knowledge.has(entry.intent)) {
        file.problem(['intent'], `intent "${entry.intent}" is already answered in ${knowledge.get(entry.intent)!.source}`);
      } else if (entry) knowledge.set(entry.intent, entry);
    } else if (file.file === 'knowledge/urgency.yaml') {
      const v = value as Record<string, unknown>;
      urgency = {
        urgent: readPhraseLists(file, ['urgent'], v.urgent),
        notUrgent: readPhraseLists(file, ['not_urgent'], v.not_urgent),
        source: file.file,
      };
    } else if (file.file === 'knowledge/canned.yaml') {
      canned = readCanned(file, value);
    } else if (file.file === 'knowledge/routing.yaml') {
      routing = readRouting(file, value as Record<string, unknown>);
    } else {
      file.problem([], 'unexpected file: knowledge/ holds intents/<intent>.yaml, urgency.yaml, canned.yaml and routing.yaml');
    }
  }

  const general: ContentProblem[] = [];
  if (!start) general.push({ file: 'flows/', line: 1, message: 'no flow file says "start: <step>"' });
  else if (!steps.has(start.id)) start.file.problem(['start'], `start step "${start.id}" does not exist`);
  else checkEasyWelcome(parsed, steps.get(start.id)!);
  checkReferences(parsed, steps, knowledge);
  if (start && steps.has(start.id)) checkReachable(parsed, steps, start.id);
  checkPhraseOwners(parsed, knowledge);
  checkPlaceholders(phrasesFile, phrases, parsed, steps, STEP_FACTS);
  for (const intent of INTENT_IDS) {
    if (!knowledge.has(intent)) general.push({ file: `knowledge/intents/${intent}.yaml`, line: 1, message: `intent "${intent}" has no knowledge file` });
  }
  if (!widget) general.push({ file: WIDGET_FILE, line: 1, message: "the web chat's strings file is missing" });
  for (const name of LEGAL_PAGES) {
    const source = `${LEGAL_PAGES_DIR}/${name}.yaml`;
    if (!pages.has(name) && !parsed.some((f) => f.file === source))
      general.push({ file: source, line: 1, message: `the page "/${name}" is missing (the footers link to it)` });
  }
  if (!urgency) general.push({ file: 'knowledge/urgency.yaml', line: 1, message: 'the urgency examples file is missing' });
  for (const key of REQUIRED_PHRASES) {
    if (!(key in phrases)) general.push({ file: 'flows/phrases.yaml', line: phrasesFile ? 1 : 1, message: `phrase "${key}" is missing` });
  }

  const problems = [...parsed.flatMap((f) => f.problems), ...corpusProblems, ...general];
  if (problems.length) return { problems };
  return {
    problems,
    content: {
      dir,
      flow: { start: start!.id, steps },
      phrases,
      knowledge,
      urgency: urgency!,
      corpus,
      canned,
      service,
      routing,
      widget: widget!,
      pages,
      version: hash.digest('hex').slice(0, 12),
    },
  };
}

async function yamlFiles(dir: string, sub: string): Promise<string[]> {
  try {
    const names = await readdir(join(dir, sub));
    return names
      .filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'))
      .sort()
      .map((n) => `${sub}/${n}`);
  } catch {
    return [];
  }
}

function readPhrases(file: YamlFile, value: Record<string, unknown>): Record<string, LocalizedText> {
  const phrases: Record<string, LocalizedText> = {};
  for (const [key, v] of Object.entries(value)) {
    // Agents' notes (note_*) and the mails forwarded to units (forward_*) are French and English;
    // everything a citizen reads is in the seven languages.
    const internal = key.startsWith('note_') || key.startsWith('forward_');
    const text = readLocalizedText(file, [key], v, internal ? ['fr', 'en'] : COMPLETE_LOCALES, { easyRead: internal ? 'no' : 'optional' });
    if (text) phrases[key] = text;
  }
  return phrases;
}

/** The welcome is what every citizen reads first: its easy-to-read text must be there. */
function checkEasyWelcome(files: YamlFile[], welcome: FlowStep): void {
  if (welcome.say[EASY_READ_KEY]) return;
  const file = files.find((f) => welcome.source.startsWith(`${f.file}:`));
  file?.problem(['steps', welcome.id, 'say'], `the welcome step "${welcome.id}" has no easy-to-read French text ("${EASY_READ_KEY}")`);
}

function readFlowFile(file: YamlFile, value: Record<string, unknown>, steps: Map<string, FlowStep>): string | undefined {
  checkFields(file, [], value, ['start', 'steps']);
  if (!isMapping(value.steps)) {
    file.problem(['steps'], 'a flow file needs "steps:" with one entry per step');
    return undefined;
  }
  for (const [id, raw] of Object.entries(value.steps)) {
    const at = ['steps', id];
    if (steps.has(id)) {
      file.problem(at, `step "${id}" is already defined in ${steps.get(id)!.source}`);
      continue;
    }
    if (!isMapping(raw)) {
      file.problem(at, `step "${id}" needs "say:" and optional "choices:"`);
      continue;
    }
    checkFields(file, at, raw, ['say', 'choices', 'links']);
    // Easy-to-read French is optional in a step; the welcome must have it (checked once the start is known).
    const say = readLocalizedText(file, [...at, 'say'], raw.say, COMPLETE_LOCALES, { easyRead: 'optional' });
    const choices = readChoices(file, [...at, 'choices'], raw.choices);
    const links = readLinks(file, [...at, 'links'], raw.links, COMPLETE_LOCALES);
    if (say) steps.set(id, { id, say, choices, links, source: `${file.file}:${file.lineOf(at)}` });
  }
  return typeof value.start === 'string' ? value.start : undefined;
}

function readChoices(file: YamlFile, path: (string | number)[], value: unknown): FlowChoice[] {
  const choices: FlowChoice[] = [];
  const list = { notAList: 'choices must be a list of "- id: ..." entries', entry: 'choice', scope: 'in this step', idPattern: /^[a-z0-9_.-]+$/ };
  forEachIdentified(file, path, value, list, (raw, at) => {
    checkFields(file, at, raw, ['id', 'label', 'goto', 'answer', 'handoff', 'appointment']);
    const label = readLocalizedText(file, [...at, 'label'], raw.label, COMPLETE_LOCALES);
    const actions = ['goto', 'answer', 'handoff', 'appointment'].filter((k) => raw[k] !== undefined);
    if (actions.length !== 1) {
      file.problem(at, `choice "${raw.id}" needs exactly one of goto, answer, handoff or appointment`);
      return;
    }
    if (raw.answer !== undefined && (typeof raw.answer !== 'string' || !isIntentId(raw.answer))) {
      file.problem([...at, 'answer'], `"${String(raw.answer)}" is not an intent id of the triage contract`);
      return;
    }
    if (raw.handoff !== undefined && raw.handoff !== true) {
      file.problem([...at, 'handoff'], 'handoff must be "true"');
      return;
    }
    if (raw.appointment !== undefined && raw.appointment !== true) {
      file.problem([...at, 'appointment'], 'appointment must be "true"');
      return;
    }
    if (raw.goto !== undefined && typeof raw.goto !== 'string') {
      file.problem([...at, 'goto'], 'goto must name a step');
      return;
    }
    if (label)
      choices.push({
        id: raw.id,
        label,
        goto: raw.goto as string | undefined,
        answer: raw.answer as IntentId | undefined,
        handoff: raw.handoff === true || undefined,
        appointment: raw.appointment === true || undefined,
      });
  });
  return choices;
}

function readKnowledge(file: YamlFile, value: Record<string, unknown>): KnowledgeEntry | undefined {
  const intent = value.intent;
  if (typeof intent !== 'string' || !isIntentId(intent)) {
    file.problem(['intent'], `"intent" must be one of the contract's ids (${INTENT_IDS.join(', ')})`);
    return undefined;
  }
  checkFields(file, [], value, ['intent', 'title', 'handoff', 'help', 'clarifies', 'answer', 'links', 'phrases', 'answers']);
  const expected = `knowledge/intents/${intent}.yaml`;
  if (file.file !== expected) file.problem(['intent'], `intent "${intent}" belongs in ${expected}`);
  const title = readLocalizedText(file, ['title'], value.title, COMPLETE_LOCALES);
  const answer = readLocalizedText(file, ['answer'], value.answer, COMPLETE_LOCALES, { easyRead: 'required' });
  const links = readLinks(file, ['links'], value.links, COMPLETE_LOCALES);
  const phrases = readPhraseLists(file, ['phrases'], value.phrases);
  if (!phrases.fr?.length || !phrases.en?.length) file.problem(['phrases'], `intent "${intent}" needs training phrases in fr and en`);
  if (value.handoff !== undefined && typeof value.handoff !== 'boolean') file.problem(['handoff'], 'handoff must be true or false');
  if (value.help !== undefined && typeof value.help !== 'boolean') file.problem(['help'], 'help must be true or false (false: not a help centre topic)');
  if (value.clarifies !== undefined && typeof value.clarifies !== 'boolean')
    file.problem(['clarifies'], 'clarifies must be true or false (true: the answer asks the citizen to say more)');
  const answers = readSubAnswers(file, value.answers);
  if (!title || !answer) return undefined;
  return {
    intent,
    title,
    answer,
    links,
    phrases,
    answers,
    clarifies: value.clarifies === true,
    handoff: value.handoff === true,
    help: value.help !== false,
    source: file.file,
  };
}

/** How many phrases a sub-answer needs per language: enough ways of asking for the matcher to recognise it. */
const SUB_ANSWER_PHRASES: Record<string, number> = { fr: 6, en: 4 };
const SUB_ANSWER_PHRASES_OTHERS = 3;

/** `answers:` — the narrower answers of an intent, each with its phrases; every text in the seven languages. */
function readSubAnswers(file: YamlFile, value: unknown): SubAnswer[] {
  const out: SubAnswer[] = [];
  const list = { notAList: 'answers must be a list of "- id: ..." entries', entry: 'answer', scope: 'in this file', idPattern: /^[a-z0-9_-]+$/ };
  forEachIdentified(file, ['answers'], value, list, (raw, at) => {
    checkFields(file, at, raw, ['id', 'title', 'answer', 'links', 'phrases']);
    const title = readLocalizedText(file, [...at, 'title'], raw.title, COMPLETE_LOCALES);
    const answer = readLocalizedText(file, [...at, 'answer'], raw.answer, COMPLETE_LOCALES, { easyRead: 'required' });
    const links = readLinks(file, [...at, 'links'], raw.links, COMPLETE_LOCALES);
    const phrases = readPhraseLists(file, [...at, 'phrases'], raw.phrases);
    for (const locale of COMPLETE_LOCALES) {
      const needed = SUB_ANSWER_PHRASES[locale] ?? SUB_ANSWER_PHRASES_OTHERS;
      if ((phrases[locale]?.length ?? 0) < needed)
        file.problem([...at, 'phrases'], `answer "${raw.id}" needs at least ${needed} phrases in "${locale}" (ways citizens ask for it)`);
    }
    if (title && answer) out.push({ id: raw.id, title, answer, links, phrases });
  });
  return out;
}

/** The agents' canned answers: an id, an optional category, the text in each language it is written
 * in (the console offers it in conversations in those languages), links; `{{agent}}`, `{{station}}`
 * and `{{code}}` are the only variables (filled when an agent inserts the answer). */
function readCanned(file: YamlFile, value: unknown): CannedAnswer[] {
  if (!Array.isArray(value)) {
    file.problem([], 'canned.yaml must be a list of "- id: ..." entries');
    return [];
  }
  const out: CannedAnswer[] = [];
  const seen = new Set<string>();
  value.forEach((raw, i) => {
    if (!isMapping(raw) || typeof raw.id !== 'string') {
      file.problem([i], 'each canned answer needs an "id"');
      return;
    }
    checkFields(file, [i], raw, ['id', 'category', 'text', 'links']);
    if (!CANNED_ID.test(raw.id)) file.problem([i, 'id'], `canned answer id "${raw.id}": lower-case letters, digits, "-" or "_" (at most 64)`);
    else if (seen.has(raw.id)) file.problem([i, 'id'], `canned answer id "${raw.id}" is used twice`);
    seen.add(raw.id);
    const category = raw.category;
    if (category !== undefined && (typeof category !== 'string' || !category.trim() || category.trim().length > 60))
      file.problem([i, 'category'], 'category must be a short text (1 to 60 characters), e.g. "Accueil"');
    const text = readLocalizedText(file, [i, 'text'], raw.text, []);
    if (text && !Object.keys(text).length) file.problem([i, 'text'], `canned answer "${raw.id}" has no text: give it in at least one language`);
    for (const [locale, value] of Object.entries(text ?? {})) {
      for (const name of unknownVariables(value, CANNED_VARIABLES))
        file.problem([i, 'text', locale], `"{{${name}}}" is not a canned answer variable (they are: ${CANNED_VARIABLES.map((v) => `{{${v}}}`).join(', ')})`);
    }
    const links = readLinks(file, [i, 'links'], raw.links, Object.keys(text ?? {}).slice(0, 1));
    if (text && Object.keys(text).length)
      out.push({ id: raw.id, ...(typeof category === 'string' && category.trim() ? { category: category.trim() } : {}), text, links });
  });
  return out;
}

const CANNED_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

function checkReferences(files: YamlFile[], steps: Map<string, FlowStep>, knowledge: Map<IntentId, KnowledgeEntry>): void {
  for (const step of steps.values()) {
    const file = files.find((f) => step.source.startsWith(`${f.file}:`))!;
    step.choices.forEach((choice, i) => {
      const at = ['steps', step.id, 'choices', i];
      if (choice.goto && !steps.has(choice.goto)) file.problem([...at, 'goto'], `step "${step.id}" goes to "${choice.goto}", which does not exist`);
      if (choice.answer && !knowledge.has(choice.answer)) file.problem([...at, 'answer'], `no knowledge file answers "${choice.answer}"`);
    });
  }
}
