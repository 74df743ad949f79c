// The spec reporter, plus a closing "N passed, N failed" line that CI reads whatever the runner.
const { Spec } = require('mocha').reporters;

class SpecWithTotals extends Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const { passes, failures, pending } = runner.stats;
      console.log(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
    });
  }
}

module.exports = SpecWithTotals;
