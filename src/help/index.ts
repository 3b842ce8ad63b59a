/** The help centre: topics from the knowledge files, their search, and their server-rendered pages;
 * the legal pages share its frame. */
export { chooseLanguage, helpLanguages, textDirection } from './languages.js';
export { type PageContext, pageUrl } from './layout.js';
export { legalPageLanguages, renderLegalPage } from './legal-page.js';
export { MAX_QUERY_CHARS, renderHelpHome, renderHelpProblem, renderHelpTopic } from './pages.js';
export { type HelpHit, type HelpSearchOptions, searchHelp } from './search.js';
export { type HelpTopic, helpEntries, helpEntry, topicIn } from './topics.js';
