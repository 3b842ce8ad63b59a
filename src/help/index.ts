/** The help centre: topics from the knowledge files, their search, and their server-rendered pages. */
export { chooseLanguage, helpLanguages, textDirection } from './languages.js';
export { MAX_QUERY_CHARS, type PageContext, pageUrl, renderHelpHome, renderHelpProblem, renderHelpTopic } from './pages.js';
export { type HelpHit, type HelpSearchOptions, searchHelp } from './search.js';
export { type HelpTopic, helpEntries, helpEntry, topicIn } from './topics.js';
