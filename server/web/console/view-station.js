// Station (auditor and up): its records per level with status, failed checks, conflicting
// values and history (GET /api/v1/stations/{station}).
import {api} from './api.js';
import {el, note, section} from './dom.js';
import {valueText} from './format.js';
import {historyDetails} from './history.js';
import {definition} from './names.js';
import {valuesTable} from './records.js';

export const station = {
  title: 'Station',
  access: 'auditor',
  async render({params, openDetails}) {
    const names = await definition();
    const picker = stationPicker(params[0], names, '#/station/');
    if (!params[0]) return [picker, note('Choose a station.')];
    const answer = await api('GET', `/api/v1/stations/${encodeURIComponent(params[0])}`);
    if (!answer.ok) return [picker, el('p', {class: 'error', role: 'alert'}, answer.message)];
    const s = answer.body;
    return [picker, el('h3', {}, `${s.station}: ${s.name}`),
            ...s.levels.map((level) => section(
              `${names.level(level.level)} · ${names.unit(level.unit)}`,
              el('p', {}, `Form ${level.form} · status `, el('strong', {}, level.status)),
              list('Why flagged', level.reasons, (r) => (r.detail ? `${r.kind}: ${r.detail}` : r.kind)),
              list('Failed checks', level.failures, (f) => `${f.check} (${f.severity}): ${f.message}`),
              list('Conflicting values', level.fields, (f) =>
                `${f.path}: ${f.siblings.map((x) => `${valueText(x.value)} from ${x.device}`).join(' vs ')}`),
              valuesTable(`${level.form}: values`, level.values, names),
              historyDetails(level.form, openDetails.has(level.form))))];
  },
};

function list(title, items, text) {
  if (!items || items.length === 0) return null;
  return el('div', {}, el('p', {}, title), el('ul', {}, items.map((item) => el('li', {}, text(item)))));
}

// A station chooser: a labelled input with the definition's stations as suggestions.
export function stationPicker(current, names, hashPrefix) {
  const go = (event) => {
    event.preventDefault();
    const id = event.target.elements.station.value.trim();
    if (id) location.hash = `${hashPrefix}${encodeURIComponent(id)}`;
  };
  return el('form', {class: 'picker', onsubmit: go},
    el('label', {for: 'station-id'}, 'Station id'),
    el('input', {id: 'station-id', name: 'station', list: 'station-ids', value: current ?? '',
                 autocomplete: 'off'}),
    el('datalist', {id: 'station-ids'},
       [...names.stations.values()].map((s) => el('option', {value: s.id}, s.name))),
    el('button', {type: 'submit'}, 'Show'));
}
