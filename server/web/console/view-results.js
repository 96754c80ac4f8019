// Results (auditor and up; the public page reuses the tables): per level and unit the
// voters, turnout, valid and invalid ballots, votes per candidate, winners and the
// re-vote, supplementary and tie-for-the-committee flags; the second round's figures and
// the seats filled over both rounds, with which levels are final; the province-wide
// table; the tally to download as CSV and JSON.
import {api} from './api.js';
import {el, section, table} from './dom.js';
import {count, percent} from './format.js';
import {definition} from './names.js';

export const results = {
  title: 'Results',
  access: 'auditor',
  async render() {
    const [answer, names] = await Promise.all([api('GET', '/api/v1/tally'), definition()]);
    if (!answer.ok) throw new Error(`the tally: ${answer.message}`);
    return [
      el('p', {class: 'downloads'}, 'Download the tally: ',
         el('a', {href: '/api/v1/tally?format=csv', download: 'tally.csv'}, 'CSV'), ' · ',
         el('a', {href: '/api/v1/tally', download: 'tally.json'}, 'JSON')),
      ...tallyTables(answer.body, names),
    ];
  },
};

// The tables of a tally-result/1 document, names from the definition.
export function tallyTables(tally, names) {
  const p = tally.province;
  const province = table('Province-wide', ['Figure', 'Value'], [
    ['Units complete', `${count(p.units_complete)} of ${count(p.units)}`],
    ['Seats filled', `${count(p.seats_filled)} of ${count(p.seats)}`],
    ['Seats undecided', count(p.seats_undecided)],
    ['Units needing a re-vote', count(p.units_revote)],
    ['Units needing a supplementary election', count(p.units_supplementary)],
    ['Units tied (the committee decides)', count(p.units_tied)],
    ['Stations reported', `${count(p.stations_reported)} of ${count(p.stations_expected)}`],
    ['Forms reported', `${count(p.forms_reported)} of ${count(p.forms_expected)}`],
    ['Second round: units voting again', count(p.second_round_units)],
    ['Second round: seats filled', `${count(p.second_round_seats_filled)} of ${count(p.second_round_seats)}`],
    ['Units final', `${count(p.units_final)} of ${count(p.units)}`],
  ]);
  const levels = table('Per level', ['Level', 'Stations', 'Registered', 'Voted', 'Turnout',
                                     'Valid', 'Invalid', 'Seats filled', 'Flags', 'Round 2',
                                     'After both rounds'],
    tally.levels.map((l) => [l.name, `${count(l.stations_reported)} / ${count(l.stations_expected)}`,
                             num(l.registered), num(l.voted), percent(l.turnout_percent),
                             num(l.valid), num(l.invalid), `${l.seats_filled} / ${l.seats}`,
                             levelFlags(l), secondRound(l),
                             `${l.seats_filled_all_rounds} / ${l.seats}` +
                                 (l.final ? ' · final' : ' · not final')]));
  const byLevel = tally.levels.map((level) => el('details', {'data-level': level.level},
    el('summary', {}, `${level.name}: units (${level.units})`),
    ...tally.units.filter((unit) => unit.level === level.level)
                  .map((unit) => unitTable(unit, names))));
  return [section('Province', province, levels), section('Units', ...byLevel)];
}

function unitTable(unit, names) {
  const winners = new Set(unit.winners ?? []);
  const tied = new Set(unit.tied ?? []);
  const candidates = Object.entries(unit.votes ?? {}).map(([id, votes]) => [
    names.candidate(id), num(votes),
    winners.has(id) ? 'elected' : tied.has(id) ? 'tied: the committee decides' : '']);
  const flags = unitFlags(unit);
  return el('div', {class: 'unit', 'data-unit': unit.unit},
    el('h4', {}, names.unit(unit.unit) +
                 (unit.round === 2 ? ` — round 2, ${unit.round_kind === 'revote' ? 're-vote' :
                                                    'supplementary election'} of ${names.unit(unit.round_of)}` : '')),
    el('p', {}, `${count(unit.stations_reported)} / ${count(unit.stations_expected)} stations · `,
       `registered ${count(unit.registered)} · voted ${count(unit.voted)} (turnout `,
       `${percent(unit.turnout_percent)}) · valid ${count(unit.valid)} · invalid `,
       `${count(unit.invalid)} · seats ${unit.seats_filled} / ${unit.seats} · ${unit.state}`),
    flags ? el('p', {class: 'flags'}, flags) : null,
    table(`${names.unit(unit.unit)}: votes per candidate`, ['Candidate', 'Votes', 'Result'],
          candidates));
}

const num = (value) => ({value: count(value), class: 'count'});

// A level's second round: its units, seats filled of the seats they fill, turnout.
function secondRound(level) {
  const round = level.second_round;
  if (!round || round.units === 0) return '';
  return `${count(round.units)} units · ${round.seats_filled} / ${round.seats} seats · ` +
         `${count(round.stations_reported)} / ${count(round.stations_expected)} stations · ` +
         `turnout ${percent(round.turnout_percent)}`;
}

function unitFlags(unit) {
  const flags = [];
  if (unit.revote_needed) flags.push('re-vote needed');
  if (unit.supplementary_needed) flags.push('supplementary election needed');
  if ((unit.tied ?? []).length > 0) flags.push('tie: for the committee');
  return flags.join(' · ');
}

function levelFlags(level) {
  const flags = [];
  if (level.units_revote) flags.push(`${level.units_revote} re-vote`);
  if (level.units_supplementary) flags.push(`${level.units_supplementary} supplementary`);
  if (level.units_tied) flags.push(`${level.units_tied} tied`);
  return flags.join(', ');
}
