/**
 * Urgency cue patterns, matched against normalised text (lowercase, no accents, SMS expanded,
 * "là" → "icila"). Recall comes first: danger patterns are broad, and the look-alike markers
 * (past, habit, hypothesis, procedure, joke) are what keep precision. Seven languages.
 */

/** Kinds of danger; each maps to the intent the contract gives an urgent message. */
export type DangerKind =
  | 'violence' | 'weapon' | 'intruder' | 'followed' | 'suicide' | 'medical' | 'fire' | 'crash' | 'child' | 'help';

const OBJ = '(?:me|m|nous|la|le|les|l|lui|te|t)';
const CHILD = '(?:enfant|enfants|bebe|bebes|petit|petite|gamin|gamine|gosse|fils|fille|nourrisson|toddler|child|kid|baby|son|daughter|boy|girl|nino|nina|hijo|hija|kind|sohn|tochter|bambino|bambina|figlio|figlia|crianca|menino|menina|filho|filha)';

/** Danger patterns by kind (any match means a danger is described). */
export const DANGER: Record<DangerKind, RegExp> = {
  violence: new RegExp([
    `\\b${OBJ} (?:frappe|frappent|tape|tapent|bat|battent|cogne|cognent|etrangle|etranglent|etouffe|tabasse|tabassent|agresse|agressent|viole|violent|poignarde|poignardent|defonce|massacre|roue|brutalise|secoue|tire les cheveux)\\b`,
    `\\b(?:frappent|tapent|tabassent|cognent|agressent|lynchent|passent a tabac) (?:un|une|le|la|les|des|mon|ma|sa|son|quelqu)\\b`,
    `\\b(?:continue|continuent|commence|commencent|recommence|recommencent) (?:de |d |a )?(?:${OBJ} )?(?:frapper|taper|battre|cogner|donner des coups|etrangler|tabasser|agresser|menacer)\\b`, `\\bcoups? de (?:pied|pieds|poing|poings|couteau|tete|ceinture|batte)\\b`, `\\bme (?:tient|tiennent|serre|serrent|plaque|plaquent) (?:par|a|au|contre|le cou|la gorge)\\b`,
    `\\ben train (?:de|d) (?:${OBJ} |se )?(?:frapper|taper|battre|cogner|tabasser|agresser|etrangler|violer|poignarder|bagarrer|menacer|tuer|arracher|etouffer|egorger|massacrer|lyncher|bruler)\\b`,
    `\\bvient de ${OBJ} (?:frapper|taper|poignarder|agresser|etrangler|violer|menacer)\\b`,
    `(?<!\\b(?:a|ai|as|avait|avaient|ont|ete|j ai) )\\b(?:frappe|tape|bat|cogne|tabasse|etrangle) (?:ma|sa|mon|son|une|un|des|sa|ses|mes|leur|la femme|sa femme|un enfant)\\b`,
    `\\bse (?:battent|bagarrent|tapent dessus|frappent)\\b`, `\\bbagarre\\b`, `\\brixe\\b`,
    `\\b(?:va|veut|vais|vont|veulent|menace de|essaie de|essaye de|voulait|allait) ${OBJ} (?:tuer|buter|egorger|planter|descendre|crever|etrangler|violer|frapper|poignarder)\\b`,
    `\\bmenaces? de mort\\b`, `\\b(?:hurle|crie|hurlent|crient) (?:au secours|a l aide|de douleur)\\b`, `\\bsequestr\\w*`, `\\bretient de force\\b`,
    `\\b(?:is|are|s|re|keeps?|started|start|was) (?:hitting|beating|punching|kicking|choking|strangling|attacking|stabbing|raping|hurting|assaulting|threatening)\\b`,
    `\\b(?:hitting|beating|punching|kicking|choking|strangling|attacking|stabbing|raping|assaulting) (?:me|her|him|us|my|a|someone|somebody|them|people)\\b`,
    `\\b(?:going to|will|wants to|want to|trying to|tries to|threatening to|threatens to|about to) (?:kill|hurt|stab|shoot|rape|strangle) (?:me|her|him|us|you|them|my|everyone)\\b`,
    `\\bbeating (?:me|her|him|them|someone|somebody|a|an) ?\\w* up\\b`, `\\b(?:attacking|hitting|beating) (?:me|her|him|us|them|someone|somebody|a|an|my|his|the)\\b`, `\\bwith a (?:bat|knife|bottle|hammer|stick|belt|gun)\\b`, `\\b(?:a|big|huge) fight\\b`, `\\bfighting\\b`, `\\bbeing (?:attacked|beaten|assaulted|raped)\\b`,
    `\\b(?:me|la|le|nos|lo) (?:esta |estan )?(?:pega|pegando|golpea|golpeando|pegan|matando|ahorca|ahorcando|viola|violando|ataca|atacando|amenaza|amenazando)\\b`,
    `\\b(?:me|la|lo) (?:va|van|quiere|quieren) a? ?matar\\b`, `\\bquiere matarme\\b`,
    `\\b(?:schlaegt|schlagt|pruegelt|prugelt|wuergt|wurgt|vergewaltigt|bedroht|greift|verpruegelt|verprugelt)\\b`, `\\bbringt (?:mich|sie|ihn|uns) um\\b`, `\\bwill (?:mich|sie|ihn) (?:toeten|toten|umbringen)\\b`, `\\bschla?e?ge\\b`,
    `\\b(?:mi|la|lo|ci) (?:sta |stanno )?(?:picchia|picchiando|picchiano|colpisce|strangola|strangolando|violenta|aggredisce|aggredendo|ammazza|uccide|minaccia)\\b`, `\\bmi vuole (?:uccidere|ammazzare)\\b`, `\\bcolpi\\b`,
    `\\b(?:esta|estao|estava) a (?:bater|agredir|espancar|estrangular|ameacar)\\b`, `\\bbate me\\b`, `\\b(?:batendo|espancando|agredindo|estrangulando) (?:em|me|na|no)\\b`, `\\bvai (?:me )?matar\\b`, `\\bmatar me\\b`,
    'يضربني', 'يضربها', 'يضربه', 'يضرب', 'تضرب', 'تضربني', 'يعتدي', 'يهاجم', 'يخنق', 'سيقتلني', 'يريد قتلي', 'يقتلني', 'يغتصب', 'يضرب زوجته',
  ].join('|')),
  weapon: /\b(?:couteau|couteaux|arme|armes|armee?s?|pistolet|revolver|fusil|flingue|machette|hache|cutter|sabre|batte|barres? de fer|kalach\w*|kalashnikov|coups? de feu|tirs|tire sur|tirent|fusillade|ca tire|braquage|braque|knife|knives|gun|guns|gunman|weapon|pistol|rifle|machete|shotgun|armed|shots|shooting|gunshots?|gunpoint|knifepoint|holdup|cuchillo|navaja|pistola|arma|armado|disparos|tiroteo|messer|waffe|pistole|gewehr|bewaffnet|schuesse|schusse|coltello|armato|fucile|spari|rapina|rapinando|faca|navalha|tiros|assalto|assaltar)\b|سكين|سلاح|مسدس|مسلح|رصاص/,
  intruder: new RegExp([
    `\\b(?:quelqu un|quelqu|un (?:homme|mec|type|inconnu|individu|gars|voleur|cambrioleur)|des (?:hommes|gens|individus|inconnus|voleurs|cambrioleurs|mecs|types)|cambrioleurs?|voleurs?|intrus|il y a (?:quelqu un|un homme|des gens))\\b.{0,40}\\b(?:chez (?:moi|nous|ma|mes)|dans (?:ma|la|mon|notre|l|le) (?:maison|appart|appartement|chambre|cuisine|salon|jardin|cave|garage|grenier|cour|veranda|escalier|couloir|entree|salle|hall)|a l interieur)`,
    `\\b(?:force|forcent|forcer|fracture|fracturent|fracturer|defonce|defoncent|casse|cassent|essaie d ouvrir|essaye d ouvrir|tente d ouvrir|tentent d ouvrir|secoue|crochete)\\b.{0,20}\\b(?:porte|fenetre|serrure|volet|baie|veranda|portail)`,
    `\\b(?:forc|fractur|defonc|cass|enfonc|crochet|secou|tambourin|ouvr)\\w* (?:\\w+ ){0,3}(?:porte|fenetre|serrure|volet|baie|velux|portail|vitre|baie vitree)\\b`, `\\b(?:cagoule|cagoules|encagoule)\\w*`, `\\b(?:dans|sur) (?:mon|le|ma|la|notre) (?:jardin|toit|terrasse|balcon|cour|grenier|garage|cave)\\b.{0,40}\\b(?:essai|tent|ouvr|forc|entr|rod)\\w*`,
    `\\b(?:essaie|essaye|essayent|tente|tentent|veut|veulent|cherche a|cherchent a) d? ?(?:entrer|rentrer|penetrer|ouvrir la porte|ouvrir|forcer|casser)\\b`, `\\bintrus\\b`, `\\bcambriol\\w* en cours\\b`,
    `\\bj entends (?:quelqu un|quelqu|des pas|marcher|des voix|quelqu un marcher)\\b`, `\\best entre (?:chez|dans|par)\\b`, `\\bsont entres (?:chez|dans|par)\\b`,
    `\\b(?:someone|somebody|a man|a guy|an intruder|intruders?|burglars?|a burglar|a stranger|strangers|people|men|thieves|a thief|robbers?)\\b.{0,30}\\b(?:in|inside|into|in to) (?:my|our|the) (?:house|home|flat|apartment|room|bedroom|kitchen|garden|garage|attic|basement|building)`,
    `\\b(?:breaking in|break in|breaking into|broke in|broken in|trying to (?:get|break|come) in|forcing (?:my|the) (?:door|window|lock)|climbing (?:in|through))\\b`,
    `\\bhear (?:someone|somebody|footsteps|people|a man|noises? (?:in|downstairs|upstairs))\\b`, `\\b(?:trying to|tries to|try to) (?:open|force|kick in|kick|break|unlock) (?:my|the|our) (?:front |back )?(?:door|window|lock|gate)\\b`, `\\b(?:kicking|banging on|forcing|kicking in) (?:my|the|our) (?:front |back )?door\\b`, `\\b(?:climbed|climbing|crawled|got|getting|came|coming|broke|breaking) (?:in|into|through)\\b`, `\\btrying (?:the|my|our) (?:doors?|windows?|handle)\\b`, `\\bglass breaking\\b`, `\\b(?:in|inside) (?:my|our|the) (?:backyard|yard|garden|house|home|flat|attic|basement)\\b.{0,30}\\btrying\\b`, `\\bfootsteps\\b`, `\\bsomeone (?:is )?(?:in|inside) (?:my|the)\\b`, `\\bintruder\\b`,
    `\\bhay (?:alguien|un hombre|un ladron|ladrones|gente)\\b`, `\\b(?:forzar|forzando|fuerzan|fuerza) (?:la|mi) (?:puerta|ventana)\\b`, `\\bladron(?:es)? (?:en|dentro)\\b`, `\\bentrar en (?:mi|la) casa\\b`,
    `\\bjemand (?:ist )?(?:gerade )?(?:in|im) (?:meiner|meinem|der|dem|unserem|unserer|meine) (?:wohnung|haus|zimmer|garten|keller)\\b`, `\\beinbrecher\\b`, `\\beingebrochen\\b`, `\\bbricht\\b.{0,30}\\bein\\b`,
    `\\bc e (?:qualcuno|un uomo|un ladro|dei ladri|ladri)\\b`, `\\b(?:sta|stanno) cercando di (?:aprire|entrare|forzare|sfondare)\\b`, `\\bladri? in casa\\b`, `\\b(?:forzando|forzare|sfondare|sfondando) (?:la )?(?:porta|finestra)\\b`,
    `\\b(?:tem|ha|esta) (?:alguem|um homem|um ladrao|ladroes)\\b`, `\\b(?:arrombar|arrombando|forcar|forcando) (?:a )?(?:porta|janela)\\b`, `\\bladr(?:ao|oes) (?:em|dentro)\\b`,
    'شخص في منزلي', 'شخص غريب', 'لص في', 'لصوص في', 'حرامي', 'يحاول الدخول', 'يكسر الباب', 'اقتحم',
  ].join('|')),
  followed: /\b(?:me|nous|la) (?:suit|suivent|poursuit|poursuivent|traque|traquent|file|filent|colle|collent|suive)\b|\bme (?:court|courent) apres\b|\bacc?elere quand j\b|\bje suis (?:suivie?|poursuivie?)\b|\bsuivie? par (?:un|une|des|deux|trois|plusieurs)\b|\b(?:following|follows|stalking|chasing|tailing) me\b|\bbeing followed\b|\bme (?:esta |estan )?(?:siguiendo|sigue|siguen|persigue|persiguen)\b|\bverfolgt mich\b|\bfolgt mir\b|\bmi (?:sta |stanno )?(?:seguendo|segue|seguono|insegue|inseguendo)\b|\b(?:esta|estao) a seguir me\b|\bme (?:esta )?seguindo\b|\bme segue\b|يتبعني|يلاحقني|يتعقبني/,
  suicide: new RegExp([
    `\\b(?:me|m) (?:suicider|tuer|foutre en l air|pendre|jeter (?:sous|du|d|par|de)|ouvrir les veines|tirer une balle|faire du mal)\\b`,
    `\\ben finir\\b`, `\\b(?:plus|pas) la force de vivre\\b`, `\\b(?:j avale|avaler|j ai avale|je prends|prendre) tout\\b`, `\\bmettre fin a\\b`, `\\bme tuer\\b`, `\\bfaire une connerie\\b`, `\\bdire adieu\\b`, `\\bmettre fin a (?:mes|ses|sa|ma) (?:jours|vie)\\b`, `\\bsuicid\\w*`, `\\b(?:plus|pas) envie de vivre\\b`,
    `\\bveux (?:mourir|crever|disparaitre)\\b`, `\\b(?:sauter|me jeter|se jeter) (?:du|d un|de la|par la|sous|dans le)\\b`,
    `\\b(?:avale|pris|avaler|prendre)\\b.{0,25}\\b(?:medicaments|cachets|pilules|comprimes|somniferes|doliprane|boite)\\b`,
    `\\b(?:lettre|message|mot) d adieu\\b`, `\\bidees (?:noires|suicidaires)\\b`, `\\b(?:va|veut) se (?:tuer|suicider|pendre|jeter|foutre en l air)\\b`,
    `\\bkill (?:myself|himself|herself|themselves)\\b`, `\\bend (?:my|his|her|their) (?:life|own life)\\b`, `\\bend (?:it all|it tonight|everything)\\b`, `\\bending it\\b`, `\\bsaying goodbye\\b`, `\\b(?:edge|ledge) of the (?:roof|bridge|building)\\b`, `\\bcan not (?:do this|go on|take it) anymore\\b`,
    `\\b(?:want|wants|wanna) to die\\b`, `\\b(?:do not|dont|does not) want to (?:live|be alive)\\b`, `\\btake (?:my|his|her) (?:own )?life\\b`,
    `\\bjump (?:off|from)\\b`, `\\b(?:took|swallowed|taken|take)\\b.{0,20}\\b(?:pills|tablets|meds|medication)\\b`, `\\bgoodbye (?:message|letter|note|text)\\b`,
    `\\bcut(?:ting)? (?:myself|my wrists|his wrists|her wrists)\\b`, `\\bhang (?:myself|himself|herself)\\b`, `\\bself harm\\b`,
    `\\bmatarme\\b`, `\\bquitarme la vida\\b`, `\\bno quiero (?:vivir|seguir viviendo)\\b`, `\\bquiero morir(?:me)?\\b`, `\\bacabar con (?:todo|mi vida)\\b`, `\\btirarme (?:del|de un|por la)\\b`,
    `\\bselbstmord\\w*`, `\\bmich (?:umbringen|toeten|tuten)\\b`, `\\bnicht mehr leben\\b`, `\\bwill sterben\\b`, `\\bsterben will\\b`,
    `\\buccidermi\\b`, `\\bammazzarmi\\b`, `\\bfarla finita\\b`, `\\bnon voglio piu vivere\\b`, `\\bvoglio morire\\b`, `\\btogliermi la vita\\b`, `\\bbuttarmi\\b`,
    `\\bme matar\\b`, `\\bmatar me\\b`, `\\btirar a (?:minha )?(?:propria )?vida\\b`, `\\bnao quero (?:mais )?viver\\b`, `\\bquero morrer\\b`, `\\bacabar com (?:tudo|a minha vida)\\b`,
    'انتحار', 'انتحر', 'اقتل نفسي', 'انهي حياتي', 'اريد ان اموت', 'لا اريد العيش',
  ].join('|')),
  medical: new RegExp([
    `\\b(?:ne )?respire (?:plus|pas|mal|difficilement|presque plus)\\b`, `\\binconscient\\w*`, `\\bevanoui\\w*`, `\\bperdu connaissance\\b`, `\\bsans connaissance\\b`,
    `\\bmalaise\\b`, `\\b(?:crise|arret) cardiaque\\b`, `\\binfarctus\\b`, `\\bavc\\b`, `\\bconvuls\\w*`, `\\bcrise d epilepsie\\b`, `\\bsaigne\\w*`, `\\bhemorragie\\b`,
    `\\bperd (?:beaucoup de |du )?sang\\b`, `\\bplein de sang\\b`, `\\bbaigne dans son sang\\b`, `\\bs etouffe\\b`, `\\bdevient (?:tout )?bleu\\b`, `\\bs est effondre\\w*`,
    `\\bne bouge (?:plus|pas)\\b`, `\\bbouge plus\\b`, `\\b(?:repond|reagit) plus\\b.{0,30}\\b(?:tombe|malaise|convuls|respir|sol|terre|inconscient|evanoui|fievre)\\w*`, `\\b(?:tombe|convuls|respir|evanoui|malaise|fievre)\\w*\\b.{0,40}\\b(?:repond|reagit) plus\\b`, `\\bne (?:se )?reveille pas\\b`, `\\bne se reveille (?:plus|pas)\\b`, `\\boverdos\\w*`, `\\bbless\\w* grave\\w*`, `\\bgrievement bless\\w*`, `\\btoute? molle?\\b`,
    `\\bnot breathing\\b`, `\\bcan not breathe\\b`, `\\bstopped breathing\\b`, `\\bunconscious\\b`, `\\bpassed out\\b`, `\\bcollapsed\\b`, `\\bheart attack\\b`, `\\bcardiac arrest\\b`,
    `\\bstroke\\b`, `\\bseizure\\b`, `\\bbleeding\\b`, `\\blots of blood\\b`, `\\bchoking\\b`, `\\bturning blue\\b`, `\\b(?:will not|wont|not) wake up\\b`, `\\bnot moving\\b`,
    `\\b(?:badly|seriously) (?:hurt|injured)\\b`, `\\bfainted\\b`,
    `\\bno respira\\b`, `\\binconsciente\\b`, `\\bdesmay\\w*`, `\\binfarto\\b`, `\\bataque (?:al corazon|cardiaco)\\b`, `\\bsangra\\w*`, `\\bse esta ahogando\\b`, `\\bsobredosis\\b`,
    `\\batmet nicht\\b`, `\\bbewusstlos\\b`, `\\bohnmaechtig\\b`, `\\bohnmachtig\\b`, `\\bherzinfarkt\\b`, `\\bschlaganfall\\b`, `\\bblutet\\b`, `\\bkrampfanfall\\b`, `\\bueberdosis\\b`, `\\buberdosis\\b`, `\\bzusammengebrochen\\b`,
    `\\bnon respira\\b`, `\\bsvenut\\w*`, `\\bincosciente\\b`, `\\bictus\\b`, `\\bsanguina\\w*`, `\\bsta soffocando\\b`,
    `\\bnao (?:respira|acorda)\\b`, `\\bdesmai\\w*`, `\\benfarte\\b`, `\\besta a sufocar\\b`, `\\bsufocando\\b`,
    'لا يتنفس', 'لا تتنفس', 'فاقد الوعي', 'فقد الوعي', 'مغمي عليه', 'نوبه قلبيه', 'ينزف', 'تنزف', 'جرعه زائده', 'سكته',
  ].join('|')),
  fire: /\b(?:il y a le feu|au feu|en feu|prend feu|pris feu|prendre feu|incendie\w*|flammes?|brule|brulent|fumee\w*|ca crame|crame|ca fume|fume (?:enormement|beaucoup|partout)|l alarme (?:incendie )?sonne|odeur de brule|sent le brule|feu (?:dans|chez|a|au|de (?:foret|poubelle|broussailles?|cuisine|voiture|maison))|on fire|a fire|the fire|fire in|fire at|house fire|flames|burning|smoke|caught fire|catching fire|fire|fuego|incendio|se quema|llamas|humo|feuer|brand|brennt|rauch|flammen|fuoco|brucia|fiamme|fumo|fogo|a arder|arde|chamas|fumaca)\b|حريق|النار|دخان|تحترق|يحترق/,
  crash: new RegExp([
    `\\baccident\\w*\\b.{0,60}\\b(?:bless\\w*|sang|saigne\\w*|inconscient\\w*|coince\\w*|bouge (?:plus|pas)|grave|victimes?|renverse\\w*|percute\\w*|tonneau|morts?)\\b`,
    `\\b(?:bless\\w*|coince\\w*|inconscient\\w*)\\b.{0,40}\\baccident\\w*\\b`,
    `\\b(?:renverse|percute|fauche|percutee|renversee)\\w*\\b.{0,40}\\b(?:pieton|enfant|velo|cycliste|moto|motard|quelqu un|personne|femme|homme|petit|vieille|vieux|gamin|ado|fille|garcon)`,
    `\\b(?:pieton|cycliste|enfant|motard|femme|homme)\\b.{0,25}\\b(?:renverse|percute|fauche)\\w*`, `\\bcarambolage\\b`, `\\b(?:vient|viennent) de (?:se faire )?(?:percuter|renverser|faucher)\\b`, `\\bse faire (?:percuter|renverser|faucher)\\b`,
    `\\b(?:crash\\w*|accident|collision|pile up|pileup)\\b.{0,60}\\b(?:injured|hurt|bleeding|trapped|unconscious|not moving|casualties|victims|serious|bad|dead)\\b`,
    `\\b(?:hit|run over|knocked down|knocked over) by (?:a|the) (?:car|truck|lorry|bus|van|train|motorbike|motorcycle)\\b`, `\\b(?:car|bad|serious) crash\\b`,
    `\\baccidente\\b.{0,60}\\b(?:heridos?|sangr\\w*|atrapad\\w*|inconsciente|grave)\\b`, `\\batropell\\w*`,
    `\\bunfall\\b.{0,60}\\b(?:verletzt\\w*|blut\\w*|eingeklemmt|bewusstlos|schwer)\\b`, `\\bangefahren\\b`, `\\buberfahren\\b`, `\\bueberfahren\\b`,
    `\\bincidente\\b.{0,60}\\b(?:feriti|ferito|ferita|sangue|incastrat\\w*|grave)\\b`, `\\binvestit\\w*`,
    `\\bacidente\\b.{0,60}\\b(?:feridos?|sangue|preso|inconsciente|grave)\\b`, `\\batropel\\w*`,
    'حادث خطير', 'جرحى', 'دهس',
  ].join('|')),
  child: new RegExp([
    `\\b${CHILD}\\b.{0,60}\\b(?:rebord|corniche|rambarde|garde corps|ledge|railing|balustrade|bord du toit|bord de la fenetre|cornicione|parapeito|gelander)\\b`,
    `\\b${CHILD}\\b.{0,40}\\b(?:sur|on|standing on|au bord) (?:le |la |the )?(?:rebord|balcon|toit|fenetre|balcony|roof|window)\\b`,
    `\\b(?:${CHILD})\\b.{0,40}\\b(?:enferme|coince|locked|trapped|encerrad\\w*|chiuso|trancad\\w*|eingeschlossen)\\b.{0,30}\\b(?:voiture|car|auto|coche|carro|macchina)\\b`,
    `\\b(?:voiture|car)\\b.{0,30}\\b(?:plein soleil|au soleil|chaleur|hot|in the sun)\\b`,
    `\\b(?:se noie|noyade|drowning|ahogando|ertrinkt|annega|annegando|afogar|afogando|se esta ahogando|tombe\\w* dans (?:la|le) (?:piscine|canal|riviere|lac|eau))\\b`,
    `\\bj ai perdu (?:mon|ma|notre) (?:fils|fille|enfant|petit|petite|bebe|gamin)\\b`, `\\b(?:lost|can not find) my (?:son|daughter|child|kid|baby|little)\\b`,
    `\\b${CHILD}\\b.{0,30}\\b(?:a disparu|disparu|introuvable|missing|desaparecid\\w*|vermisst|scompars\\w*)\\b.{0,40}\\b(?:foule|crowd|parc|park|plage|beach|magasin|centre commercial|mall|minutes|festival|foire|fete foraine)\\b`,
    `\\benlev\\w* (?:un|une|mon|ma|sa|son|des|l|le|la|notre) (?:enfant|fille|fils|bebe|petit|petite|femme|gamin|gamine|ado)\\b`, `\\b${CHILD}\\b.{0,30}\\benlev\\w*`, `\\bkidnapp\\w*|\\brapt\\b|\\bsecuestr\\w*|\\bentfuehr\\w*|\\bentfuhr\\w*|\\brapit\\w*|\\braptad\\w*`,
    `\\b${CHILD}\\b.{0,30}\\bseule? (?:au bord de la|sur la|on the) (?:route|nationale|voie|road)\\b`, `\\b${CHILD}\\b.{0,30}\\b(?:alone|seul|seule|tout seul|toute seule)\\b.{0,30}\\b(?:route|road|nationale|autoroute)\\b`,
    `\\b${CHILD}\\b.{0,40}\\btout seule? (?:au milieu|sur|dans|au bord)\\b`, `\\bcherche sa (?:maman|mere|mama)\\b`, `\\b(?:lost|alone) (?:child|kid|toddler|little boy|little girl)\\b`,
    'طفل يغرق', 'خطف',
  ].join('|')),
  help: /\bau secours\b|\ba l aide\b(?! (?:de|d|du|des))|\bsos\b|\bvenez vite\b|\bvite (?:venez|aidez|envoyez|la police)\b|\benvoyez (?:la police|quelqu un|une patrouille|les secours|de l aide|les pompiers)\b|\bappelez (?:la police|les secours|le 17|les pompiers)\b|\bje suis en danger\b|\bon est en danger\b|\bsauvez moi\b|\bsend (?:help|someone|police|the police|an ambulance|a patrol)\b|\bcall the police\b|\b(?:i am|i m|we are|we re) in danger\b|\bsave me\b|\bsocorro\b|\bauxilio\b|\bhilfe\b.{0,20}\b(?:schnell|sofort|bitte kommen)\b|\bnotruf\b|\baiuto\b|\bajuda\b.{0,20}\b(?:rapido|depressa|socorro)\b|النجده|النجدة|ساعدوني/,
};

