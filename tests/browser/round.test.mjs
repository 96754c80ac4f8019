// The second round on the page: polling day leaves COMM-01 of the test election without a
// winner at either station; an auditor's Rounds page shows the supplementary election the
// tally calls for, ready, with no way to open it; the operator opens it on the page; an
// officer's next sync brings the round's form; the results page shows the round.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {Browser, logIn, screenshot} from './support/browser.mjs';
import {Device} from './support/officer.mjs';
import {until} from './support/tallyd.mjs';
import {consoleSuite} from './support/suite.mjs';

const people = {};
const officers = {};

// COMM-01's record at a station: 600 vote, C01 has exactly half, C02 less: nobody elected.
const communeRecord = (registered) => ({
  registered, voted: 600, issued: 600, received: 600, valid: 600, invalid: 0,
  complaints_received: 0, complaints_resolved: 0, complaints_forwarded: 0,
  votes: {'COMM-01-C01': 300, 'COMM-01-C02': 250},
});

const suite = consoleSuite({
  prepare: async (server) => {
    for (const role of ['operator', 'auditor']) {
      people[role] = await server.addUser(`${role}.pham`, role);
    }
    for (const [station, registered] of [['TN-0001', 811], ['TN-0002', 639]]) {
      const device = await Device.enrol(server, `officer-${station}`, {station});
      await device.enter(`${station}/COMM-01`, communeRecord(registered));
      await device.submit(`${station}/COMM-01`);
      await device.sync();
      officers[station] = device;
    }
    await until('both commune records are accepted', async () =>
      (await server.json('/api/v1/tally')).units.some(
          (unit) => unit.unit === 'COMM-01' && unit.stations_reported === 2));
  },
});

test('an auditor sees the supplementary election the tally calls for, and cannot open it', async () => {
  const page = await suite.browser.page();
  await logIn(page, suite.server.url, people.auditor);
  await page.goto(`${suite.server.url}/#/rounds`);
  await page.locator('#view[data-view="rounds"] p[data-round="ready"]').waitFor();
  const row = page.locator('#view[data-view="rounds"] tr', {hasText: 'COMM-01-R2'});
  assert.match(await row.textContent(), /supplementary election \(Art\. 79\)/);
  assert.equal(await page.getByRole('button', {name: /Open round 2/}).count(), 0);
  assert.deepEqual(page.problems, []);
});

test('the operator opens the round on the page; the officers get its form; results show it', async () => {
  // A browser of its own: the suite's is logged in as the auditor.
  const browser = await Browser.launch();
  try {
    await openAsOperator(await browser.page());
  } finally {
    await browser.close();
  }
});

async function openAsOperator(page) {
  await logIn(page, suite.server.url, people.operator);
  await page.goto(`${suite.server.url}/#/rounds`);
  await page.getByRole('button', {name: 'Open round 2'}).click();
  await page.locator('#view[data-view="rounds"] p[data-round="open"]').waitFor();
  await page.locator('#view[data-view="rounds"] p.message', {hasText: 'Round 2 opened at log entry'})
      .waitFor();
  await screenshot(page, 'rounds');

  await officers['TN-0001'].sync();
  const forms = await officers['TN-0001'].officer(['forms']);
  assert.match(forms, /TN-0001\/COMM-01-R2/);
  await page.goto(`${suite.server.url}/#/results`);
  await page.locator('#view[data-view="results"] details[data-level="COMM"]').click();
  const heading = page.locator('#view[data-view="results"] [data-unit="COMM-01-R2"] h4');
  assert.match(await heading.textContent(), /round 2, supplementary election of/);
  assert.deepEqual(page.problems, []);
}
