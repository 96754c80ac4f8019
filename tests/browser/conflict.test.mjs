// The conflicts queue on the page: two officers of one station disagree on a count; a
// supervisor adjudicates it on the page, and the results page and /api/v1/tally change;
// a second supervisor's open page says the form was resolved meanwhile; an auditor's
// adjudication is refused by the server, also when forged from the page with the
// session's cookie and CSRF token. The results' CSV download holds the JSON's numbers; the
// audit page's export link downloads a tar.
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';

import {Browser, logIn, phone, renders, renderedAfter, screenshot} from './support/browser.mjs';
import {Device} from './support/officer.mjs';
import {naRecord} from './support/records.mjs';
import {until} from './support/tallyd.mjs';
import {consoleSuite} from './support/suite.mjs';

const form = 'TN-0001/NA-01';
const people = {};

const suite = consoleSuite({
  prepare: async (server) => {
    for (const role of ['supervisor', 'auditor']) {
      people[role] = await server.addUser(`${role}.tran`, role);
    }
    people.second = await server.addUser('supervisor.le', 'supervisor');
    // The second officer enrols before the first syncs, so each enters without seeing the
    // other: their counts of candidate C03 conflict.
    const first = await Device.enrol(server, 'officer-a', {station: 'TN-0001'});
    const second = await Device.enrol(server, 'officer-b', {station: 'TN-0001'});
    await first.enter(form, naRecord());
    await first.submit(form);
    await first.sync();
    await second.enter(form, naRecord({votes: [500, 200, 110]}));
    await second.submit(form);
    await second.sync();
    await until('the conflict reaches the queue', async () =>
      (await server.json('/api/v1/conflicts')).conflicts.some((c) => c.form === form));
  },
});

const unitVotes = async () =>
  (await suite.server.json('/api/v1/tally')).units.find((unit) => unit.unit === 'NA-01').votes;

test('an auditor sees the queue without buttons and a forged adjudication is refused', async () => {
  const auditorBrowser = await Browser.launch();
  try {
    const page = await auditorBrowser.page();
    await logIn(page, suite.server.url, people.auditor);
    await page.goto(`${suite.server.url}/#/conflicts`);
    await page.locator(`article[data-form="${form}"]`).waitFor();
    assert.equal(await page.locator('article button').count(), 0);
    const forged = await page.evaluate(async (formId) => {
      const session = await (await fetch('/api/v1/session')).json();
      const answer = await fetch('/api/v1/adjudications', {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf_token},
        body: JSON.stringify({form: formId, field: 'votes.NA-01-C03', value: 110}),
      });
      return {status: answer.status, body: await answer.json()};
    }, form);
    assert.equal(forged.status, 403);
    assert.equal(typeof forged.body.error.code, 'number');
    assert.ok((await suite.server.json('/api/v1/conflicts')).conflicts.some((c) => c.form === form),
              'the form is still in conflict');
  } finally {
    await auditorBrowser.close();
  }
});

test('a supervisor adjudicates on the page; results, the tally and a second supervisor see it',
     async () => {
  const before = await unitVotes();
  const page = await suite.browser.page();
  await logIn(page, suite.server.url, people.supervisor);
  const other = await Browser.launch();
  try {
    const watching = await other.page();
    await logIn(watching, suite.server.url, people.second);
    await watching.goto(`${suite.server.url}/#/conflicts`);
    await watching.locator(`article[data-form="${form}"]`).waitFor();

    await page.goto(`${suite.server.url}/#/conflicts`);
    const card = page.locator(`article[data-form="${form}"]`);
    await card.waitFor();
    await card.locator('details.history summary').click();
    await card.locator('table.history tbody tr').first().waitFor();
    await screenshot(page, 'conflicts');
    const shown = await renders(page);
    await card.getByRole('button', {name: 'Take 101'}).click();
    await renderedAfter(page, 'conflicts', shown);
    const answered = page.locator('.message.done, .message.refused').first();
    await answered.waitFor();
    assert.match(await answered.getAttribute('class'), /\bdone\b/, await answered.textContent());
    if (await card.count() > 0) {
      await card.getByRole('button', {name: /^Accept /}).click();
    }
    await card.waitFor({state: 'detached'});

    await watching.locator('.message.resolved-elsewhere', {hasText: form}).waitFor();
    await screenshot(watching, 'conflicts-resolved-elsewhere');

    const after = await until('the tally counts the form',
                              async () => { const v = await unitVotes(); return v['NA-01-C03'] ? v : null; });
    assert.notDeepEqual(after, before);
    assert.equal(after['NA-01-C03'], 101);
    await page.goto(`${suite.server.url}/#/results`);
    await page.locator('details[data-level="NA"] summary').click();
    const unit = page.locator('[data-unit="NA-01"]');
    await unit.locator('tr', {hasText: 'Lê Văn Cường'}).locator('td', {hasText: '101'}).waitFor();
    await screenshot(page, 'results');

    // The page's decision is an op of the supervisor's own author in the audit log, and
    // `tallyd verify` names them.
    const history = await suite.server.json(`/api/v1/forms/${encodeURIComponent(form)}/history`);
    const decision = history.entries.find((entry) => entry.kind === 'adjudication');
    assert.equal(decision?.person, people.supervisor.name);
    assert.equal(decision.device, `tallyd-console/${people.supervisor.name}`);
    const exported = path.join(suite.server.scratch, 'export');
    await suite.server.cli(['export', '--data', suite.server.data, '--out', exported]);
    const verdict = JSON.parse(await suite.server.cli(['verify', '--export', exported, '--json']));
    assert.equal(verdict.ok, true);
    assert.ok(verdict.decisions.some((d) => d.person === people.supervisor.name &&
                                            d.form === form && d.field === decision.field),
              JSON.stringify(verdict.decisions));
  } finally {
    await other.close();
  }
  assert.deepEqual(page.problems, []);
});