/** Help asked without a named danger ("aidez-moi", "help me"): only urgent together with "now". */
export const WEAK_HELP = /\baidez moi\b|\baide moi\b|\bhelp me\b|\bplease help\b|\bhelp\b|\bayuda(?:me)?\b|\bhilfe\b|\baiutatemi\b|\baiuto\b|\bajuda\b|\bajudem me\b|ساعدني/;

/** Markers that the danger is happening right now (they override habit and procedure words). */
export const NOW_STRONG = /\bmaintenant\b|\ben ce moment\b|\bactuellement\b|\ben train de\b|\btout de suite\b|\ba l instant\b|\b(?:encore|toujours) (?:icila|la|dans|chez|devant|derriere|en bas)\b|\bje (?:suis|me suis) cache\w*|\bje me cache\b|\bje chuchote\b|\b(?:ne )?(?:peux|peut) pas parler\b|\bicila\b|\bvite\b|\bvenez\b|\bright now\b|\bat the moment\b|\bcurrently\b|\bas we speak\b|\bhiding\b|\bcan not talk\b|\bcannot talk\b|\bwhispering\b|\bstill (?:here|there|inside|in|outside|behind)\b|\bhurry\b|\bquick\b|\bquickly\b|\bahora\b|\ben este momento\b|\bjetzt\b|\bgerade\b|\bsofort\b|\badesso\b|\bin questo momento\b|\bsubito\b|\bagora\b|\bneste momento\b|الان|حالا|بسرعه/;

