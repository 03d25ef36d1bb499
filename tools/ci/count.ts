/**
 * Test counts for .ci/run's closing line. Each suite's result is read from what its runner writes
 * (vitest's JSON report, schemathesis' and `terraform test`'s closing lines) and appended to a
 * counts file as `<suite> <passed> <failed>`; `total` adds them up into the one line CI ends with.
 * A skipped or unfinished test counts as failed: nothing passes that did not run.
 *
 *   npx tsx tools/ci/count.ts vitest <suite> <report.json> <counts>
 *   npx tsx tools/ci/count.ts text <suite> <output.log> <counts>
 *   npx tsx tools/ci/count.ts total <counts>
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { isMain } from '../loopback.js';

interface Count {
  passed: number;
  failed: number;
}

/** From vitest's JSON reporter: skipped, todo and unfinished tests count as failed. */
export function fromVitestReport(json: string): Count {
  const r = JSON.parse(json) as { numTotalTests: number; numPassedTests: number };
  return { passed: r.numPassedTests, failed: r.numTotalTests - r.numPassedTests };
}

/**
 * From a runner's text output: schemathesis' `Test cases:` line (`1486 generated, 1480 passed,
 * 6 failed, 8 skipped`; its skips are generated cases it chose not to send, not tests) and
 * `terraform test`'s `Success! 5 passed, 0 failed.` lines, summed.
 */
export function fromText(output: string): Count {
  const count = { passed: 0, failed: 0 };
  for (const line of output.split('\n')) {
    const terraform = /^(?:Success|Failure)! (\d+) passed, (\d+) failed/.exec(line.trim());
    const schemathesis = /^\d+ generated, (\d+) passed(?:, (\d+) failed)?/.exec(line.trim());
    const m = terraform ?? schemathesis;
    if (!m) continue;
    count.passed += Number(m[1]);
    count.failed += Number(m[2] ?? 0);
  }
  return count;
}

/** Adds up a counts file; a suite that wrote no count (it crashed before its report) is one failure. */
export function total(lines: string): Count & { suites: string[] } {
  const sum = { passed: 0, failed: 0, suites: [] as string[] };
  for (const line of lines.split('\n').filter((l) => l.trim() !== '')) {
    const [suite = '?', passed = '0', failed = '0'] = line.trim().split(/\s+/);
    sum.passed += Number(passed);
    sum.failed += Number(failed);
    sum.suites.push(`${suite} ${passed}/${Number(passed) + Number(failed)}`);
  }
  return sum;
}

function main(argv: string[]): void {
  const [mode, ...rest] = argv;
  if (mode === 'total') {
    const [counts = ''] = rest;
    const sum = total(existsSync(counts) ? readFileSync(counts, 'utf8') : '');
    console.log(`suites: ${sum.suites.join(', ') || 'none'}`);
    console.log(`tests: ${sum.passed} passed, ${sum.failed} failed`);
    return;
  }
  const [suite, input = '', counts = ''] = rest;
  if (!suite || !counts || (mode !== 'vitest' && mode !== 'text')) throw new Error('usage: see the header of tools/ci/count.ts');
  let count: Count = { passed: 0, failed: 1 };
  if (existsSync(input)) {
    const text = readFileSync(input, 'utf8');
    count = mode === 'vitest' ? fromVitestReport(text) : fromText(text);
    // A runner that printed no count ran nothing that can be counted as passed.
    if (count.passed + count.failed === 0) count = { passed: 0, failed: 1 };
  }
  appendFileSync(counts, `${suite} ${count.passed} ${count.failed}\n`);
}

if (isMain(import.meta.url)) main(process.argv.slice(2));
