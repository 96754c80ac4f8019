// What most browser test files share: one real tallyd of a definition and one Chromium for
// all of the file's tests, started before the first and stopped after the last (also when
// a test fails). `prepare(server)` runs once tallyd is up and before Chromium starts: the
// accounts, devices and records the file's tests need.
import path from 'node:path';
import {after, before} from 'node:test';

import {Browser} from './browser.mjs';
import {sourceRoot, Tallyd} from './tallyd.mjs';

export const miniElection = path.join(sourceRoot ?? '', 'tests/server/data/mini-election.json');

export function consoleSuite({definition = miniElection, prepare} = {}) {
  const suite = {server: undefined, browser: undefined};
  before(async () => {
    suite.server = await Tallyd.start(definition);
    if (prepare) await prepare(suite.server);
    suite.browser = await Browser.launch();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}
