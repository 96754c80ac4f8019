// The real tallyd for a browser test: `tallyd init` in a fresh directory, `tallyd serve`
// over TLS (the data directory's self-signed certificate) on a free 127.0.0.1 port, its
// CLI subcommands, API calls with its tokens, and a stop that waits for the exit. Binaries
// come from CMake through the environment (tests/browser/CMakeLists.txt).
import {execFile, spawn} from 'node:child_process';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {watch} from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);
export const sourceRoot = process.env.TALLY_SOURCE_ROOT;
export const binaries = {
  tallyd: process.env.TALLYD_BINARY,
  officer: process.env.TALLY_OFFICER_BINARY,
  night: process.env.TALLY_NIGHT_BINARY,
};
const formSchema = path.join(sourceRoot ?? '', 'schemas/forms/station-count-1.json');

// Resolves once `file` exists with content (watching its directory, then reading it, so
// a write between the two is not missed), or rejects after `seconds`: a deadline that
// only catches a hang.
export function fileContent(file, seconds = 30) {
  return new Promise((resolve, reject) => {
    const read = () => readFile(file, 'utf8').then((text) => text.trim(), () => '');
    const finish = (error, text) => {
      watcher.close();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(text);
    };
    const check = () => read().then((text) => { if (text) finish(null, text); });
    const watcher = watch(path.dirname(file), check);
    const timer = setTimeout(
        () => finish(new Error(`${file} did not appear within ${seconds} s`)), seconds * 1000);
    check();
  });
}

// One tallyd: init + serve, stopped (and its directory removed) by stop().
export class Tallyd {
  static async start(definition) {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'tally-browser-'));
    const server = new Tallyd(scratch);
    await server.cli(['init', '--data', server.data, '--definition', definition, '--schema',
                      formSchema]);
    await server.serve();
    return server;
  }

  // A tallyd another program started (tally-night --keep) on `data` at `url`; stop()
  // ends it by its pid.
  static async attach(scratch, data, url, pid) {
    const server = new Tallyd(scratch, data);
    server.url = url.replace(/\/$/, '');
    server.ca = await readFile(path.join(data, 'tls-cert.pem'), 'utf8');
    server.pid = pid;
    return server;
  }

  constructor(scratch, data = path.join(scratch, 'data')) {
    this.scratch = scratch;
    this.data = data;
    this.child = null;
  }

  // Serves on `port` (0: a free one, written to tallyd.port).
  async serve(port = 0) {
    const portFile = path.join(this.data, 'tallyd.port');
    await rm(portFile, {force: true});
    this.child = spawn(binaries.tallyd,
                       ['serve', '--data', this.data, '--listen', `127.0.0.1:${port}`],
                       {stdio: ['ignore', 'ignore', 'pipe']});
    this.log = '';
    this.child.stderr.on('data', (chunk) => { this.log += chunk; });
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
    const died = this.exited.then((code) => {
      throw new Error(`tallyd exited (${code}) before listening:\n${this.log}`);
    });
    this.port = Number(await Promise.race([fileContent(portFile), died]));
    this.url = `https://127.0.0.1:${this.port}`;
    this.ca = await readFile(path.join(this.data, 'tls-cert.pem'), 'utf8');
  }

  // A tallyd subcommand on this data directory's server; resolves to its stdout.
  async cli(args, input) {
    const child = run(binaries.tallyd, args, {timeout: 60000});
    if (input !== undefined) child.child.stdin.end(input);
    const {stdout} = await child;
    return stdout;
  }

  async enrolmentCode({station, role = 'officer'}) {
    const args = ['enrol', '--data', this.data];
    if (station) args.push('--station', station);
    else args.push('--role', role);
    return (await this.cli(args)).trim().split(/\s+/).pop();
  }

  // A console account (`tallyd user add`, the password on stdin).
  async addUser(name, role, password = `${name}-password-1`) {
    await this.cli(['user', 'add', name, '--data', this.data, '--role', role], `${password}\n`);
    return {name, password};
  }

  async token(role) {
    return (await readFile(path.join(this.data, `${role}.token`), 'utf8')).trim();
  }

  // One API request with a role's Bearer token (or none): {status, headers, body text}.
  async request(method, urlPath, {role, body, headers = {}} = {}) {
    const sent = {...headers};
    if (role) sent.Authorization = `Bearer ${await this.token(role)}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload) sent['Content-Type'] = 'application/json';
    return new Promise((resolve, reject) => {
      const request = https.request(`${this.url}${urlPath}`, {method, headers: sent, ca: this.ca},
                                    (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => { text += chunk; });
        response.on('end', () => resolve({status: response.statusCode,
                                          headers: response.headers, text}));
      });
      request.on('error', reject);
      request.end(payload);
    });
  }

  async json(urlPath, role = 'operator') {
    const answer = await this.request('GET', urlPath, {role});
    if (answer.status !== 200) throw new Error(`GET ${urlPath}: ${answer.status} ${answer.text}`);
    return JSON.parse(answer.text);
  }

  // Stops the server (SIGTERM, waits for the exit) and serves again on the same port.
  async restart() {
    await this.halt();
    await this.serve(this.port);
  }

  async halt() {
    if (this.child && this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      await this.exited;
    }
  }

  async stop() {
    if (this.pid) {
      process.kill(this.pid, 'SIGTERM');
      await until('the kept tallyd exits', () => {
        try {
          process.kill(this.pid, 0);
          return false;
        } catch {
          return true;
        }
      });
    }
    await this.halt();
    await rm(this.scratch, {recursive: true, force: true});
  }
}

// Resolves with `probe()`'s first truthy answer; probes again after each answer (a short
// pause between them, not a wait for time to pass), rejects after `seconds` (a hang).
export async function until(what, probe, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const answer = await probe();
    if (answer) return answer;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
