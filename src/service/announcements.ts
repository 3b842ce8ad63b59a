/** The announcements in force: those of flows/service.yaml whose end has not passed, in a language. */
import type { Link } from '../core/messages.js';
import type { ServiceSettings } from '../content/types.js';
import { pickText } from '../i18n/phrases.js';

/** An announcement as citizens get it (API, widget, first messages of a conversation). */
export interface ShownAnnouncement {
  id: string;
  text: string;
  links?: Link[];
  /** When it ends, ISO 8601 (UTC). */
  until?: string;
}

/** The unexpired announcements at `at`, in `locale` (falling back to English, then French). */
export function activeAnnouncements(settings: ServiceSettings, locale: string, at: number): ShownAnnouncement[] {
  return settings.announcements
    .filter((a) => a.until === undefined || a.until > at)
    .map((a) => ({
      id: a.id,
      text: pickText(a.text, locale),
      ...(a.links.length ? { links: a.links.map((l) => ({ label: pickText(l.label, locale), url: l.url })) } : {}),
      ...(a.until !== undefined ? { until: new Date(a.until).toISOString() } : {}),
    }));
}
