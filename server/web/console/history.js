// A form's history (GET /api/v1/forms/{form}/history): every log entry touching it, in
// log order, with who (device, station, person) and when. Shared by the conflicts queue,
// the station page and the audit page.
import {api} from './api.js';
import {el, table} from './dom.js';
import {time, valueText} from './format.js';

export async function formHistory(form) {
  const answer = await api('GET', `/api/v1/forms/${encodeURIComponent(form)}/history`);
  if (!answer.ok) return el('p', {class: 'error', role: 'alert'}, answer.message);
  return table(`History of ${form}`,
               ['#', 'What', 'Field', 'Value', 'Device', 'Station', 'Person', 'At', 'Hash'],
               answer.body.entries.map((entry) => [
                 String(entry.index), entry.kind, entry.field ?? '', valueText(entry.value),
                 entry.device, entry.station ?? '', entry.person ?? '', time(entry.at),
                 {value: entry.hash, class: 'hash'}]),
               {className: 'history'});
}

// A <details> that loads the history when opened (and again on each live refresh while
// open).
export function historyDetails(form, open) {
  const details = el('details', {class: 'history', 'data-history': form, open},
                     el('summary', {}, `History of ${form}`));
  const load = async () => {
    if (!details.open || details.dataset.loaded) return;
    details.dataset.loaded = 'yes';
    details.append(await formHistory(form));
  };
  details.addEventListener('toggle', load);
  if (open) load();
  return details;
}
