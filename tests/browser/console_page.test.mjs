// The console's page in Chromium against the real tallyd over TLS: it loads under its
// strict Content-Security-Policy with nothing refused, opens on the public results for a
// visitor with a link to the login form, and works at 1366×768 and at 390 px wide.
import assert from 'node:assert/strict';
import path from 'node:path';
import {after, before, test} from 'node:test';

import {Browser, phone, screenshot} from './support/browser.mjs';
import {sourceRoot, Tallyd} from './support/tallyd.mjs';

let server;
let browser;

before(async () => {
  server = await Tallyd.start(path.join(sourceRoot, 'tests/server/data/mini-election.json'));
  browser = await Browser.launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the page loads under its CSP and leads a visitor to the login form', async () => {
  const page = await browser.page();
  const answer = await page.goto(`${server.url}/`);
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
  const page = await browser.page(phone);
  await page.goto(`${server.url}/#/login`);
  await page.getByLabel('Name').waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= phone.width, `the page is ${width} px wide`);
  await screenshot(page, 'login-phone');
  assert.deepEqual(page.problems, []);
});
