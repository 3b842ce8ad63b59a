/*
 * Relais console — editing the canned answers (editors and supervisors): pick an answer or start a new
 * one, change its category and its text per language, save. The hub checks the whole list like
 * `relais validate` and writes knowledge/canned.yaml; a refusal lists each `file:line` to fix.
 * Links are kept as they are (edited in the file).
 */
import { $, API, el, state } from './lib.js';
import { t } from './strings.js';

/** The languages an answer may be written in (the content's seven). */
const LANGUAGES = ['fr', 'en', 'es', 'ar', 'de', 'pt', 'it'];
const NEW = '';

let list = [];
/** The file's version the list was read at: the hub refuses to save over a colleague's newer change. */
let fileVersion = '';

/** A PUT that keeps the 422's list of problems (lib.js's api() keeps only the message). */
async function putList(canned) {
  const res = await fetch(`${API}/canned`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', ...(state.token ? { Authorization: `Bearer ${state.token}` } : {}) },
    body: JSON.stringify({ canned, version: fileVersion }),
    cache: 'no-store',
  });
  const data = await res.json().catch(() => null);
  return { status: res.status, data };
}

function field(id, label, control) {
  const box = el('div', 'canned-editor-field');
  const caption = el('label', '', label);
  caption.htmlFor = id;
  control.id = id;
  box.append(caption, control);
  return box;
}

/** Builds the form once, in the content view. */
function build(root) {
  root.replaceChildren();
  const title = el('h2', '', t('cannedEditor.title'));
  title.id = 'canned-editor-title';
  root.append(title, el('p', 'hint', t('cannedEditor.hint', { vars: '{{agent}}, {{station}}, {{code}}' })));
  const pick = el('select');
  root.append(field('canned-editor-pick', t('cannedEditor.pick'), pick));
  const form = el('form', 'canned-editor-form');
  form.id = 'canned-editor-form';
  form.noValidate = true;
  const id = el('input');
  id.autocomplete = 'off';
  id.required = true;
  form.append(field('canned-editor-id', t('cannedEditor.id'), id));
  form.append(field('canned-editor-category', t('cannedEditor.category'), el('input')));
  for (const lang of LANGUAGES) {
    const area = el('textarea');
    area.rows = 2;
    area.dir = lang === 'ar' ? 'rtl' : 'auto';
    area.lang = lang;
    form.append(field(`canned-editor-text-${lang}`, t('cannedEditor.text', { lang: lang.toUpperCase() }), area));
  }
  const buttons = el('div', 'canned-editor-buttons');
  const save = el('button', 'primary', t('cannedEditor.save'));
  save.type = 'submit';
  save.id = 'canned-editor-save';
  const remove = el('button', 'secondary', t('cannedEditor.delete'));
  remove.type = 'button';
  remove.id = 'canned-editor-delete';
  buttons.append(save, remove);
  form.append(buttons);
  const status = el('p', 'hint');
  status.id = 'canned-editor-status';
  status.setAttribute('role', 'status');
  // The alert wraps the list: a list keeps its role, and its items are read out when they appear.
  const alert = el('div');
  alert.setAttribute('role', 'alert');
  const problems = el('ul', 'mono');
  problems.id = 'canned-editor-problems';
  alert.append(problems);
  root.append(form, status, alert);

  pick.addEventListener('change', () => show(pick.value));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save.disabled = true;
    submit(pick.value, false).finally(() => {
      save.disabled = false;
    });
  });
  remove.addEventListener('click', () => {
    if (pick.value !== NEW) submit(pick.value, true);
  });
}

function fillPicker(selected) {
  const pick = $('canned-editor-pick');
  pick.replaceChildren(el('option', '', t('cannedEditor.new')));
  pick.firstChild.value = NEW;
  for (const answer of list) {
    const option = el('option', '', answer.category ? `${answer.category} — ${answer.id}` : answer.id);
    option.value = answer.id;
    pick.append(option);
  }
  pick.value = list.some((a) => a.id === selected) ? selected : NEW;
  show(pick.value);
}

/** Puts an answer (or a blank one) in the form. */
function show(id) {
  const answer = list.find((a) => a.id === id);
  $('canned-editor-id').value = answer?.id || '';
  $('canned-editor-category').value = answer?.category || '';
  for (const lang of LANGUAGES) $(`canned-editor-text-${lang}`).value = answer?.text?.[lang] || '';
  $('canned-editor-delete').disabled = !answer;
}

/** The answer as the form says; links are the original's. */
function fromForm(original) {
  const text = {};
  for (const lang of LANGUAGES) {
    const value = $(`canned-editor-text-${lang}`).value.trim();
    if (value) text[lang] = value;
  }
  const category = $('canned-editor-category').value.trim();
  return { id: $('canned-editor-id').value.trim(), ...(category ? { category } : {}), text, ...(original?.links?.length ? { links: original.links } : {}) };
}

async function submit(selected, remove) {
  const original = list.find((a) => a.id === selected);
  const edited = remove ? null : fromForm(original);
  const next = list.filter((a) => a.id !== selected || !remove).map((a) => (a.id === selected && edited ? edited : a));
  if (edited && !original) next.push(edited);
  const status = $('canned-editor-status');
  const problems = $('canned-editor-problems');
  status.textContent = t('cannedEditor.saving');
  problems.replaceChildren();
  try {
    const { status: code, data } = await putList(next.map(({ languages: _, ...rest }) => rest));
    if (code === 200) {
      list = data.canned;
      fileVersion = data.fileVersion;
      fillPicker(edited ? edited.id : NEW);
      status.textContent = t(remove ? 'cannedEditor.deleted' : 'cannedEditor.saved', { version: data.version });
    } else if (code === 422) {
      status.textContent = t('cannedEditor.refused');
      for (const line of data.error.problems || []) problems.append(el('li', '', line));
    } else if (code === 409) {
      status.textContent = t('cannedEditor.conflict');
      await loadCannedEditor($('canned-editor'), true);
    } else status.textContent = t('cannedEditor.failed', { message: data?.error?.message || `HTTP ${code}` });
  } catch (_) {
    status.textContent = t('cannedEditor.failed', { message: t('cannedEditor.offline') });
  }
}

/** Shows the editor in `root` with the answers in force (`keepStatus`: after a conflict, say why). */
export async function loadCannedEditor(root, keepStatus) {
  if (!root.firstChild) build(root);
  root.hidden = false;
  try {
    const res = await fetch(`${API}/canned`, { headers: state.token ? { Authorization: `Bearer ${state.token}` } : {}, cache: 'no-store' });
    const data = await res.json();
    list = data.canned || [];
    fileVersion = data.fileVersion || '';
  } catch (_) {
    list = [];
  }
  if (!keepStatus) $('canned-editor-status').textContent = '';
  fillPicker($('canned-editor-pick').value);
}