/** Weaker signs of presence or fear; enough to override a tense, not a stated past date. */
export const NOW_WEAK = /\b(?:il|elle|ils|elles|on) (?:est|sont) (?:la|dans|devant|derriere|en bas|juste|a cote|chez)\b|\bil arrive\b|\bils arrivent\b|\bil revient\b|\bj entends\b|\bon entend\b|\bj ai peur\b|\bje suis terrifiee?\b|\bce soir\b|\bnow\b|\btonight\b|\b(?:he|she|they) (?:is|are|s|re) (?:here|there|outside|inside|in|next|behind|coming)\b|\b(?:i am|i m) (?:scared|terrified|afraid)\b|\bi can hear\b|\bcoming back\b|\btengo miedo\b|\bich habe angst\b|\bho paura\b|\btenho medo\b|\bnoch\b|\bancora\b|\bainda\b|\btodavia\b|خائفه|خائف/;

/** A stated past time: the event is over (hard blocker unless "now" is said explicitly). */
export const PAST = /\bhier\b|\bavant hier\b|\b(?:la semaine|le mois|l an|l annee|l ete|l hiver|le week end|samedi|dimanche|lundi|vendredi) (?:dernier|derniere|passe|passee)\b|\bil y a (?:\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|dix|quelques|plusieurs|des) ?(?:jours?|semaines?|mois|ans|annees)\b|\bil y a (?:longtemps|quelque temps)\b|\bquand j etais\b|\bquand (?:il|elle|on|nous|ils|elles) (?:etait|etaient|avait|avaient)\b|\bquand j avais\b|\ba l epoque\b|\bautrefois\b|\bdans le passe\b|\ben (?:19|20)\d\d\b|\bce matin\b|\bl autre (?:jour|soir|nuit)\b|\benfance\b|\b(?:jour|soir|nuit|fois) icila\b|\byesterday\b|\blast (?:night|week|month|year|summer|winter|weekend|time|saturday|sunday|friday)\b|\b(?:\d+|a|an|one|two|three|four|five|six|ten|few|several|many|couple of) (?:days?|weeks?|months?|years?) ago\b|\byears ago\b|\blong time ago\b|\bwhen i was\b|\bas a (?:child|kid)\b|\bback in\b|\bin (?:19|20)\d\d\b|\bearlier today\b|\bthis morning\b|\bthe other (?:day|night)\b|\bused to\b|\bin the past\b|\bovernight\b|\bayer\b|\banoche\b|\b(?:la semana|el mes|el ano) pasad[oa]\b|\bhace (?:\w+ )?(?:dias|semanas|meses|anos|tiempo)\b|\bgestern\b|\bletzte[nrs]? (?:woche|monat|jahr|nacht)\b|\bvor (?:\w+ )?(?:tagen|wochen|monaten|jahren)\b|\bfrueher\b|\bfruher\b|\bdamals\b|\bieri\b|\b(?:la settimana|il mese|l anno) scors[oa]\b|\b(?:giorni|settimane|mesi|anni) fa\b|\bontem\b|\b(?:semana|mes|ano) passad[oa]\b|\bno ano passado\b|\bha (?:\w+ )?(?:dias|semanas|meses|anos)\b|امس|الاسبوع الماضي|الشهر الماضي|العام الماضي|السنه الماضيه|قبل قليل/;

