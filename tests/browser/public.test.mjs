// The public results page, no login, on a definition whose names carry <script>, quotes
// and ampersands: a visitor sees the tally and a station's record values and hash, the
// names as text (nothing of them runs or becomes an element), and nothing that needs a
// login (the navigation offers none of it, the server refuses it).
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
