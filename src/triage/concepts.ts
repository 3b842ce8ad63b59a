/**
 * A multilingual concept lexicon: words of seven languages mapped to shared concept features, so
 * the many French and English training phrases teach the model what "Diebstahl", "robo" or "سرقة"
 * mean without thousands of phrases per language. Entries are normalised words (see normalize.ts);
 * `word*` matches a prefix, `~word` a substring (Arabic glues articles and pronouns to words).
 */
const LEXICON: Record<string, string> = {
  steal: `vol vols vole volee voles volees voler volent voleur voleurs voleuse derobe* arrache* pickpocket*
    stole stolen steal* theft thief thieves robbed snatch* robo robar* robaron robad* robo ladron*
    gestohlen geklaut klau* diebstahl* dieb diebe rubat* ruba* furto furti ladro ladri roub* furtad* ladrao ~سرق ~لص ~حرامي`,
  burglary: `cambriol* effraction fractur* burgl* break broke broken breakin einbruch* eingebrochen einbrech*
    svaligi* scassin* arromb* desvalij* otv tranquillite vacances ~اقتحام ~سطو`,
  card: `carte* bancaire cb visa mastercard card cards tarjeta* karte bankkarte kreditkarte cartao carta ~بطاق`,
  payment: `debit* preleve* prelevement* achat achats paiement* transaction* charge charges charged purchase*
    payment* cargo* compra* pago* abbuchung* abgebucht zahlung* pagament* acquist* addebit* ~مشتريات ~مدفوعات ~خصم`,
  perceval: `perceval opposition bloque bloquer blocked block`,
  scam: `arnaq* arnak* escroq* escroc* hameconn* phishing scam* scammer* conned fraudul* estafa* timo betrug* betrog*
    truff* burla* burlad* golpe enganad* ~احتيال ~نصب thesee sextorsion sextortion chantage blackmail* ranson* ransomware rancon*`,
  online: `internet ligne online site web leboncoin vinted facebook instagram insta snapchat snap tiktok whatsapp telegram
    twitter youtube reseau reseaux sociaux social marketplace mail email mails sms lien link ~انترنت ~الانترنت`,
  illegal_content: `terror* djihad* jihad* apologie propagande pedoporn* pedocrim* pedophil* haine haineux haineuse racist*
    antisemit* homophob* pharos incit* hate extremis* odio hass hetze terrorism* ~كراهي ~ارهاب ~إرهاب`,
  partner: `conjug* conjoint* mari marido compagnon compagne copain copine ex husband wife boyfriend girlfriend partner
    pareja esposo ehemann freund marito compagno ~زوج`,
  sexual: `viol violee violees violer sexuel* sexuelle sexiste* attouch* inceste rape raped sexual* grope* groped
    violacion violada vergewalt* sexuell* stupr* violentat* violenza estupr* abus* abuse* abused ~اغتصاب ~جنسي`,
  hit: `frappe frapper frappait frappee frappes bat battre battu battue cogne* gifl* coups hit hits hitting beat* punch*
    pega pegado golpe* schlag* schlaegt schlagt pruegel* picchi* bate* agress* assault* aggredi* violence* violent*
    ~ضرب ~يعنف ~عنف`,
  harass: `harcel* harass* bully* bullied cyberharcel* cyberbull* acos* belaestig* belastig* mobbing molest* persegu* assedi*
    bullismo cyberbullismo stalker stalking traque ~تحرش ~تنمر ~يزعج`,
  lost: `perdu perdue perdus perte egare* paume* lost lose losing perdi perdido perdida verloren perso persa smarrit* ~ضاع ~فقدت ~ضياع ~مفقود`,
  id_doc: `passeport* identite cni papiers titre sejour passport* id identity documents document pasaporte documento dni
    ausweis personalausweis reisepass pass passaporto identita passaporte cidadao residencia residence ~جواز ~هوي ~وثائق ~اقامه`,
  home: `maison appartement domicile logement chez home house flat apartment casa piso wohnung haus appartamento
    apartamento ~منزل ~بيت ~شقه`,
  neighbour: `voisin* neighbo* vecin* nachbar* vicin* vizinh* ~جار ~جيران`,
  noise: `bruit* tapage musique fete soiree noise noisy loud music party ruido musica laerm larm laut rumore barulho ~ضجيج ~موسيق`,
  drugs: `drogue* deal deale dealer* dealeur* stup stups stupefiant* cannabis shit weed coke cocaine crack trafic trafiquant*
    drug drugs droga* camello drogen spaccio spacciat* trafico ~مخدرات ~حشيش`,
  station: `commissariat* gendarmerie* brigade poste comisaria polizeiwache wache revier polizeirevier questura esquadra delegacia ~مركز ~الدرك`,
  hours: `horaire* ouvert ouverte ouverts ferme fermee heure heures open opening hours close closes horario* abierta abierto
    oeffnungszeiten offnungszeiten geoeffnet geoffnet orari aperto aperta aberta ~مواعيد ~مفتوح`,
  where: `adresse proche pres where nearest near address donde cercana wo naechste nachste dove vicino onde proxima ~اين ~أين ~اقرب`,
  fine: `amende* amande* pv contravention* radar* flash* antai fine fines ticket speeding multa* bussgeld strafzettel blitzer
    autovelox ~مخالف ~غرامه`,
  licence: `points point permis licence license carnet fuehrerschein fuhrerschein patente conducao ~رخصه`,
  travel: `voyage* voyager visa etranger pays ariane esta travel* abroad trip viaje* viajar extranjero reise* einreise ausland
    viaggi* estero viagem estrangeiro ~سفر ~تاشير angleterre royaume uk england britain suisse switzerland tunisie tunisia
    maroc morocco algerie algeria espagne spain italie italy allemagne germany portugal belgique usa etats unis america
    amerique canada japon japan thailande thailand chine china mexique mexico bresil brazil turquie turkey egypte egypt
    senegal liban lebanon inde india australie australia colombie perou peru indonesie afrique africa asie schengen`,
  recruit: `devenir concours recrut* carriere metier join recruitment career become exam reclut* bewerb* ausbildung concorso
    diventare recrutamento concurso policier policiere gendarme ~توظيف ~مباراه`,
  human: `humain humaine agent agente conseiller conseillere operateur robot bot human person real officer persona humano
    mensch mitarbeiter umano operatore pessoa operador ~انسان ~حقيقي ~موظف`,
  greet: `bonjour bonsoir salut coucou hello hi hey merci thanks thank hola gracias hallo danke ciao grazie ola obrigado
    obrigada buongiorno buonasera arrivederci adios tschuss revoir goodbye bye ~مرحبا ~شكرا ~السلام`,
  complaint: `plainte plaintes porter deposer complaint charges denuncia* denunciar anzeige denunci* queixa ~شكوى ~بلاغ`,
  record: `courante trace consign* record recorded constancia protokoll registo traccia`,
  certificate: `attestation* derogat* couvre confinement curfew lockdown certificate toque confinamiento ausgangssperre
    coprifuoco autocertificazione recolher confinamento ~حظر ~الحجر ~تصريح`,
  elsewhere: `pharmacie pharmacy farmacia apotheke serrurier locksmith cerrajero schluesseldienst fabbro serralheiro plombier
    plumber fuite caf rsa meteo weather tiempo wetter garde prefecture ~صيدليه ~الطقس`,
  proxy: `procuration proxy fourriere pound towed custody garde vue convocation summons temoin witness depot abschlepp* ~محجوز`,
};

