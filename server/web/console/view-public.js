// Public results (no login): the tally per level, unit and station and, per station
// record, its values and its SHA-256 hash, what a party agent checks against the paper.
import {api} from './api.js';
import {el, note, section} from './dom.js';
import {definition} from './names.js';
import {valuesTable} from './records.js';
import {tallyTables} from './view-results.js';
import {stationPicker} from './view-station.js';

export const publicResults = {
  title: 'Public results',
  access: 'none',
  async render({params}) {
    const [answer, names] = await Promise.all([api('GET', '/api/v1/public/results'),
                                               definition()]);
    if (!answer.ok) throw new Error(`the public results: ${answer.message}`);
    const id = params[0] ? decodeURIComponent(params[0]) : '';
    return [...tallyTables(answer.body, names),
            section('A station\'s records', stationPicker(id, names, '#/public/'),
                    id ? await stationRecords(id, names) : note('Choose a station to see its records and their hashes.'))];
  },
};

async function stationRecords(id, names) {
  const answer = await api('GET', `/api/v1/public/stations/${encodeURIComponent(id)}`);
  if (!answer.ok) return el('p', {class: 'error', role: 'alert'}, answer.message);
  const s = answer.body;
  return el('div', {'data-station': s.station ?? id},
    el('h4', {}, `${s.station ?? id}: ${s.name ?? names.station(id)}`),
    ...(s.levels ?? []).map((level) => el('div', {class: 'record'},
      el('h5', {}, `${names.level(level.level)} · ${names.unit(level.unit)}`),
      el('p', {}, 'SHA-256 of the accepted values: ',
         el('code', {class: 'hash'}, level.hash ?? '(no accepted record yet)')),
      valuesTable(`${s.station ?? id} ${level.level}: accepted values`, level.values, names))));
}
