/** Text normalisation shared by every triage model: how people really write → one comparable form. */

/**
 * SMS shorthand and frequent misspellings, expanded to full words. Keys are already normalised
 * (lowercase, no accents). Expanding before feature extraction lets "jveux porter plainte stp"
 * share features with "je veux porter plainte s'il te plaît" from the knowledge phrases.
 */
const SHORTHAND: Record<string, string> = {
  // French
  jveux: 'je veux',
  jveu: 'je veux',
  jvx: 'je veux',
  jvoudrais: 'je voudrais',
  jvoudrai: 'je voudrais',
  jpeux: 'je peux',
  jpeu: 'je peux',
  jpx: 'je peux',
  jsuis: 'je suis',
  jsui: 'je suis',
  chui: 'je suis',
  chuis: 'je suis',
  jss: 'je suis',
  jai: 'j ai',
  jme: 'je me',
  jte: 'je te',
  jle: 'je le',
  jla: 'je la',
  jcherche: 'je cherche',
  jpense: 'je pense',
  jsais: 'je sais',
  jsp: 'je sais pas',
  jcrois: 'je crois',
  jvais: 'je vais',
  jvai: 'je vais',
  jdois: 'je dois',
  jfais: 'je fais',
  jentends: 'j entends',
  jpars: 'je pars',
  jvois: 'je vois',
  jcomprends: 'je comprends',
  stp: 's il te plait',
  svp: 's il vous plait',
  svpl: 's il vous plait',
  pk: 'pourquoi',
  pq: 'pourquoi',
  pkoi: 'pourquoi',
  pourkoi: 'pourquoi',
  cb: 'carte bancaire',
  tel: 'telephone',
  tél: 'telephone',
  portab: 'portable',
  qd: 'quand',
  kan: 'quand',
  qnd: 'quand',
  bcp: 'beaucoup',
  bcq: 'beaucoup',
  ya: 'il y a',
  yà: 'il y a',
  slt: 'salut',
  bjr: 'bonjour',
  bjour: 'bonjour',
  bonjoure: 'bonjour',
  bsr: 'bonsoir',
  mdp: 'mot de passe',
  koi: 'quoi',
  kwa: 'quoi',
  kel: 'quel',
  kelle: 'quelle',
  ki: 'qui',
  ke: 'que',
  keske: 'qu est ce que',
  cest: 'c est',
  ct: 'c etait',
  ds: 'dans',
  pr: 'pour',
  ns: 'nous',
  vs: 'vous',
  tt: 'tout',
  tte: 'toute',
  tts: 'tous',
  mm: 'meme',
  dc: 'donc',
  msg: 'message',
  msgs: 'messages',
  rdv: 'rendez vous',
  auj: 'aujourd hui',
  ajd: 'aujourd hui',
  aujd: 'aujourd hui',
  dsl: 'desole',
  mrc: 'merci',
  mci: 'merci',
  pb: 'probleme',
  pbm: 'probleme',
  pblm: 'probleme',
  qqn: 'quelqu un',
  qqun: 'quelqu un',
  qlq: 'quelque',
  qq: 'quelques',
  qqch: 'quelque chose',
  qqc: 'quelque chose',
  kelkun: 'quelqu un',
  nn: 'non',
  vrmt: 'vraiment',
  pa: 'pas',
  oqp: 'occupe',
  tjr: 'toujours',
  tjrs: 'toujours',
  ptet: 'peut etre',
  pcq: 'parce que',
  pck: 'parce que',
  psk: 'parce que',
  cmt: 'comment',
  cmnt: 'comment',
  comant: 'comment',
  cni: 'carte identite',
  keuf: 'police',
  keufs: 'police',
  flic: 'policier',
  flics: 'police',
  poulets: 'police',
  gendarm: 'gendarme',
  appart: 'appartement',
  comissariat: 'commissariat',
  commisariat: 'commissariat',
  comisariat: 'commissariat',
  asap: 'vite',
  urgen: 'urgent',
  mtn: 'maintenant',
  mnt: 'maintenant',
  ojd: 'aujourd hui',
  tkt: 't inquiete',
  // English
  u: 'you',
  ur: 'your',
  pls: 'please',
  plz: 'please',
  plse: 'please',
  thx: 'thanks',
  thks: 'thanks',
  tnx: 'thanks',
  ty: 'thank you',
  r: 'are',
  im: 'i am',
  ive: 'i have',
  cant: 'can not',
  dont: 'do not',
  doesnt: 'does not',
  didnt: 'did not',
  wont: 'will not',
  isnt: 'is not',
  wanna: 'want to',
  gonna: 'going to',
  gotta: 'got to',
  idk: 'i do not know',
  rn: 'right now',
  bc: 'because',
  cuz: 'because',
  coz: 'because',
  b4: 'before',
  '2day': 'today',
  tmrw: 'tomorrow',
  ppl: 'people',
  txt: 'text',
  cops: 'police',
  cop: 'police',
  hes: 'he is',
  shes: 'she is',
  theres: 'there is',
  whats: 'what is',
  lemme: 'let me',
  gimme: 'give me',
  // Spanish / Portuguese / Italian / German frequent shorthand
  xq: 'porque',
  pq_: 'porque',
  tb: 'tambien',
  tmb: 'tambien',
  vc: 'voce',
  voce: 'voce',
  obg: 'obrigado',
  nao: 'nao',
  grz: 'grazie',
  cmq: 'comunque',
  nich: 'nicht',
  hab: 'habe',
};

