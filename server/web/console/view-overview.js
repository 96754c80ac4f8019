// Overview (auditor and up): stations reported per level and district with bars, the
// records accepted / flagged / in conflict, ops per second, devices online, last commit.
import {api} from './api.js';
import {bar, el, section, table} from './dom.js';
import {count, time} from './format.js';

export const overview = {
  title: 'Overview',
  access: 'auditor',
  async render() {
    const answer = await api('GET', '/api/v1/overview');
    if (!answer.ok) throw new Error(`the overview: ${answer.message}`);
    const o = answer.body;
    const figures = el('dl', {class: 'figures'},
      figure('Records accepted', count(o.records.accepted), 'accepted'),
      figure('Records flagged', count(o.records.flagged), 'flagged'),
      figure('Records in conflict', count(o.records.in_conflict), 'in-conflict'),
      figure('Ops per second', String(o.ops_per_second ?? 0), 'ops-per-second'),
      figure('Devices online', `${count(o.devices_online)} of ${count(o.devices_enrolled)}`,
             'devices-online'),
      figure('Log length', count(o.log_length), 'log-length'),
      figure('Last commit', time(o.last_commit_at), 'last-commit'));
    const levels = table('Stations reported per level',
      ['Level', 'Reported'],
      o.levels.map((level) => [level.name,
                               bar(`${level.name}: stations reported`, level.stations_reported,
                                   level.stations_expected)]));
    const districts = o.levels.filter((level) => (level.districts ?? []).length > 0)
                          .map((level) => el('details', {},
      el('summary', {}, `${level.name}: per district (${level.districts.length})`),
      table(`${level.name}: stations reported per district`, ['District', 'Reported'],
            level.districts.map((d) => [d.name, bar(`${d.name}: stations reported`,
                                                   d.stations_reported, d.stations_expected)]))));
    return [figures, section('Stations reported', levels, ...districts)];
  },
};

function figure(label, value, key) {
  return el('div', {}, el('dt', {}, label), el('dd', {'data-figure': key}, value));
}
