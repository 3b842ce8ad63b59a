/*
 * Relais console — the supervisor view: live, anonymous figures pushed over the socket (waiting,
 * in progress, presence, response times, deflection, satisfaction), an hourly chart drawn in inline
 * SVG, the agents' load and the audit log. No message text, no citizen identifier, ever.
 */
import { $, api, dateLocale, el, formatSeconds, formatTime } from './lib.js';
import { t } from './strings.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Renders one figures frame. */
export function renderStats(s) {
  if (!s) return;
  $('sup-updated').textContent = t('sup.updated', { date: s.date, time: new Date(s.at).toLocaleTimeString(dateLocale()) });
  const pct = (x) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)} %`);
  const decimal = (x) => (dateLocale() === 'fr-FR' ? String(x).replace('.', ',') : String(x));
  const oldest = formatSeconds(s.waiting.oldestSeconds);
  kpis([
    [
      'waiting',
      t('sup.waiting'),
      String(s.waiting.total),
      s.waiting.urgent
        ? t('sup.waitingUrgent', { urgent: s.waiting.urgent, oldest })
        : s.waiting.total
          ? t('sup.waitingOldest', { oldest })
          : t('sup.nobodyWaiting'),
      s.waiting.urgent > 0,
    ],
    ['in-progress', t('sup.inProgress'), String(s.inProgress), t('sup.withAgent')],
    ['agents', t('sup.available'), String(s.presence.available), t('sup.availableDetail', { away: s.presence.away, offline: s.presence.offline })],
    [
      'first-response',
      t('sup.firstResponse'),
      formatSeconds(s.firstResponse.p50),
      t('sup.p90Count', { value: formatSeconds(s.firstResponse.p90), count: s.firstResponse.count }),
    ],
    ['wait', t('sup.wait'), formatSeconds(s.wait.p50), t('sup.p90', { value: formatSeconds(s.wait.p90) })],
    ['handled', t('sup.handled'), String(s.today.handled), t('sup.handledDetail', { handoffs: s.today.handoffs, urgent: s.today.urgent })],
    // Out of the conversations where the citizen wrote something: an opened, silent widget proves nothing.
    [
      'deflection',
      t('sup.deflection'),
      pct(s.today.deflectionRate),
      t('sup.deflectionDetail', { engaged: s.today.engaged ?? s.today.started, handoffs: s.today.handoffs }),
    ],
    [
      'satisfaction',
      t('sup.satisfaction'),
      s.satisfaction.average === null ? '—' : t('sup.outOf5', { value: decimal(s.satisfaction.average) }),
      t('sup.reviews', { count: s.satisfaction.count }),
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
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('sup.chartLabel', { total }) });
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
    bar.append(svg('title', {}, t('sup.bar', { hour: i, arrivals: h.arrivals, wait: formatSeconds(h.averageWaitSeconds) })));
    chart.append(bar);
    if (i % 3 === 0) chart.append(svg('text', { x: x + slot / 2, y: H - 8, class: 'axis', 'text-anchor': 'middle' }, t('sup.hour', { hour: i })));
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
      sat.average === null
        ? t('sup.noReview')
        : t('sup.average', { value: dateLocale() === 'fr-FR' ? String(sat.average).replace('.', ',') : String(sat.average), count: sat.count }),
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
    status.append(el('span', `dot dot--${a.status}`), document.createTextNode(` ${t(`presence.${a.status}`, { defaultValue: a.status })}`));
    tr.append(
      el('td', '', a.display ? `${a.display} (${a.username})` : a.username),
      el('td', '', t(`roles.${a.role}`, { defaultValue: a.role })),
      status,
      el('td', '', a.load + (routing.mode === 'auto' ? ` / ${routing.capacity}` : '')),
    );
    body.append(tr);
  }
  if (!agents.length) body.append(row(4, t('sup.noAgent')));
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
        el('td', '', t(`sup.actions.${e.action}`, { defaultValue: e.action })),
        el('td', 'mono', e.conversation ? e.conversation.slice(0, 8) : ''),
        el('td', '', e.detail || ''),
      );
      if (e.conversation) tr.lastChild.previousSibling.title = e.conversation;
      body.append(tr);
    }
    if (!entries.length) body.append(row(5, t('sup.auditEmpty')));
  } catch (_) {
    body.replaceChildren(row(5, t('sup.auditDown')));
  }
}

function row(columns, text) {
  const tr = el('tr');
  const td = el('td', 'empty', text);
  td.colSpan = columns;
  tr.append(td);
  return tr;
}
