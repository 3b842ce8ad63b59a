/*
 * Relais console — the supervisor view: live, anonymous figures pushed over the socket (waiting,
 * in progress, presence, response times, deflection, satisfaction), an hourly chart drawn in inline
 * SVG, the agents' load and the audit log. No message text, no citizen identifier, ever.
 */
import { $, api, el, formatSeconds, formatTime } from './lib.js';

const SVG = 'http://www.w3.org/2000/svg';
const STATUS = { available: 'Disponible', away: 'Absent', offline: 'Hors ligne' };
const ACTIONS = {
  login: 'connexion',
  login_failed: 'échec de connexion',
  logout: 'déconnexion',
  presence: 'présence',
  read: 'lecture',
  claim: 'prise en charge',
  assign: 'attribution auto.',
  reply: 'réponse',
  note: 'note interne',
  transfer: 'transfert',
  requeue: 'remise en file',
  close: 'clôture',
  auto_close: 'clôture auto.',
  view_audit: 'consultation du journal',
  forward: 'transmission à une unité',
};

/** Renders one figures frame. */
export function renderStats(s) {
  if (!s) return;
  $('sup-updated').textContent = `Données du ${s.date}, mises à jour à ${new Date(s.at).toLocaleTimeString('fr-FR')} (en direct).`;
  const pct = (x) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)} %`);
  kpis([
    [
      'waiting',
      'En attente',
      String(s.waiting.total),
      s.waiting.urgent
        ? `${s.waiting.urgent} urgente(s) · la plus ancienne : ${formatSeconds(s.waiting.oldestSeconds)}`
        : s.waiting.total
          ? `la plus ancienne : ${formatSeconds(s.waiting.oldestSeconds)}`
          : "personne n'attend",
      s.waiting.urgent > 0,
    ],
    ['in-progress', 'En cours', String(s.inProgress), 'avec un agent'],
    ['agents', 'Agents disponibles', String(s.presence.available), `${s.presence.away} absent(s) · ${s.presence.offline} hors ligne`],
    [
      'first-response',
      '1re réponse (médiane)',
      formatSeconds(s.firstResponse.p50),
      `90e centile : ${formatSeconds(s.firstResponse.p90)} · ${s.firstResponse.count} mesure(s)`,
    ],
    ['wait', 'Attente (médiane)', formatSeconds(s.wait.p50), `90e centile : ${formatSeconds(s.wait.p90)}`],
    ['handled', "Traitées aujourd'hui", String(s.today.handled), `${s.today.handoffs} transmise(s) aux agents, dont ${s.today.urgent} urgente(s)`],
    [
      'deflection',
      'Sans agent (déflexion)',
      pct(s.today.deflectionRate),
      `${s.today.started} conversation(s) · ${s.today.resolvedByBot} réglée(s) par l'assistant`,
    ],
    [
      'satisfaction',
      'Satisfaction',
      s.satisfaction.average === null ? '—' : `${String(s.satisfaction.average).replace('.', ',')} / 5`,
      `${s.satisfaction.count} avis`,
    ],
  ]);
  renderChart(s.hours, s.hour);
  renderSatisfaction(s.satisfaction);
  renderAgents(s.agents, s.routing);
}

