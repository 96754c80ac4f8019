// Audit (auditor and up): log length, the last signed head, the verification status, the
// export's download (a tar of what `tallyd export` writes, for `tallyd verify`) and the
// history of any form.
import {api} from './api.js';
import {el, section, table} from './dom.js';
import {count, time} from './format.js';
import {formHistory} from './history.js';

export const audit = {
  title: 'Audit',
  access: 'auditor',
  async render({params}) {
    const answer = await api('GET', '/api/v1/audit');
    if (!answer.ok) throw new Error(`the audit: ${answer.message}`);
    const a = answer.body;
    const v = a.verification ?? {};
    const form = params[0] ? decodeURIComponent(params[0]) : '';
    return [
      table('The audit log', ['Figure', 'Value'], [
        ['Log length', count(a.log_length)],
        ['Signed head index', count(a.head?.index)],
        ['Signed head hash', {value: a.head?.hash ?? '—', class: 'hash'}],
        ['Signed at', time(a.head?.signed_at)],
        ['Signature', {value: a.head?.signature ?? '—', class: 'hash'}],
        ['Key id', a.head?.key_id ?? '—'],
        ['Verification', el('strong', {'data-verification': v.status}, v.status ?? '—')],
        ['Checked at', time(v.checked_at)],
        ['Entries checked', count(v.checked_length)],
        ...(v.error ? [['Error', v.error]] : []),
      ]),
      section('The export',
        el('p', {}, el('a', {href: '/api/v1/audit/export', download: true, 'data-export': ''},
                       'Download the export'),
           ` (a tar of the audit log, devices, records, tally, definition, schema, server key `,
           `and binding at log length ${count(a.log_length)} or later). Check it offline: `,
           el('code', {}, 'mkdir x && tar -xf tally-export-N.tar -C x && tallyd verify --export x'),
           '.')),
      section('History of a form',
        el('form', {class: 'picker', onsubmit: (event) => {
          event.preventDefault();
          const id = event.target.elements.form.value.trim();
          if (id) location.hash = `#/audit/${encodeURIComponent(id)}`;
        }}, el('label', {for: 'audit-form'}, 'Form id (STATION/UNIT)'),
            el('input', {id: 'audit-form', name: 'form', value: form, autocomplete: 'off'}),
            el('button', {type: 'submit'}, 'Show the history')),
        form ? await formHistory(form) : null),
    ];
  },
};
