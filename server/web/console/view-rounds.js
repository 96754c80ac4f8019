// Rounds (auditor and up): the second round, supplementary elections (Art. 79) and
// re-votes (Art. 80). Before it opens: the units the tally calls to vote again, their
// seats and candidates, and what keeps the round from opening; an operator opens it here
// (forcing it past unreported stations or conflicts, which the log records). After: the
// opening's log entry and the units voting again.
import {api} from './api.js';
import {el, note, section, table} from './dom.js';
import {count} from './format.js';
import {definition} from './names.js';

// The answer to the last opening asked on this page: kept across the live refreshes its
// own commit causes, until the next one.
let messages = [];

export const rounds = {
  title: 'Rounds',
  access: 'auditor',
  async render({session, refresh}) {
    const [answer, names] = await Promise.all([api('GET', '/api/v1/rounds'), definition()]);
    if (!answer.ok) throw new Error(`the second round: ${answer.message}`);
    const round = answer.body;
    const shown = messages.map((m) => el('p', {class: `message ${m.kind}`, role: 'status'}, m.text));
    const units = table(
        round.open ? 'Units voting again' : 'Units the tally calls to vote again',
        ['Unit', 'Of', 'Kind', 'Seats', 'Candidates'],
        round.units.map((u) => [u.unit, names.unit(u.of),
                                u.kind === 'revote' ? 're-vote (Art. 80)' :
                                                      'supplementary election (Art. 79)',
                                count(u.seats), u.candidates.map((c) => names.candidate(c)).join(', ')]));
    const state = round.open ?
        el('p', {'data-round': 'open'},
           `Round 2 is open: log entry ${count(round.log_index)}, by ${round.device}` +
               (round.forced ? ', forced.' : '.')) :
        el('p', {'data-round': round.ready ? 'ready' : 'not-ready'},
           round.units.length === 0 ? `Round 2 cannot open: ${round.blocking}.` :
           round.ready ? 'Round 2 is ready to open.' :
                         `Round 2 is not ready: ${round.blocking}.`);
    const left = (round.without_candidates ?? []).length === 0 ? null :
        note(`No candidate left to stand (for the election committee): ${
            round.without_candidates.map((u) => names.unit(u)).join(', ')}.`);
    const canOpen = !round.open && round.units.length > 0 && session?.role === 'operator';
    return [...shown, section('Second round', state, units, left,
                              canOpen ? openForm(round, (text, kind) => {
                                messages = [{text, kind}];
                                refresh();
                              }) : null)];
  },
};

function openForm(round, say) {
  const open = async (event) => {
    event.preventDefault();
    const force = event.target.elements.force.checked;
    const sent = await api('POST', '/api/v1/rounds', {force});
    say(sent.ok ? `Round 2 opened at log entry ${count(sent.body.log_index)}.` :
                  `Opening round 2: ${sent.message}`,
        sent.ok ? 'done' : 'refused');
  };
  return el('form', {onsubmit: open},
            el('label', {},
               el('input', {type: 'checkbox', name: 'force', id: 'round-force'}),
               ' Open although units have unreported stations or conflicts (the log records it)'),
            el('button', {type: 'submit'}, round.ready ? 'Open round 2' : 'Open round 2 anyway'));
}