/** The incident is finished ("they ran off", "I came home and found…"). */
export const OVER = /\bil est parti\b|\bils sont partis\b|\bs est enfui\b|\bse sont enfuis\b|\bpris la fuite\b|\bparti en courant\b|\ben rentrant\b|\ba mon retour\b|\bje suis rentre\w*|\bnous sommes rentres\b|\bon est rentre\w*|\bj ai retrouve\b|\bj ai decouvert\b|\bj ai constate\b|\bpendant (?:mon|notre|nos|mes) (?:absence|vacances|sejour|hospitalisation)\b|\bquand je suis rentre\w*|\bran off\b|\bran away\b|\bgot away\b|\bthey (?:are|re) gone\b|\b(?:has|have|already) left\b|\bthey left\b|\bcame home\b|\bgot home\b|\bfound (?:my|the|out)\b|\bwhile (?:i|we) (?:was|were) (?:away|out|at work|on holiday)\b|\bse fue(?:ron)?\b|\bhuyeron\b|\bmientras estaba\b|\bsind weg\b|\bist weg\b|\bwaehrend wir\b|\bwahrend wir\b|\bsono scappati\b|\bmentre eravamo\b|\bfugiu\b|\bfugiram\b|\benquanto estava\b|هرب/;

/** Ongoing abuse described as a habit, while things are calm. */
export const HABIT = /\bdepuis (?:des|plusieurs|quelques|\d+|deux|trois|quatre|cinq|dix) (?:annees|ans|mois|semaines)\b|\bdepuis longtemps\b|\btous les (?:jours|soirs|matins|week ends?)\b|\btoutes les (?:nuits|semaines)\b|\bsouvent\b|\bregulierement\b|\bparfois\b|\bde temps en temps\b|\bchaque (?:fois|jour|soir|nuit|semaine)\b|\bquand il (?:a bu|boit|est (?:en colere|saoul|ivre|enerve)|s enerve)\b|\bquand elle (?:a bu|boit|s enerve)\b|\bdes qu il\b|\bsans arret\b|\btout le temps\b|\bd habitude\b|\bfor (?:years|months|weeks|a long time|ages)\b|\bevery (?:day|night|time|week|weekend|evening|morning)\b|\boften\b|\bregularly\b|\bsometimes\b|\bwhenever\b|\bwhen he (?:drinks|is drunk|gets angry)\b|\bconstantly\b|\ball the time\b|\bit s been (?:weeks|months|years)\b|\bhas been (?:\w+ing )?(?:me )?for\b|\bdesde hace (?:anos|meses|semanas)\b|\btodos los dias\b|\ba menudo\b|\bseit (?:jahren|monaten|wochen)\b|\bjeden tag\b|\boft\b|\bda (?:anni|mesi)\b|\bogni giorno\b|\bspesso\b|\bha anos\b|\btodos os dias\b|\bmuitas vezes\b|منذ سنوات|كل يوم|دائما/;

