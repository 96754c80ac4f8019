// Debian's headless Chromium driven by playwright-core (never a downloaded browser): a
// fresh profile per launch, TLS errors ignored for tallyd's self-signed certificate, and
// screenshots written to docs/console/ for docs/console.md and the README.
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {chromium} from 'playwright-core';

import {sourceRoot} from './tallyd.mjs';

export const desktop = {width: 1366, height: 768};
export const phone = {width: 390, height: 844};

// Without the background-networking flags Chromium's own connections are refused on a
// closed network and slow every page down.
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
                      '--no-first-run', '--disable-background-networking',
                      '--disable-component-update', '--disable-sync'];

export class Browser {
  static async launch() {
    const profile = await mkdtemp(path.join(os.tmpdir(), 'tally-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: chromiumArgs,
      ignoreHTTPSErrors: true,
      viewport: desktop,
      acceptDownloads: true,
    });
    return new Browser(context, profile);
  }

  constructor(context, profile) {
    this.context = context;
    this.profile = profile;
  }

  // A page whose console errors (a CSP refusal, an exception) fail the test.
  async page(viewport = desktop) {
    const page = await this.context.newPage();
    await page.setViewportSize(viewport);
    page.problems = [];
    page.on('pageerror', (error) => page.problems.push(`exception: ${error.message}`));
    page.on('console', (message) => {
      // A refused request (401 before logging in, 403) is an answer the page shows.
      const refused = message.text().startsWith('Failed to load resource');
      if (message.type() === 'error' && !refused) page.problems.push(`console: ${message.text()}`);
    });
    return page;
  }

  async close() {
    await this.context.close();
    await rm(this.profile, {recursive: true, force: true});
  }
}

// Logs `person` in through the page's form and waits for the overview.
export async function logIn(page, url, person) {
  await page.goto(`${url}/#/login`);
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', {name: 'Log in'}).click();
  await page.locator('#who-name', {hasText: person.name}).waitFor();
  await page.locator('#view[data-view="overview"][data-renders]').waitFor();
}

// Resolves once the view `name` has rendered again after `renders` (a live refresh or an
// action), so a test reads the page after the change it caused.
export async function renderedAfter(page, name, renders) {
  await page.waitForFunction(([view, before]) => {
    const section = document.getElementById('view');
    return section.dataset.view === view && Number(section.dataset.renders) > before;
  }, [name, renders]);
}

export async function renders(page) {
  return Number(await page.locator('#view').getAttribute('data-renders') ?? 0);
}

// A full-page screenshot docs/console/NAME.png, committed with the docs.
export async function screenshot(page, name) {
  await page.screenshot({path: path.join(sourceRoot, 'docs/console', `${name}.png`),
                         fullPage: true});
}
