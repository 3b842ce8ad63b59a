/*
 * Relais console — the read-only content preview for editors (and supervisors): the answers the bot
 * gives per topic, the canned answers agents insert, the menu steps. No conversation is ever shown here.
 */
import { $, api, dateLocale, el, intentLabel, isSafeUrl } from './lib.js';
import { language, t } from './strings.js';

// The content's texts in the agent's language when written in it (content has fr and en at least).
const pick = (text) => (text && (text[language()] || text.fr || text.en)) || '';

function links(list) {
  const ul = el('ul', 'msg-links');
  for (const l of list || []) {
    const li = el('li');
    if (isSafeUrl(l.url)) {
      const a = el('a', '', pick(l.label) || l.url);
      a.href = l.url;
      a.rel = 'noopener noreferrer';
      a.target = '_blank';
      li.append(a);
    } else li.textContent = pick(l.label);
    ul.append(li);
  }
  return ul;
}

function section(title, entries) {
  const box = el('section', 'content-section');
  box.append(el('h3', '', title));
  const list = el('dl', 'content-list');
  for (const [term, text, extra] of entries) {
    list.append(el('dt', '', term));
    const dd = el('dd');
    dd.append(el('p', 'msg-text', text));
    if (extra?.length) dd.append(links(extra));
    list.append(dd);
  }
  box.append(list);
  return box;
}

/** Loads and shows the content in force. */
export async function loadContent() {
  const body = $('content-body');
  try {
    const c = await api('GET', '/content');
    $('content-version').textContent = t('content.version', { version: c.version });
    const refused = [];
    if (c.rejected) {
      // An editor's last change was refused: say so first, with every file:line to fix.
      const box = el('section', 'content-section content-rejected');
      box.setAttribute('role', 'alert');
      box.append(el('h3', '', t('content.rejected', { at: new Date(c.rejected.at).toLocaleString(dateLocale()), version: c.version })));
      const list = el('ul');
      for (const line of c.rejected.problems) list.append(el('li', 'mono', line));
      box.append(list);
      refused.push(box);
    }
    body.replaceChildren(
      ...refused,
      section(
        t('content.intents'),
        c.intents.map((k) => [`${intentLabel(k.intent)} — ${pick(k.title)}${k.handoff ? t('content.handoff') : ''}`, pick(k.answer), k.links]),
      ),
      section(
        t('content.canned'),
        c.canned.map((r) => [r.id, pick(r.text), r.links]),
      ),
      section(
        t('content.steps'),
        c.steps.map((s) => [s.id, pick(s.say) + (s.choices.length ? `\n→ ${s.choices.map((ch) => pick(ch.label)).join(' · ')}` : ''), s.links]),
      ),
    );
  } catch (_) {
    body.replaceChildren(el('p', 'empty', t('content.unavailable')));
  }
}
