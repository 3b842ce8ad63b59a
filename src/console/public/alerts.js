/*
 * Relais console — alerts for urgent arrivals: a short beep made with WebAudio (no sound file) and a
 * desktop notification (permission asked on a click). Notifications carry the topic, never citizen text.
 */
import { $, intentLabel } from './lib.js';
import { t } from './strings.js';

let audio = null;

/** Prepares sound and (unless `askNotifications` is false) asks for notifications; must run inside a user gesture. */
export function unlockAlerts(askNotifications = true) {
  try {
    audio = audio || new AudioContext();
    if (audio.state === 'suspended') audio.resume();
  } catch (_) {
    audio = null;
  }
  if (askNotifications && 'Notification' in window && Notification.permission === 'default') {
    Notification.requestPermission().then(showAlertState, () => {});
  }
  showAlertState();
}

/** Reflects the alert state on the header button. */
export function showAlertState() {
  const button = $('alerts');
  const sound = audio && audio.state === 'running';
  const notes = 'Notification' in window && Notification.permission === 'granted';
  button.textContent = t(sound || notes ? (notes ? 'header.alertsOn' : 'header.soundOn') : 'header.alertsOff');
  button.setAttribute('aria-pressed', String(Boolean(sound || notes)));
}

/** Two short beeps (urgent) or one (a conversation for you). */
export function beep(urgent) {
  if (audio?.state !== 'running') return;
  const start = audio.currentTime;
  const tones = urgent
    ? [
        [0, 880],
        [0.22, 1175],
      ]
    : [[0, 660]];
  for (const [offset, frequency] of tones) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.18);
    osc.connect(gain).connect(audio.destination);
    osc.start(start + offset);
    osc.stop(start + offset + 0.2);
  }
}

/** Sound and, when allowed, a desktop notification for an urgent conversation in the queue. */
export function alertUrgent(item) {
  beep(true);
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  try {
    const note = new Notification(t('alerts.urgentTitle'), {
      body: `${intentLabel(item.intent)} · ${item.locale || '?'} · ${item.channel || '?'}`,
      tag: `relais-urgent-${item.id}`,
      requireInteraction: true,
    });
    note.onclick = () => {
      window.focus();
      note.close();
    };
  } catch (_) {
    /* some browsers only allow notifications from a service worker */
  }
}
