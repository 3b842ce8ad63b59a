/** Words that say nothing about a topic (articles, pronouns, prepositions, auxiliaries) in the
 * content's languages, normalised as `normalizeTokens` leaves them (lowercase, no accents). A search
 * ignores them: "le", "de" and "the" are in every topic and would make every topic match a little. */
const WORDS = `
le la les un une des du de au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs
je tu il elle on nous vous ils elles me te se moi toi lui en y et ou mais donc or ni car que qui quoi dont ou
a est sont ai as avons avez ont etre avoir fait faire suis es etes pour par sur sous dans avec sans chez vers
pas ne plus tres comment quel quelle quels quelles si ca cela
the an of to in on at for from by with and or but is are was were be been am do does did have has had it its
my your his her our their this that these those what how who which can could would should will not no me i you
el los las una unos unas del al lo y o que en con por para es son mi tu su sus yo como
der die das den dem des ein eine einen einem einer und oder ist sind ich du er sie es wir ihr mit von zu im
mein meine wie was wer nicht auf fur bei
o os um uma uns umas do da dos das no na nos nas em com por para e eu meu minha
il lo gli una uno dei della delle al alla con per di da che non mio mia sono ho come
`;

/** The words a search ignores. */
export const STOP_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));
