// @ts-check
// What the hub tells the page before anything happens (GET /api/v1/settings): where the quick exit
// goes, whether the contact form takes an e-mail. Read once at start; safe defaults until then.

/** A neutral search page: the default of QUICK_EXIT_URL on the server too. */
const NEUTRAL_PAGE = 'https://www.google.fr/';

/** @typedef {{ quickExitUrl: string, email: boolean }} Settings */

/** The settings in force (defaults until the hub answered). @type {Settings} */
export const settings = { quickExitUrl: NEUTRAL_PAGE, email: false };

/** Reads the hub's settings; keeps the defaults when it cannot. */
export async function loadSettings() {
  try {
    const res = await fetch('/api/v1/settings');
    if (!res.ok) return;
    const body = await res.json();
    if (typeof body.quickExitUrl === 'string' && /^https?:\/\//.test(body.quickExitUrl)) settings.quickExitUrl = body.quickExitUrl;
    settings.email = body.email === true;
  } catch (_) {
    /* offline: the defaults do */
  }
}
