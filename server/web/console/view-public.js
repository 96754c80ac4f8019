// Public results (no login): the tally per level, unit and station and, per station
// record, its values and its SHA-256 hash, what a party agent checks against the paper,
// and the log entry of its submission, which the page checks is in the server's signed
// transparency log (merkle.js).
import {api} from './api.js';
import {el, note, section} from './dom.js';
import {count, time} from './format.js';
import * as merkle from './merkle.js';
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
      logEntry(level),
      valuesTable(`${s.station ?? id} ${level.level}: accepted values`, level.values, names))));
}

// What the last check of each record found, by form and log entry: a live refresh redraws
// the page and shows it again.
const checks = new Map();
const short = (hex) => `${hex.slice(0, 8)}…`;

function logEntry(level) {
  if (!level.log_index) return null;
  const key = `${level.form}#${level.log_index}`;
  const result = el('p', {class: 'log-check', role: 'status', 'data-log-check': key});
  showCheck(result, checks.get(key));
  const button = el('button', {
    type: 'button',
    id: `check-${level.form}`,  // a live refresh gives the focus back to it
    onclick: async () => {
      button.disabled = true;
      showCheck(result, {ok: null, text: 'Checking the log…'});
      let found;
      try {
        found = await checkInLog(level);
      } catch (error) {
        found = {ok: false, text: `The check could not finish: ${error.message}`};
      }
      checks.set(key, found);
      // The page may have been redrawn meanwhile: show it where the record is now.
      for (const node of document.querySelectorAll('p[data-log-check]')) {
        if (node.dataset.logCheck === key) showCheck(node, found);
      }
      button.disabled = false;
    },
  }, 'Check it is in the log');
  return el('div', {class: 'log-entry'},
            el('p', {}, 'Submitted in log entry ', el('strong', {class: 'log-index'}, String(level.log_index)),
               ' ', button),
            result);
}

function showCheck(node, found) {
  node.textContent = found?.text ?? '';
  node.classList.toggle('error', found?.ok === false);
  node.classList.toggle('ok', found?.ok === true);
}

// Whether log entry level.log_index is in the tree the server signed last, and is the
// submission of the published values: every hash recomputed here from the bytes.
async function checkInLog(level) {
  const index = level.log_index;
  const fail = (text) => ({ok: false, text});
  if (!globalThis.crypto?.subtle) {
    return fail('This browser offers no WebCrypto on this page (it needs https): nothing was checked.');
  }
  const [head, key] = await Promise.all([api('GET', '/api/v1/public/log/tree-head'),
                                         api('GET', '/api/v1/public/log/key')]);
  if (!head.ok) return fail(`The log's signed tree head could not be read: ${head.message}`);
  if (!key.ok) return fail(`The server's key could not be read: ${key.message}`);
  const size = head.body.tree_size;
  if (index > size) {
    return fail(`Log entry ${index} is not in the latest signed tree head yet (of ${count(size)} entries): check again in a moment.`);
  }
  const proof = await api('GET', `/api/v1/public/log/inclusion?index=${index}&tree_size=${size}`);
  if (!proof.ok) return fail(`The inclusion proof of log entry ${index} could not be read: ${proof.message}`);
  const p = proof.body;
  if (p.log_index !== index || p.tree_size !== size) {
    return fail(`The server answered a proof of entry ${p.log_index} in a tree of ${p.tree_size} entries, not of entry ${index} in the tree of ${size}.`);
  }
  let bytes;
  try {
    bytes = {
      root: merkle.fromHex(head.body.root_hash, 32),
      signature: merkle.fromHex(head.body.signature, 64),
      key: merkle.fromHex(key.body.server_key, 32),
      op: merkle.fromHex(p.op),
      path: p.audit_path.map((hash) => merkle.fromHex(hash, 32)),
    };
  } catch (error) {
    return fail(`The server's answer is malformed: ${error.message}`);
  }
  const leaf = await merkle.leafHash(index, p.receive_ms, bytes.op);
  if (!await merkle.verifyInclusion(index - 1, size, leaf, bytes.path, bytes.root)) {
    return fail(`The audit path does not lead to the signed root: the log the server shows does not hold log entry ${index} as published.`);
  }
  let op;
  try {
    op = merkle.opHeader(bytes.op);
  } catch (error) {
    return fail(`Log entry ${index} is in the log, but its bytes are not an op: ${error.message}`);
  }
  if (op.kind !== 2 || op.form !== level.form || merkle.toHex(op.valuesHash) !== level.hash) {
    return fail(`Log entry ${index} is in the log, but it is not the submission of these values of ${level.form}.`);
  }
  const signed = await merkle.verifyTreeHead(bytes.key, size, head.body.timestamp_ms, bytes.root,
                                             bytes.signature);
  if (signed === false) {
    return fail(`The tree head's signature does not verify with the server key ${short(key.body.server_key)}: it is not the server's tree head.`);
  }
  const entry = `Log entry ${index}, the submission of these values (SHA-256 ${short(level.hash)}), ` +
                `is in the log of ${count(size)} entries whose root is ${short(head.body.root_hash)}; `;
  const signedHead = `the tree head (signed ${time(head.body.timestamp_ms)})`;
  return {
    ok: true,
    text: signed ? `${entry}${signedHead} verifies with the server key ${short(key.body.server_key)}.` :
                   `${entry}this browser cannot check Ed25519 signatures, so ${signedHead} was not checked against the server key.`,
  };
}