test('the CSV download holds the same numbers as the JSON download', async () => {
  const page = await suite.browser.page();
  await page.goto(`${suite.server.url}/#/results`);
  const download = async (name) => {
    const [file] = await Promise.all([page.waitForEvent('download'),
                                      page.getByRole('link', {name, exact: true}).click()]);
    return readFile(await file.path(), 'utf8');
  };
  const json = JSON.parse(await download('JSON'));
  const csv = await download('CSV');
  const numbers = (text) => (text.match(/\d+/g) ?? []).map(Number);
  const csvNumbers = new Set(numbers(csv));
  for (const unit of json.units) {
    for (const figure of [unit.registered, unit.voted, unit.valid, unit.invalid,
                          ...Object.values(unit.votes)]) {
      assert.ok(csvNumbers.has(figure), `${unit.unit}: ${figure} is in the CSV`);
    }
  }
});

test('the station page shows the records per level with status and history', async () => {
  const page = await suite.browser.page();
  await page.goto(`${suite.server.url}/#/station/TN-0001`);
  await page.locator('#view[data-view="station"] h3', {hasText: 'TN-0001'}).waitFor();
  assert.match(await page.locator('#view-body').textContent(), /accepted/);
  await screenshot(page, 'station');
  const narrow = await suite.browser.page(phone);
  await narrow.goto(`${suite.server.url}/#/overview`);
  await narrow.locator('#view[data-view="overview"] [data-figure="accepted"]').waitFor();
  const width = await narrow.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= phone.width, `the overview is ${width} px wide at 390 px`);
  await screenshot(narrow, 'overview-phone');
});

test('the audit page shows the signed head, the verification, the export\'s download and any form\'s history', async () => {
  const page = await suite.browser.page();
  await page.goto(`${suite.server.url}/#/audit/${encodeURIComponent(form)}`);
  await page.locator('[data-verification]').waitFor();
  await page.locator('table.history tbody tr').first().waitFor();
  // The export's download: a plain link the session cookie authorises, answering a tar.
  const link = page.getByRole('link', {name: 'Download the export'});
  assert.equal(await link.getAttribute('href'), '/api/v1/audit/export');
  assert.equal(await link.getAttribute('download'), '');
  const answer = await page.evaluate(async () => {
    const response = await fetch('/api/v1/audit/export');
    const bytes = new Uint8Array(await response.arrayBuffer());
    return {status: response.status, type: response.headers.get('content-type'),
            disposition: response.headers.get('content-disposition'),
            // A POSIX tar's first header names its first file and says "ustar" at 257.
            first: new TextDecoder().decode(bytes.slice(0, 9)),
            magic: new TextDecoder().decode(bytes.slice(257, 262))};
  });
  assert.equal(answer.status, 200);
  assert.equal(answer.type, 'application/x-tar');
  assert.match(answer.disposition, /^attachment; filename="tally-export-\d+\.tar"$/);
  assert.equal(answer.first, 'audit.log');
  assert.equal(answer.magic, 'ustar');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /^tally-export-\d+\.tar$/);
  await screenshot(page, 'audit');
});