/** Questions about what one would do: "what if", "que faire si", rights, advice, prevention. */
export const HYPOTHETICAL = /\bque (?:faire|faut il faire|dois je faire|doit on faire) (?:si|en cas|quand)\b|\bqu est ce qu (?:on|il faut) fai\w* (?:si|quand)\b|\bque se passe t il si\b|\bet si\b|\bsi jamais\b|\bsi un jour\b|\bau cas ou\b|\ben cas d\b|\ben cas de\b|\bcomment (?:reagir|se comporter|agir|se proteger|proteger|eviter|prevenir|aider|soutenir|savoir si)\b|\ba t on le droit\b|\bai je le droit\b|\bon a le droit\b|\bj ai le droit\b|\ba partir de quel age\b|\bimaginons\b|\bconseils?\b|\bsi quelqu un\b|\bsi (?:un|une|mon|ma|mes) (?:ami|amie|amis|proche|proches|personne|enfant|collegue|voisin|voisine) (?:dit|parle|menace|veut|me dit)\b|\bsi on\b|\best ce (?:legal|interdit)\b|\bpeut on\b|\bque faire face\b|\bwhat if\b|\bsigns? (?:that|of)\b|\bsignes? (?:que|de)\b|\bmight\b|\bwhat (?:should|do|would|can) (?:i|we|you|one) do (?:if|when)\b|\bwhat to do (?:if|when|in case)\b|\bwhat happens if\b|\bif (?:someone|somebody|a|an|i ever|my)\b|\bin case\b|\bhow (?:do|can|should) (?:i|we|you) (?:react|protect|prevent|stay safe|know|help|support)\b|\bhow to (?:react|protect|prevent|stay safe|know if|help|support)\b|\bis it (?:legal|illegal|allowed)\b|\bcan i (?:legally|defend)\b|\bam i allowed\b|\bat what age\b|\bhypothetical\w*\b|\btips\b|\bque hacer si\b|\bque hago si\b|\by si\b|\ben caso de\b|\bsi alguien\b|\bcomo (?:reaccionar|ayudar|protegerme)\b|\bwas (?:tun|mache ich|soll ich tun) wenn\b|\bfalls\b|\bwenn jemand\b|\bwie (?:kann ich|helfe ich|reagiere ich)\b|\bcosa fare se\b|\bche fare se\b|\be se\b|\bin caso di\b|\bse qualcuno\b|\bcome (?:reagire|aiutare)\b|\bo que fazer se\b|\be se\b|\bem caso de\b|\bse alguem\b|\bcomo (?:reagir|ajudar)\b|ماذا افعل اذا|ماذا لو|في حال|كيف اساعد/;