function kpis(cards) {
  const box = $('kpis');
  for (const [key, label, value, detail, alarm] of cards) {
    let card = box.querySelector(`[data-kpi="${key}"]`);
    if (!card) {
      card = el('div', 'kpi');
      card.dataset.kpi = key;
      card.append(el('p', 'kpi-label', label), el('p', 'kpi-value'), el('p', 'kpi-detail'));
      box.append(card);
    }
    card.querySelector('.kpi-value').textContent = value;
    card.querySelector('.kpi-detail').textContent = detail;
    card.classList.toggle('kpi--alarm', Boolean(alarm));
  }
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Bars: hand-offs per hour; line: mean wait of those served in the hour (own scale, on the right). */
function renderChart(hours, now) {
  const W = 720,
    H = 240,
    L = 36,
    R = 48,
    T = 12,
    B = 28;
  const peak = Math.max(4, ...hours.map((h) => h.arrivals));
  const maxArrivals = peak + (peak % 2); // even, so the middle tick is a whole number
  const longest = Math.max(0, ...hours.map((h) => h.averageWaitSeconds || 0));
  const maxWait = [60, 120, 240, 360, 600, 1200, 1800, 3600, 7200].find((s) => s >= longest) || Math.ceil(longest / 3600) * 3600;
  const slot = (W - L - R) / 24;
  const y = (v) => T + (H - T - B) * (1 - v / maxArrivals);
  const yWait = (v) => T + (H - T - B) * (1 - v / maxWait);
  const total = hours.reduce((a, h) => a + h.arrivals, 0);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Arrivées par heure aujourd'hui : ${total} au total` });
  for (const frac of [0, 0.5, 1]) {
    const v = Math.round(maxArrivals * frac);
    chart.append(
      svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' }),
      svg('text', { x: L - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, String(v)),
    );
    chart.append(svg('text', { x: W - R + 6, y: yWait(maxWait * frac) + 4, class: 'axis axis--wait' }, formatSeconds(maxWait * frac)));
  }
  const points = [];
  hours.forEach((h, i) => {
    const x = L + i * slot;
    const bar = svg('rect', {
      x: x + 2,
      y: y(h.arrivals),
      width: Math.max(1, slot - 4),
      height: Math.max(0, y(0) - y(h.arrivals)),
      class: `bar${i === now ? ' bar--now' : ''}`,
    });
    bar.append(svg('title', {}, `${i} h : ${h.arrivals} arrivée(s), attente moyenne ${formatSeconds(h.averageWaitSeconds)}`));
    chart.append(bar);
    if (i % 3 === 0) chart.append(svg('text', { x: x + slot / 2, y: H - 8, class: 'axis', 'text-anchor': 'middle' }, `${i} h`));
    if (h.averageWaitSeconds !== null) points.push(`${x + slot / 2},${yWait(h.averageWaitSeconds)}`);
  });
  if (points.length) {
    chart.append(svg('polyline', { points: points.join(' '), class: 'wait-line' }));
    for (const p of points) {
      const [cx, cy] = p.split(',');
      chart.append(svg('circle', { cx, cy, r: 3, class: 'wait-dot' }));
    }
  }
  $('chart').replaceChildren(chart);
}

function renderSatisfaction(sat) {
  const box = $('satisfaction');
  box.textContent = '';
  const max = Math.max(1, ...Object.values(sat.distribution));
  box.append(
    el(
      'p',
      'sat-average',
      sat.average === null ? "Pas encore d'avis aujourd'hui." : `Moyenne : ${String(sat.average).replace('.', ',')} / 5 sur ${sat.count} avis`,
    ),
  );
  const list = el('ul', 'sat-bars');
  for (const n of ['5', '4', '3', '2', '1']) {
    const li = el('li', 'sat-row');
    const bar = el('span', 'sat-bar');
    bar.style.setProperty('--w', String(Math.round((sat.distribution[n] / max) * 100)));
    li.append(el('span', 'sat-label', `${n} ★`), bar, el('span', 'sat-count', String(sat.distribution[n])));
    list.append(li);
  }
  box.append(list);
}

function renderAgents(agents, routing) {
  const body = $('agents-body');
  body.textContent = '';
  for (const a of agents) {
    const tr = el('tr');
    const status = el('td');
    status.append(el('span', `dot dot--${a.status}`), document.createTextNode(` ${STATUS[a.status] || a.status}`));
    tr.append(el('td', '', a.username), el('td', '', a.role), status, el('td', '', a.load + (routing.mode === 'auto' ? ` / ${routing.capacity}` : '')));
    body.append(tr);
  }
  if (!agents.length) body.append(row(4, 'Aucun compte agent.'));
}

/** Reloads the last audit entries. */
export async function loadAudit() {
  const body = $('audit-body');
  try {
    const { entries } = await api('GET', '/audit?limit=40');
    body.textContent = '';
    for (const e of entries) {
      const tr = el('tr');
      tr.append(
        el('td', '', formatTime(e.at)),
        el('td', '', e.actor),
        el('td', '', ACTIONS[e.action] || e.action),
        el('td', 'mono', e.conversation ? e.conversation.slice(0, 8) : ''),
        el('td', '', e.detail || ''),
      );
      if (e.conversation) tr.lastChild.previousSibling.title = e.conversation;
      body.append(tr);
    }
    if (!entries.length) body.append(row(5, 'Journal vide.'));
  } catch (_) {
    body.replaceChildren(row(5, 'Journal indisponible.'));
  }
}

function row(columns, text) {
  const tr = el('tr');
  const td = el('td', 'empty', text);
  td.colSpan = columns;
  tr.append(td);
  return tr;
}
