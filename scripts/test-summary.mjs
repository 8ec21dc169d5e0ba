// Prints one closing line over every vitest JSON report given:
// "vitest: N passed, N failed, N skipped". Exits 1 when a report is missing,
// a test failed or no test ran at all, so a silently skipped suite cannot pass.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;
const failures = [];

// The assertion and the line it failed at, so a CI log's tail says why as well as what.
function firstFailureLines(test) {
  const message = (test.failureMessages ?? [])[0];
  if (message === undefined) return '';
  const lines = message.split('\n');
  const at = lines.find((line) => /^\s+at .*\.test\.ts:\d+/.test(line));
  const why = lines[0].length > 600 ? `${lines[0].slice(0, 600)}…` : lines[0];
  return `\n  ${why}${at === undefined ? '' : `\n  ${at.trim()}`}`;
}

function failedTestNames(file, report) {
  const names = [];
  for (const suite of report.testResults) {
    const where = suite.name.replace(`${process.cwd()}/`, '');
    if (suite.status === 'failed' && suite.assertionResults.length === 0)
      names.push(`${where} (did not load) [${file}]`);
    for (const test of suite.assertionResults) {
      if (test.status === 'failed')
        names.push(`${where} > ${test.fullName} [${file}]${firstFailureLines(test)}`);
    }
  }
  return names;
}
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`test-summary: no report at ${file} (that suite did not run)`);
    missing += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  // A suite file that failed to load has no tests but counts as a failure.
  failed += report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
  failures.push(...failedTestNames(file, report));
}
// The names go just above the closing line: a CI log is often read from its tail.
for (const name of failures) console.log(`test-summary: FAILED ${name}`);
console.log(`vitest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || missing > 0 || passed === 0 ? 1 : 0;
