// A jest testSequencer (plain JS: jest loads it without a transform). Jest's own order, with the log privacy
// scan moved to the end: it reads the log every other file of the run wrote.
const { sep } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const LAST = `${sep}test${sep}privacy${sep}`;

class LogPrivacyLastSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const last = (t) => t.path.includes(LAST);
    return [...sorted.filter((t) => !last(t)), ...sorted.filter(last)];
  }
}

module.exports = LogPrivacyLastSequencer;
