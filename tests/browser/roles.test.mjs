// Logging in as each role: the navigation offers what the role may see, the server refuses
// the rest (also when asked directly from the page), logout ends the session; the
// operator's enrolment code shows its QR image.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {Browser, logIn, screenshot} from './support/browser.mjs';
import {consoleSuite} from './support/suite.mjs';

const people = {};

const suite = consoleSuite({
  prepare: async (server) => {
    for (const role of ['operator', 'supervisor', 'auditor']) {
      people[role] = await server.addUser(`${role}.nguyen`, role);
    }
  },
});

const navigation = (page) => page.locator('#nav a').allTextContents();

test('an operator sees every page, the devices page included, and a code\'s QR image', async () => {
  const page = await suite.browser.page();
  await logIn(page, suite.server.url, people.operator);
  assert.equal(await page.textContent('#who-role'), 'operator');
  assert.deepEqual(await navigation(page), ['Overview', 'Conflicts', 'Station', 'Results',
                                            'Rounds', 'Devices', 'Audit', 'Public results']);
  await page.goto(`${suite.server.url}/#/devices`);
  await page.locator('#view[data-view="devices"] caption', {hasText: 'Enrolled devices'}).waitFor();
  await page.getByLabel('Role', {exact: true}).first().selectOption('supervisor');
  await page.getByRole('button', {name: 'Make an enrolment code'}).click();
  const code = await page.locator('figure.code code[data-code]').textContent();
  // The code's QR image: an <img> from a blob: URL of the server's SVG (the CSP allows
  // blob: images), loaded, its alt text naming the code; the enrolment URI under it.
  const image = page.locator(`figure.code img[data-qr="${code}"]`);
  await image.waitFor();
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0,
                             await image.elementHandle());
  assert.match(await image.getAttribute('src'), /^blob:/);
  assert.match(await image.getAttribute('alt'), new RegExp(code));
  const uri = await page.locator(`figure.code code[data-uri="${code}"]`).textContent();
  assert.ok(uri.startsWith('tallysync://enrol?server=wss%3A%2F%2F127.0.0.1%3A'), uri);
  assert.ok(uri.endsWith(`&code=${code}`), uri);
  await screenshot(page, 'devices');
  assert.deepEqual(page.problems, []);
});

test('a supervisor and an auditor see no devices page, and the server refuses its accounts', async () => {
  for (const role of ['supervisor', 'auditor']) {
    const context = await Browser.launch();
    try {
      const page = await context.page();
      await logIn(page, suite.server.url, people[role]);
      assert.equal(await page.textContent('#who-role'), role);
      assert.deepEqual(await navigation(page), ['Overview', 'Conflicts', 'Station', 'Results',
                                                'Rounds', 'Audit', 'Public results']);
      const refused = await page.evaluate(async () => {
        const answer = await fetch('/api/v1/users');
        return {status: answer.status, body: await answer.json()};
      });
      assert.equal(refused.status, 403);
      assert.equal(typeof refused.body.error.code, 'number');
    } finally {
      await context.close();
    }
  }
});

// A context of its own: the shared one holds the operator's session.
async function freshPage(t) {
  const context = await Browser.launch();
  t.after(() => context.close());
  return context.page();
}

test('logging out ends the session on the server', async (t) => {
  const page = await freshPage(t);
  await logIn(page, suite.server.url, people.auditor);
  await page.getByRole('button', {name: 'Log out'}).click();
  await page.locator('#who').waitFor({state: 'hidden'});
  const status = await page.evaluate(async () => (await fetch('/api/v1/overview')).status);
  assert.equal(status, 401);
});

test('a wrong password is refused with a code and no session', async (t) => {
  const page = await freshPage(t);
  await page.goto(`${suite.server.url}/#/login`);
  await page.getByLabel('Name').fill(people.auditor.name);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', {name: 'Log in'}).click();
  await page.locator('#login-error', {hasText: /^E\d+ /}).waitFor();
  assert.equal(await page.locator('#who').isHidden(), true);
});