/** English auxiliaries before a split-off "n't" (keys are the part before the apostrophe). */
const NEGATED: Record<string, string> = {
  don: 'do not',
  doesn: 'does not',
  didn: 'did not',
  can: 'can not',
  won: 'will not',
  isn: 'is not',
  aren: 'are not',
  wasn: 'was not',
  weren: 'were not',
  couldn: 'could not',
  wouldn: 'would not',
  shouldn: 'should not',
  haven: 'have not',
  hasn: 'has not',
  hadn: 'had not',
  ain: 'is not',
  mustn: 'must not',
};

/** Emoji that mean laughter are kept as a word: they separate a joke from a cry for help. */
const LAUGH_EMOJI = /[\u{1F602}\u{1F923}\u{1F606}\u{1F605}\u{1F601}\u{1F604}\u{1F61C}\u{1F61D}\u{1F61B}\u{1F639}\u{1F638}\u{1F92A}\u{1F92D}\u{1F643}]/gu;

/** The SOS button emoji is a cry for help. */
const SOS_EMOJI = /\u{1F198}/gu;

/** Arabic letter variants that people type interchangeably (after diacritics are removed). */
const ARABIC_FOLD: Record<string, string> = { ة: 'ه', ى: 'ي', ـ: '', ؤ: 'و', ئ: 'ي' };

// Maps, not object literals: a token such as "constructor" must not find Object.prototype's.
const SHORTHAND_MAP = new Map<string, readonly string[]>(Object.entries(SHORTHAND).map(([k, v]) => [k, v.split(' ')]));
const NEGATED_MAP = new Map<string, readonly string[]>(Object.entries(NEGATED).map(([k, v]) => [k, v.split(' ')]));
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point: any character beyond it
const NON_ASCII = /[^\x00-\x7f]/;

/** Lowercase, strip accents and Arabic diacritics, expand SMS shorthand; returns the tokens. */
export function normalizeTokens(text: string): string[] {
  let s = text.toLowerCase();
  // Emoji, accents, "là" and Arabic letters are all outside ASCII: plain ASCII text skips those steps.
  if (NON_ASCII.test(s)) {
    s = s.replace(LAUGH_EMOJI, ' lol ').replace(SOS_EMOJI, ' sos ');
    // "là" (there/now) would collapse into the article "la" once accents go: keep it distinct.
    s = s.replace(/(^|[^\p{L}])là(?=$|[^\p{L}])/gu, '$1 icila ');
    s = s.replace(/ß/g, 'ss').replace(/œ/g, 'oe').replace(/æ/g, 'ae');
    s = s.replace(/[ةىـؤئ]/g, (c) => ARABIC_FOLD[c] ?? c);
    s = s.normalize('NFD').replace(/\p{M}/gu, '');
  }
  // Apostrophes and hyphens split words ("j'ai" → "j ai", "aidez-moi" → "aidez moi").
  s = s.replace(/[^\p{L}\p{N}]+/gu, ' ');
  // Stretched letters ("aideeeez", "helppp") are one letter; doubled ones ("appelle") stay.
  s = s.replace(/(\p{L})\1{2,}/gu, '$1');
  const out: string[] = [];
  for (const tok of s.split(' ')) {
    if (!tok) continue;
    // English "n't" was split off by the apostrophe rule: "can t" → "can not", "isn t" → "is not".
    if (tok === 't' && out.length > 0) {
      const neg = NEGATED_MAP.get(out[out.length - 1]!);
      if (neg !== undefined) {
        out.pop();
        for (const part of neg) out.push(part);
        continue;
      }
    }
    const expanded = SHORTHAND_MAP.get(tok);
    if (expanded !== undefined) {
      for (const part of expanded) out.push(part);
    } else {
      out.push(tok);
    }
  }
  return out;
}

/** The normalised text as one string (tokens joined by single spaces), for rule patterns. */
export function normalizeText(text: string): string {
  return normalizeTokens(text).join(' ');
}
