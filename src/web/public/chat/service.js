// @ts-check
// The service banner: whether officers are online (and when they are back) and the announcements in
// force, from GET /api/v1/service. Refreshed when the service opens or closes, and every few minutes.
import { locale, t } from './strings.js';

const REFRESH_MS = 5 * 60_000;

/** @typedef {{ label: string, url: string }} Link */
/** @typedef {{ id: string, text: string, links?: Link[], until?: string }} Announcement */
/** @typedef {{ open: boolean, nextChange?: string, timezone: string, announcements: Announcement[] }} Service */

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** "mercredi 2 décembre à 08:00" on the service's clock. @param {string} iso @param {string} timeZone */
function backAt(iso, timeZone) {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(
      new Date(iso),
    );
  } catch (_) {
    return new Date(iso).toLocaleString(locale);
  }
}

/** @param {Service} service */
function render(service) {
  const banner = byId('service-banner');
  const status = byId('agents-status');
  banner.classList.toggle('away', !service.open);
  if (service.open) status.textContent = t('agentsOnline');
  else if (service.nextChange) status.textContent = `${t('agentsAway')} ${backAt(service.nextChange, service.timezone)}. ${t('afterHoursHint')}`;
  else status.textContent = `${t('agentsAwayLater')} ${t('afterHoursHint')}`;
  const list = byId('announcements');
  list.replaceChildren(
    ...service.announcements.map((a) => {
      const item = document.createElement('li');
      item.dataset.announcement = a.id;
      item.append(document.createTextNode(a.text));
      for (const link of a.links || []) {
        if (!/^https:\/\//.test(link.url)) continue;
        const anchor = document.createElement('a');
        anchor.href = link.url;
        anchor.target = '_blank';
        anchor.rel = 'noopener noreferrer';
        anchor.textContent = link.label;
        item.append(' ', anchor);
      }
      return item;
    }),
  );
  list.hidden = service.announcements.length === 0;
  banner.hidden = false;
}

let timer = 0;

/** Loads the banner now and keeps it current; a failure leaves it hidden (the chat works without it). */
export async function showService() {
  clearTimeout(timer);
  let next = REFRESH_MS;
  try {
    const res = await fetch(`/api/v1/service?locale=${encodeURIComponent(locale)}`);
    if (res.ok) {
      /** @type {Service} */
      const service = await res.json();
      render(service);
      if (service.nextChange) next = Math.max(1000, Math.min(REFRESH_MS, Date.parse(service.nextChange) - Date.now() + 1000));
    }
  } catch (_) {
    /* offline: try again later */
  }
  timer = window.setTimeout(showService, next);
}
