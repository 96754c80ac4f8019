// A field device driven through the real `tally-officer` CLI (the app's stand-in): its
// own SQLite store, enrolled with a one-time code, edits offline, then syncs to tallyd.
import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';

import {binaries} from './tallyd.mjs';

const run = promisify(execFile);

export class Device {
  static async enrol(server, name, {station, role = 'officer'} = {}) {
    const device = new Device(path.join(server.scratch, `${name}.db`));
    const code = await server.enrolmentCode({station, role});
    await device.officer(['enrol', '--server', `${server.url.replace('https', 'wss')}/sync`, '--code',
                          code, '--ca', path.join(server.data, 'tls-cert.pem')]);
    return device;
  }

  constructor(store) {
    this.store = store;
  }

  async officer(args) {
    const {stdout} = await run(binaries.officer, ['--store', this.store, ...args],
                               {timeout: 60000});
    return stdout;
  }

  // Sets every field of `values` ({field: count} with `votes` as {candidate: count}).
  async enter(form, values) {
    for (const [field, value] of Object.entries(values)) {
      if (typeof value === 'object') {
        for (const [candidate, votes] of Object.entries(value)) {
          await this.officer(['set', form, `${field}.${candidate}`, String(votes)]);
        }
      } else {
        await this.officer(['set', form, field, String(value)]);
      }
    }
  }

  async submit(form) { await this.officer(['submit', form]); }
  async sync() { await this.officer(['sync']); }
}
