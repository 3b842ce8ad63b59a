/** The help centre's topics: the knowledge entries a citizen may look up, in one language. */
import type { Content, KnowledgeEntry, LocalizedLink } from '../content/types.js';
import type { IntentId } from '../core/triage.js';
import { pickText } from '../i18n/phrases.js';

/** One topic as the API and the pages show it. */
export interface HelpTopic {
  intent: IntentId;
  title: string;
  /** The answer, paragraphs separated by line breaks. */
  text: string;
  links: { label: string; url: string }[];
  /** The topic's narrower answers (`answers:` in its knowledge file), each under its own title; absent when it has none. */
  answers?: { id: string; title: string; text: string; links: { label: string; url: string }[] }[];
}

/** The entries the help centre offers: all but those marked `help: false` (conversation moves). */
export function helpEntries(content: Content): KnowledgeEntry[] {
  return [...content.knowledge.values()].filter((entry) => entry.help);
}

/** The entry for `intent` if the help centre offers it. */
export function helpEntry(content: Content, intent: string): KnowledgeEntry | undefined {
  const entry = content.knowledge.get(intent as IntentId);
  return entry?.help ? entry : undefined;
}

/** An entry in `locale` (English, then French, where the content lacks that language). */
export function topicIn(entry: KnowledgeEntry, locale: string): HelpTopic {
  return {
    intent: entry.intent,
    title: pickText(entry.title, locale),
    text: pickText(entry.answer, locale).trim(),
    links: linksIn(entry.links, locale),
    ...(entry.answers.length
      ? {
          answers: entry.answers.map((sub) => ({
            id: sub.id,
            title: pickText(sub.title, locale),
            text: pickText(sub.answer, locale).trim(),
            links: linksIn(sub.links, locale),
          })),
        }
      : {}),
  };
}

function linksIn(links: LocalizedLink[], locale: string): HelpTopic['links'] {
  return links.map((link) => ({ label: pickText(link.label, locale), url: link.url }));
}
