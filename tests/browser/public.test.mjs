// The public results page, no login, on a definition whose names carry <script>, quotes
// and ampersands: a visitor sees the tally and a station's record values and hash, the
// names as text (nothing of them runs or becomes an element), and nothing that needs a
// login (the navigation offers none of it, the server refuses it). A visitor checks that a
// record's submission is in the server's signed transparency log, and the page reports a
// proof the server altered.
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';

import {phone, screenshot} from './support/browser.mjs';
import {Device} from './support/officer.mjs';
import {naRecord} from './support/records.mjs';
import {sourceRoot, until} from './support/tallyd.mjs';
import {consoleSuite} from './support/suite.mjs';

const form = 'TN-0001/NA-01';
const definition = path.join(sourceRoot, 'tests/browser/data/hostile-election.json');
const election = JSON.parse(await readFile(definition, 'utf8'));
const suite = consoleSuite({
  definition,
  prepare: async (server) => {
    const officer = await Device.enrol(server, 'officer', {station: 'TN-0001'});
    await officer.enter(form, naRecord());
    await officer.submit(form);
    await officer.sync();
    await until('the record is accepted', async () =>
      (await server.json('/api/v1/progress')).forms_accepted === 1);
  },
});

test('a visitor sees the results with every name as text', async () => {
  const page = await suite.browser.page();
  await page.goto(`${suite.server.url}/`);
  await page.locator('#view[data-view="public"] details[data-level="NA"]').waitFor();
  assert.deepEqual(await page.locator('#nav a').allTextContents(), ['Public results', 'Log in']);
  await page.locator('details[data-level="NA"] summary').click();
  const candidate = election.units[0].candidates[0].name;
  const row = page.locator('[data-unit="NA-01"] tr', {hasText: candidate});
  await row.waitFor();
  assert.equal(await row.locator('th').textContent(), candidate);
  assert.equal(await row.locator('td').first().textContent(), '500');
  assert.equal(await page.locator('[data-unit="NA-01"] h4').textContent(), election.units[0].name);
  const injected = await page.evaluate(() => ({
    flags: window.injected,
    scripts: document.scripts.length,
    images: document.querySelectorAll('img').length,
    bold: document.querySelectorAll('#view b').length,
  }));
  assert.deepEqual(injected, {flags: undefined, scripts: 1, images: 0, bold: 0});
  await screenshot(page, 'public');
  assert.deepEqual(page.problems, []);
});

test('a visitor checks a station record\'s values and hash against the paper', async () => {
  const page = await suite.browser.page(phone);
  await page.goto(`${suite.server.url}/#/public/TN-0001`);
  const station = page.locator('[data-station="TN-0001"]');
  await station.waitFor();
  assert.match(await station.locator('h4').textContent(), /<script>window\.injected=3<\/script> "số 1" &/);
  const hash = await station.locator('code.hash').first().textContent();
  assert.match(hash, /^[0-9a-f]{64}$/);
  const published = await suite.server.json('/api/v1/public/stations/TN-0001', null);
  assert.ok(published.levels.some((level) => level.hash === hash));
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= phone.width, `the page is ${width} px wide at 390 px`);
  await screenshot(page, 'public-station-phone');
  assert.equal(await page.evaluate(() => window.injected), undefined);
});

// The station page with its NA record's log entry shown, and that record's element.
async function naRecordOf(page) {
  await page.goto(`${suite.server.url}/#/public/TN-0001`);
  const published = await suite.server.json('/api/v1/public/stations/TN-0001', null);
  const na = published.levels.find((level) => level.level === 'NA');
  assert.ok(Number.isInteger(na.log_index) && na.log_index > 0, JSON.stringify(na));
  const record = page.locator('[data-station="TN-0001"] .record', {hasText: na.hash});
  await record.locator('.log-index', {hasText: String(na.log_index)}).waitFor();
  return {na, record};
}

test('a visitor checks that a record\'s submission is in the signed log', async () => {
  const page = await suite.browser.page();
  const {na, record} = await naRecordOf(page);
  const head = await suite.server.json('/api/v1/public/log/tree-head', null);
  await record.getByRole('button', {name: 'Check it is in the log'}).click();
  const result = record.locator('.log-check.ok');
  await result.waitFor();
  const text = await result.textContent();
  assert.match(text, new RegExp(`^Log entry ${na.log_index}, the submission of these values ` +
                                `\\(SHA-256 ${na.hash.slice(0, 8)}…\\), is in the log of \\d+ entries`));
  const size = Number(/the log of (\d+) entries/.exec(text)[1]);
  assert.ok(size >= head.tree_size && size >= na.log_index, text);
  assert.match(text, /whose root is [0-9a-f]{8}…; the tree head \(signed [^)]+\) verifies with the server key [0-9a-f]{8}…\.$/);
  assert.deepEqual(page.problems, []);
});

test('the page reports an audit path the server altered', async () => {
  const page = await suite.browser.page();
  await page.route('**/api/v1/public/log/inclusion?*', async (route) => {
    const response = await route.fetch();
    const proof = await response.json();
    const first = proof.audit_path[0];
    proof.audit_path[0] = (first[0] === '0' ? '1' : '0') + first.slice(1);
    await route.fulfill({response, json: proof});
  });
  const {record} = await naRecordOf(page);
  await record.getByRole('button', {name: 'Check it is in the log'}).click();
  const result = record.locator('.log-check.error');
  await result.waitFor();
  assert.match(await result.textContent(),
               /^The audit path does not lead to the signed root: the log the server shows does not hold log entry \d+ as published\.$/);
  assert.equal(await record.locator('.log-check.ok').count(), 0);
});

test('nothing that needs a login answers a visitor', async () => {
  const page = await suite.browser.page();
  await page.goto(`${suite.server.url}/`);
  const statuses = await page.evaluate(async () => {
    const paths = ['/api/v1/tally', '/api/v1/conflicts', '/api/v1/overview', '/api/v1/devices',
                   '/api/v1/audit'];
    return Promise.all(paths.map(async (p) => (await fetch(p)).status));
  });
  assert.deepEqual(statuses, [401, 401, 401, 401, 401]);
  await page.goto(`${suite.server.url}/#/conflicts`);
  await page.getByLabel('Name').waitFor();
  assert.equal(await page.locator('#view').isHidden(), true);
});
