// The console's page in Chromium against the real tallyd over TLS: it loads under its
// strict Content-Security-Policy with nothing refused, opens on the public results for a
// visitor with a link to the login form, and works at 1366×768 and at 390 px wide.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {phone, screenshot} from './support/browser.mjs';
import {consoleSuite} from './support/suite.mjs';

const suite = consoleSuite();

test('the page loads under its CSP and leads a visitor to the login form', async () => {
  const page = await suite.browser.page();
  const answer = await page.goto(`${suite.server.url}/`);
  assert.equal(answer.status(), 200);
  assert.match(answer.headers()['content-security-policy'], /script-src 'self'/);
  await page.locator('#view[data-view="public"][data-renders]').waitFor();
  await page.getByRole('link', {name: 'Log in'}).click();
  const name = page.getByLabel('Name');
  await name.waitFor();
  assert.equal(await page.getByRole('button', {name: 'Log in'}).isVisible(), true);
  await screenshot(page, 'login');
  assert.deepEqual(page.problems, []);
});

test('the login form fits a 390 px wide phone', async () => {
  const page = await suite.browser.page(phone);
  await page.goto(`${suite.server.url}/#/login`);
  await page.getByLabel('Name').waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= phone.width, `the page is ${width} px wide`);
  await screenshot(page, 'login-phone');
  assert.deepEqual(page.problems, []);
});
