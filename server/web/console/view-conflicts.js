// Conflicts queue (auditor and up; supervisors and the operator adjudicate): every flagged
// form, oldest first, each conflicting field's values side by side with who entered them,
// the checks that failed, the form's history. An adjudication names the form version the
// supervisor saw (`seen`), so one made on a stale view is refused; when a form leaves
// the queue because someone else resolved it, the page says so.
import {api} from './api.js';
import {el, note, table} from './dom.js';
import {time, valueText} from './format.js';
import {historyDetails} from './history.js';

let seenForms = new Set();   // the forms of the last rendering
let mine = new Set();        // the forms this page resolved
let messages = [];           // what the last actions answered, shown above the queue

export const conflicts = {
  title: 'Conflicts',
  access: 'auditor',
  async render({session, refresh, openDetails}) {
    const answer = await api('GET', '/api/v1/conflicts');
    if (!answer.ok) throw new Error(`the conflicts queue: ${answer.message}`);
    const forms = answer.body.conflicts;
    const now = new Set(forms.map((form) => form.form));
    for (const form of seenForms) {
      if (!now.has(form) && !mine.has(form)) {
        messages.push({text: `${form} was resolved by someone else meanwhile (see its history ` +
                             'on the station page).', kind: 'resolved-elsewhere'});
      }
    }
    seenForms = now;
    mine = new Set([...mine].filter((form) => now.has(form)));
    const mayAdjudicate = session.role === 'supervisor' || session.role === 'operator';
    const act = async (form, body, what) => {
      const sent = await api('POST', '/api/v1/adjudications',
                             {form: form.form, ...body, ...(form.version ? {seen: form.version} : {})});
      messages = [{text: sent.ok ? `${what}: done (${sent.body.status}).` :
                               `${what}: refused: ${sent.message}`,
                   kind: sent.ok ? 'done' : 'refused'}];
      if (sent.ok && sent.body.status !== 'flagged') mine.add(form.form);
      refresh();
    };
    // Kept until the next action: a live refresh may render before or after the answer.
    const shown = messages.map(
        (message) => el('p', {class: `message ${message.kind}`, role: 'status'}, message.text));
    if (forms.length === 0) return [...shown, note('No form is flagged.')];
    return [...shown,
            el('p', {}, `${forms.length} flagged form${forms.length === 1 ? '' : 's'}, oldest first.`),
            ...forms.map((form) => formCard(form, mayAdjudicate, act, openDetails))];
  },
};

function formCard(form, mayAdjudicate, act, openDetails) {
  const station = form.form.split('/')[0];
  return el('article', {class: 'card', 'data-form': form.form},
    el('h3', {}, form.form, ' ', el('a', {href: `#/station/${encodeURIComponent(station)}`},
                                    `station ${station}`)),
    el('p', {}, `Status ${form.status}`, form.queued_at ? ` · queued ${time(form.queued_at)}` : ''),
    reasons(form),
    ...(form.fields ?? []).map((field) => fieldTable(form, field, mayAdjudicate, act)),
    mayAdjudicate ? el('p', {}, el('button', {type: 'button', class: 'accept',
                                              onclick: () => act(form, {accept: true},
                                                                 `Accept ${form.form}`)},
                                   `Accept ${form.form} as it stands`)) : null,
    historyDetails(form.form, openDetails.has(form.form)));
}

function reasons(form) {
  const items = [...(form.reasons ?? []).map((r) => (r.detail ? `${r.kind}: ${r.detail}` : r.kind)),
                 ...(form.failures ?? []).map((f) => `check ${f.check} (${f.severity}): ${f.message}`)];
  return items.length ? el('ul', {class: 'reasons'}, items.map((item) => el('li', {}, item))) : null;
}

function fieldTable(form, field, mayAdjudicate, act) {
  const label = `${form.form} ${field.path}`;
  // `$submission` holds the submissions' value hashes: settled by accepting the form.
  if (field.path.startsWith('$')) mayAdjudicate = false;
  const take = (value) => act(form, {field: field.path, value}, `Set ${label} to ${valueText(value)}`);
  const rows = field.siblings.map((sibling) => [
    {value: valueText(sibling.value), class: 'count'}, sibling.device, sibling.station ?? '',
    time(sibling.hlc_ms), mayAdjudicate ?
        el('button', {type: 'button', onclick: () => take(sibling.value)},
           `Take ${valueText(sibling.value)}`) : '']);
  const inputId = `value-${form.form}-${field.path}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const own = mayAdjudicate ? el('form', {class: 'adjudicate', onsubmit: (event) => {
    event.preventDefault();
    const text = event.target.elements.value.value.trim();
    take(/^\d+$/.test(text) ? Number(text) : text);
  }}, el('label', {for: inputId}, `Value for ${field.path}`),
      el('input', {id: inputId, name: 'value', inputmode: 'numeric', required: true}),
      el('button', {type: 'submit'}, `Set ${field.path}`)) : null;
  return el('div', {class: 'field', 'data-field': field.path},
            table(`${label}: conflicting values`, ['Value', 'Device', 'Station', 'Entered',
                                                    mayAdjudicate ? 'Adjudicate' : ''],
                  rows, {rowHeaders: false}),
            own);
}
