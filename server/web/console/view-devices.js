// Devices (operator): enrolled devices with online, last seen and ops acked; revoke;
// one-time enrolment codes, each with the QR image of its enrolment URI (the server's SVG,
// shown from a blob: URL) for an officer's phone to scan; add a person's account.
import {api} from './api.js';
import {el, section, table} from './dom.js';
import {count, time} from './format.js';

let messages = [];
let codes = [];  // codes made on this page: shown until the page is reloaded

export const devices = {
  title: 'Devices',
  access: 'operator',
  async render({refresh}) {
    const [listed, users] = await Promise.all([api('GET', '/api/v1/devices'),
                                               api('GET', '/api/v1/users')]);
    if (!listed.ok) throw new Error(`the devices: ${listed.message}`);
    const say = (text, kind) => { messages = [{text, kind}]; refresh(); };
    const revoke = async (device) => {
      const sent = await api('POST', `/api/v1/devices/${encodeURIComponent(device.id)}/revoke`);
      say(sent.ok ? `Revoked ${device.id}.` : `Revoking ${device.id}: ${sent.message}`,
          sent.ok ? 'done' : 'refused');
    };
    const shown = messages.map((m) => el('p', {class: `message ${m.kind}`, role: 'status'}, m.text));
    messages = [];
    return [
      ...shown,
      section(
          'Enrolled devices',
          table(
              'Enrolled devices',
              ['Device', 'Role', 'Station', 'Online', 'Last seen', 'Ops acked', 'Enrolled', ''],
              listed.body.devices.map(
                  (d) =>
                      [d.id, d.role, d.station ?? '', d.online ? 'online' : 'offline',
                       time(d.last_seen_at), count(d.ops_acked), time(d.enrolled_ms),
                       d.revoked ? 'revoked' :
                           d.id.startsWith('tallyd-console') ?
                                   '' :
                                   el('button', {type: 'button', onclick: () => revoke(d)},
                                      `Revoke ${d.id}`)]))),
      section('Enrolment codes', codeForm(say), ...codes.map(codeCard)),
      section(
          'People',
          users.ok ? table(
                         'Accounts', ['Name', 'Role', 'Created'],
                         users.body.users.map((u) => [u.name, u.role, time(u.created_at)])) :
                     el('p', {class: 'error'}, users.message),
          userForm(say))
    ];
  },
};

function codeForm(say) {
  const make = async (event) => {
    event.preventDefault();
    const f = event.target.elements;
    const body = {role: f.role.value};
    if (f.role.value === 'officer') body.station = f.station.value.trim();
    const sent = await api('POST', '/api/v1/enrolment-codes', body);
    if (sent.ok) {
      // Kept until the page is reloaded, as the code is: every render shows the same image.
      const image = new Blob([sent.body.qr_svg], {type: 'image/svg+xml'});
      codes.unshift({
        ...body,
        code: sent.body.code,
        uri: sent.body.enrol_uri,
        image: URL.createObjectURL(image)
      });
    }
    say(sent.ok ? `Made a code for ${body.station ?? body.role}.` : `Code: ${sent.message}`,
        sent.ok ? 'done' : 'refused');
  };
  return el('form', {class: 'stack', onsubmit: make},
    el('label', {for: 'code-role'}, 'Role'),
    el('select', {id: 'code-role', name: 'role'},
       ['officer', 'supervisor', 'auditor'].map((r) => el('option', {value: r}, r))),
    el('label', {for: 'code-station'}, 'Station (officers)'),
    el('input', {id: 'code-station', name: 'station', autocomplete: 'off'}),
    el('button', {type: 'submit'}, 'Make an enrolment code'));
}

function codeCard(made) {
  const whose = `${made.role}${made.station ? ` of ${made.station}` : ''}`;
  return el(
      'figure', {class: 'code'}, el('img', {
        src: made.image,
        width: 240,
        height: 240,
        'data-qr': made.code,
        alt: `QR code of enrolment code ${made.code} (${whose})`
      }),
      el('figcaption', {}, el('code', {'data-code': made.code}, made.code), ` · ${whose}`, el('br'),
         el('code', {class: 'uri', 'data-uri': made.code}, made.uri)));
}

function userForm(say) {
  const add = async (event) => {
    event.preventDefault();
    const f = event.target.elements;
    const body = {name: f.name.value.trim(), role: f.role.value, password: f.password.value};
    const sent = await api('POST', '/api/v1/users', body);
    say(sent.ok ? `Added ${body.name} (${body.role}).` : `Adding ${body.name}: ${sent.message}`,
        sent.ok ? 'done' : 'refused');
  };
  return el('form', {class: 'stack', onsubmit: add},
    el('label', {for: 'user-name'}, 'Name'),
    el('input', {id: 'user-name', name: 'name', required: true, autocomplete: 'off'}),
    el('label', {for: 'user-role'}, 'Role'),
    el('select', {id: 'user-role', name: 'role'},
       ['supervisor', 'auditor', 'operator'].map((r) => el('option', {value: r}, r))),
    el('label', {for: 'user-password'}, 'Password'),
    el('input', {id: 'user-password', name: 'password', type: 'password', required: true,
                 autocomplete: 'new-password'}),
    el('button', {type: 'submit'}, 'Add the account'));
}
