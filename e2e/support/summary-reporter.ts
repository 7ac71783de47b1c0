// Prints an unmistakable verdict and, last, the plain count line CI reads, e.g.
//   E2E PASS (74 tests, 0 passed only on retry, 93.2 s)
//   e2e: 74 passed, 0 failed, 0 skipped
// and, on failure, the titles of the failing tests just above it.
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

class SummaryReporter implements Reporter {
  private readonly outcomes = new Map<TestCase, TestResult['status'][]>();
  private started = Date.now();

  printsToStdio(): boolean {
    return true;
  }

  onBegin(): void {
    this.started = Date.now();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const list = this.outcomes.get(test) ?? [];
    list.push(result.status);
    this.outcomes.set(test, list);
  }

  onEnd(result: FullResult): void {
    let passed = 0;
    let failed = 0;
    let flaky = 0;
    let skipped = 0;
    const failures: string[] = [];
    for (const [test] of this.outcomes) {
      const outcome = test.outcome();
      if (outcome === 'expected') passed++;
      else if (outcome === 'flaky') flaky++;
      else if (outcome === 'skipped') skipped++;
      else {
        failed++;
        failures.push(test.titlePath().filter(Boolean).slice(1).join(' › '));
      }
    }
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    const ok = result.status === 'passed' && failed === 0;
    if (failures.length > 0) {
      console.log('\nFailed tests:');
      for (const title of failures) console.log(`  ✘ ${title}`);
    }
    console.log(
      `\nE2E ${ok ? 'PASS' : 'FAIL'} (${this.outcomes.size} tests, ${flaky} passed only on retry, ${seconds} s` +
        `${result.status === 'timedout' ? ', global timeout' : ''})`,
    );
    // The plain closing line CI reads: "<word>: N passed, N failed, N skipped".
    console.log(`e2e: ${passed + flaky} passed, ${failed} failed, ${skipped} skipped`);
  }
}

export default SummaryReporter;
