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

// A full-page screenshot docs/console/NAME.png, committed with the docs.
export async function screenshot(page, name) {
  await page.screenshot({path: path.join(sourceRoot, 'docs/console', `${name}.png`),
                         fullPage: true});
}
