/*
 * Relais console — the supervisor's "figures per day" download (GET /stats.csv?from&to). The console
 * authenticates with a Bearer header (its token lives in sessionStorage, never in a cookie), which a
 * plain link cannot send: the file is fetched with the header, then handed to the browser as a
 * download from a blob: address, under the name the hub gives it.
 */
import { $, API, notice, state } from './lib.js';
import { t } from './strings.js';

const REVOKE_AFTER_MS = 60_000;

/** Today in the browser's calendar, as YYYY-MM-DD (the hub counts days in the service's time zone). */
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Wires the form; both dates start on today. */
export function bindDailyCsv() {
  $('csv-from').value = $('csv-from').value || today();
  $('csv-to').value = $('csv-to').value || today();
  $('csv-form').addEventListener('submit', (event) => {
    event.preventDefault();
    download();
  });
}

async function download() {
  const from = $('csv-from').value || today();
  const to = $('csv-to').value || today();
  if (from > to) {
    notice(t('csv.badRange'));
    return $('csv-to').focus();
  }
  $('csv-download').disabled = true;
  try {
    const res = await fetch(`${API}/stats.csv?${new URLSearchParams({ from, to })}`, {
      headers: state.token ? { Authorization: `Bearer ${state.token}` } : {},
      cache: 'no-store',
    });
    if (res.status === 401) return state.onExpired();
    if (!res.ok) return notice(t(res.status === 400 ? 'csv.badRange' : 'csv.failed'));
    const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '')?.[1] || `relais-${from}-${to}.csv`;
    const href = URL.createObjectURL(await res.blob());
    const link = document.createElement('a');
    link.href = href;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    // The browser has taken the file by then; the address is only freed.
    setTimeout(() => URL.revokeObjectURL(href), REVOKE_AFTER_MS);
  } catch (_) {
    notice(t('csv.failed'));
  } finally {
    $('csv-download').disabled = false;
  }
}
