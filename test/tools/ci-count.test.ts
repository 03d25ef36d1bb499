import { describe, expect, it } from 'vitest';
import { fromText, fromVitestReport, total } from '../../tools/ci/count.js';

describe("CI's closing line", () => {
  it('counts skipped and unfinished vitest tests as failed', () => {
    expect(fromVitestReport(JSON.stringify({ numTotalTests: 10, numPassedTests: 7, numFailedTests: 1, numPendingTests: 2 }))).toEqual({
      passed: 7,
      failed: 3,
    });
  });

  it("reads schemathesis' test cases and terraform test's closing lines", () => {
    const out = [
      'Test cases:',
      '  1486 generated, 1480 passed, 6 failed, 8 skipped',
      '',
      'Success! 5 passed, 0 failed.',
      'Failure! 2 passed, 1 failed.',
    ].join('\n');
    expect(fromText(out)).toEqual({ passed: 1487, failed: 7 });
    expect(fromText('============ 2 warnings in 10.77s ============')).toEqual({ passed: 0, failed: 0 });
  });

  it('adds up every suite', () => {
    expect(total('vitest 500 0\nschemathesis 1486 0\nterraform 5 1\n')).toMatchObject({ passed: 1991, failed: 1 });
  });
});