/** Procedure and paperwork words: a complaint, a form, a declaration after the fact. */
export const PROCEDURE = /\bporter plainte\b|\bdeposer plainte\b|\bplainte\b|\bpre plainte\b|\bmain courante\b|\brecepisse\b|\bformulaire\b|\battestation\b|\bconstat\b|\bassurance\b|\bdeclarer\b|\bdeclaration\b|\bdemarches?\b|\bdossier\b|\bcertificat\b|\brapport\b|\bproces verbal\b|\bpv\b|\btemoigner\b|\btemoin\b|\bpermis\b|\bprocedure\b|\bavocat\b|\btribunal\b|\bprescri\w*|\bsignaler\b|\bsignalement\b|\bharcel\w*|\bharass\w*|\bstalker\b|\b(?:rendre|abandonner|remettre|ceder|vendre|vend|vendent|acheter|detenir|posseder|heriter|surrender|sell|selling|sells|buy|hand in) (?:une|des|un|mon|ma|my|a|an|the|guns?|weapons?|armes?)\b|\bheritee?\b|\bdetention\b|\bport d arme\b|\bfile a (?:complaint|report)\b|\bpress charges\b|\bcomplaint\b|\bpolice report\b|\breport (?:form|it|this|a)\b|\binsurance\b|\bform\b|\bcertificate\b|\bdeclare\b|\bregister\b|\bpaperwork\b|\bstatement\b|\bwitness\b|\blawyer\b|\brestraining order\b|\binherited\b|\bprescription\b|\bdenuncia\w*\b|\bseguro\b|\bformulario\b|\banzeige\b|\bversicherung\b|\bformular\b|\banmelden\b|\bmelde\b|\bdenunciare\b|\bassicurazione\b|\bmodulo\b|\bverbale\b|\bqueixa\b|\brelatorio\b|شكوى|تصريح/;

