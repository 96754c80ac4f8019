// During a reduced election night (tally-night: the real client library, officers'
// devices with typos, offline stretches and double entries, supervisors adjudicating),
// an auditor's open overview page rises by itself, from live events alone, to the final
// figures the API reports once the night is over.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';

import {Browser, logIn, screenshot} from './support/browser.mjs';
import {binaries, Tallyd, until} from './support/tallyd.mjs';

let scratch;
let night;
let server;
let browser;

before(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'tally-browser-night-'));
  const data = path.join(scratch, 'night');
  night = spawn(binaries.night, ['--data', data, '--device-stores', path.join(scratch, 'devices'),
                                 '--stations', '60', '--seed', '7', '--workers', '2',
                                 '--supervisors', '1', '--kills', '1', '--night-seconds', '12',
                                 '--double-entry-percent', '30', '--keep'],
                {stdio: ['ignore', 'pipe', 'pipe']});
  night.output = '';
  night.stdout.on('data', (chunk) => { night.output += chunk; });
  night.stderr.on('data', (chunk) => { night.output += chunk; });
  night.exited = new Promise((resolve) => night.once('exit', resolve));
  const tallydData = path.join(data, 'tallyd');
  const url = await until('tally-night starts tallyd', () =>
    readFile(path.join(tallydData, 'tallyd.url'), 'utf8').then((text) => text.trim(), () => ''),
    120);
  server = await Tallyd.attach(scratch, tallydData, url, null);
  browser = await Browser.launch();
});

after(async () => {
  if (night && night.exitCode === null) night.kill('SIGTERM');
  await night?.exited;
  await browser?.close();
  const kept = /tallyd keeps running \(pid (\d+)\)/.exec(night?.output ?? '');
  if (server && kept) server.pid = Number(kept[1]);
  await server?.stop();
  await rm(scratch, {recursive: true, force: true});
});

test('the overview rises to the night\'s final figures by itself', async () => {
  const auditor = await server.addUser('auditor.pham', 'auditor');
  const page = await browser.page();
  await logIn(page, server.url, auditor);
  // Every value the accepted-records figure shows, as the page shows it.
  await page.evaluate(() => {
    window.acceptedSeen = [];
    const record = () => {
      const figure = document.querySelector('[data-figure="accepted"]');
      const value = figure ? Number(figure.textContent.replace(/,/g, '')) : NaN;
      if (!Number.isNaN(value) && window.acceptedSeen.at(-1) !== value) window.acceptedSeen.push(value);
    };
    new MutationObserver(record).observe(document.getElementById('view-body'),
                                         {childList: true, subtree: true, characterData: true});
    record();
  });
  const code = await night.exited;
  assert.equal(code, 0, `tally-night failed:\n${night.output}`);
  const final = await server.json('/api/v1/overview', 'auditor');
  assert.ok(final.records.accepted > 0);
  await page.waitForFunction((expected) => window.acceptedSeen.at(-1) === expected,
                             final.records.accepted, {timeout: 60000});
  const seen = await page.evaluate(() => window.acceptedSeen);
  assert.ok(seen.length >= 3, `the figure rose in steps: ${seen.join(', ')}`);
  assert.ok(seen[0] < final.records.accepted, `it started below the final: ${seen.join(', ')}`);
  const stations = await page.locator('meter').first().getAttribute('value');
  assert.equal(Number(stations), final.levels[0].stations_reported);
  await screenshot(page, 'overview');
  assert.deepEqual(page.problems, []);
});