type Matcher = { exact: Map<string, string[]>; prefix: Map<string, string[]>; contains: [string, string][] };

function add(map: Map<string, string[]>, key: string, concept: string): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(concept)) list.push(concept);
  } else map.set(key, [concept]);
}

function buildMatcher(): Matcher {
  const m: Matcher = { exact: new Map(), prefix: new Map(), contains: [] };
  for (const [concept, words] of Object.entries(LEXICON)) {
    for (const w of words.split(/\s+/)) {
      if (!w) continue;
      if (w.startsWith('~')) m.contains.push([w.slice(1).normalize('NFD').replace(/\p{M}/gu, ''), concept]);
      else if (w.endsWith('*')) add(m.prefix, w.slice(0, -1), concept);
      else add(m.exact, w, concept);
    }
  }
  return m;
}

const MATCHER = buildMatcher();
const ARABIC = /[\u0600-\u06FF]/;

/** The concepts a normalised token belongs to (empty when none). */
export function conceptsOf(token: string): string[] {
  const found: string[] = [];
  const exact = MATCHER.exact.get(token);
  if (exact) found.push(...exact);
  for (let n = Math.min(token.length, 14); n >= 3; n--) {
    const hit = MATCHER.prefix.get(token.slice(0, n));
    if (hit) for (const c of hit) if (!found.includes(c)) found.push(c);
  }
  if (ARABIC.test(token)) {
    for (const [part, c] of MATCHER.contains) if (token.includes(part) && !found.includes(c)) found.push(c);
  }
  return found;
}