/** Laughter and figurative speech ("je meurs de faim", "this form is killing me"). */
export const JOKE = /\bmdr\w*|\blol\b|\bptdr\w*|\bxd\b|\blmao\b|\blmfao\b|\brofl\b|\bhaha\w*|\bhihi\w*|\bhehe\w*|\bjaja\w*|\bjeje\b|\bkkk+\b|\bjk\b|\bjust kidding\b|\bje rigole\b|\bje plaisante\b|\bc est une blague\b|\bpour rire\b|\bpour rigoler\b|\bje deconne\b|\bmort de rire\b|\bmorte de rire\b|\bmeurs? de (?:rire|faim|soif|chaud|froid|honte|fatigue|peur)\b|\bmuero de\b|\bsterbe vor\b|\bmuoio di\b|\bmorrendo de\b|\bmorro de\b|\bmorendo dal\b|\bdying of\b|\bstarving\b|\bc est le feu\b|\b(?:was|is|s) fire\b|\b(?:form|this|that|it|work|job|heat|waiting|questions?|procedure|paperwork|chatbot|bot) (?:is |are )?killing me\b|\bca me tue\b|\btu me tues\b|\bme tuer a la tache\b|\btuer le temps\b/;

/** A violent act told in the perfect tense ("il m'a frappée"): urgent only with a sign of "now". */
export const PERFECT = /\b(?:m a|l a|nous a|t a|les a|m ont|l ont|nous ont) (?:frappe|poignarde|agresse|viole|tabasse|battu|battue|etrangle|menace|blesse|attaque|tire dessus)\w*|\b(?:he|she|they|someone|somebody|a man|a guy) (?:just )?(?:stabbed|hit|attacked|shot|punched|beat|raped|assaulted|threatened) (?:me|her|him|us|my)\b|\bi (?:was|ve been|have been) (?:stabbed|shot|attacked|assaulted|raped|beaten)\b|\bme (?:pego|golpeo|apunalo|ataco)\b|\bhat mich (?:geschlagen|angegriffen|bedroht)\b|\bmi ha (?:picchiat|colpit|aggredit|accoltellat)\w*|\b(?:bateu|agrediu|esfaqueou) me\b|ضربني|طعنني/;

/** Content seen online (a post, a site, a video): report it to Pharos, it is not a danger here and now. */
export const ONLINE = /\b(?:sur|on|via) (?:internet|un site|le site|des sites|un groupe|le groupe|facebook|instagram|insta|twitter|tiktok|snapchat|snap|telegram|youtube|discord|un forum|le forum|les reseaux|un reseau|whatsapp|messenger|le web|the web|a website|the website|a forum|social media)\b|\ben ligne\b|\bonline\b|\bsite\b|\bwebsite\b|\bvideos?\b|\bposts?\b|\bpubli\w*|\bposted\b|\btuto\w*/;
