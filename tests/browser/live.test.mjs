// Live updates on the public results page: a commit reaches the open page by itself
// (Server-Sent Events); when tallyd goes away the page says it is reconnecting, and once
// tallyd is back it catches up with what was committed meanwhile.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {Device} from './support/officer.mjs';
import {naRecord} from './support/records.mjs';
import {consoleSuite} from './support/suite.mjs';

const suite = consoleSuite();

const stationsReported = (page) =>
  page.locator('caption', {hasText: 'Province-wide'}).locator('xpath=..')
      .locator('tr', {hasText: 'Stations reported'}).locator('td');

test('a commit reaches the open page, also after the page lost its connection', async () => {
  const first = await Device.enrol(suite.server, 'officer-1', {station: 'TN-0001'});
  const second = await Device.enrol(suite.server, 'officer-2', {station: 'TN-0002'});
  const page = await suite.browser.page();
  await page.goto(`${suite.server.url}/`);
  await page.locator('#live[data-state="live"]').waitFor();
  assert.equal(await stationsReported(page).textContent(), '0 of 2');

  await first.enter('TN-0001/NA-01', naRecord());
  await first.submit('TN-0001/NA-01');
  await first.sync();
  await stationsReported(page).filter({hasText: '1 of 2'}).waitFor();

  await suite.server.halt();
  await page.locator('#live[data-state="reconnecting"]').waitFor();
  await suite.server.restart();
  const form = 'TN-0002/NA-01';
  await second.enter(form, naRecord({registered: 640, valid: 600, votes: [300, 200, 100]}));
  await second.submit(form);
  await second.sync();
  await page.locator('#live[data-state="live"]').waitFor();
  await stationsReported(page).filter({hasText: '2 of 2'}).waitFor();
  assert.deepEqual(page.problems, []);
});
