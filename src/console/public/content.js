/*
 * Relais console — the read-only content preview for editors (and supervisors): the answers the bot
 * gives per topic, the canned answers agents insert, the menu steps. No conversation is ever shown here.
 */
import { $, api, el, intentLabel, isSafeUrl } from './lib.js';

const pick = (text) => (text && (text.fr || text.en)) || '';

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
    $('content-version').textContent = `(version ${c.version})`;
    const refused = [];
    if (c.rejected) {
      // An editor's last change was refused: say so first, with every file:line to fix.
      const box = el('section', 'content-section content-rejected');
      box.setAttribute('role', 'alert');
      box.append(el('h3', '', `Dernière modification refusée (${new Date(c.rejected.at).toLocaleString('fr-FR')}) : la version ${c.version} reste en service`));
      const list = el('ul');
      for (const line of c.rejected.problems) list.append(el('li', 'mono', line));
      box.append(list);
      refused.push(box);
    }
    body.replaceChildren(
      ...refused,
      section(
        'Réponses par sujet',
        c.intents.map((k) => [
          `${intentLabel(k.intent)} — ${pick(k.title)}${k.handoff ? ' (puis mise en relation avec un agent)' : ''}`,
          pick(k.answer),
          k.links,
        ]),
      ),
      section(
        'Réponses types des agents',
        c.canned.map((r) => [r.id, pick(r.text), r.links]),
      ),
      section(
        'Menus',
        c.steps.map((s) => [s.id, pick(s.say) + (s.choices.length ? `\n→ ${s.choices.map((ch) => pick(ch.label)).join(' · ')}` : ''), s.links]),
      ),
    );
  } catch (_) {
    body.replaceChildren(el('p', 'empty', 'Contenu indisponible.'));
  }
}
