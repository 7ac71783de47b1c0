import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// End-to-end tests run against the *built* site (`npm run build` first), served by the site's own
// static server (tools/serve-static.ts: dist/_headers applied, as on the documented hosts).
// E2E_PORT lets a second checkout run its suite while another server holds 4321.
const PORT = Number(process.env.E2E_PORT ?? 4321);
const baseURL = `http://127.0.0.1:${PORT}`;
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const isCI = Boolean(process.env.CI);

/** Debian's Chromium, headless, as every project runs it. */
const chromiumUse = {
  ...devices['Desktop Chrome'],
  headless: true,
  launchOptions: {
    // Debian's Chromium when present (Playwright's own browser download is not available here).
    ...(existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM } : {}),
    args: [
      '--no-sandbox',
      // WebGPU (on SwiftShader here) for the backend matrix; without it navigator.gpu has no adapter.
      '--enable-unsafe-webgpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  },
};

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  // Needs the dist-base/ build and its own server: playwright.base-path.config.ts.
  testIgnore: '**/base-path.spec.ts',
  fullyParallel: true,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  workers: 2,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  // 'list' for the run; the summary reporter prints one last line that says PASS or FAIL with counts.
  reporter: [['list'], ['./e2e/support/summary-reporter.ts']],
  outputDir: 'test-results',
  use: {
    baseURL,
    // The site's service worker would answer requests before page.route and precache 15 MB in
    // every fresh context; the offline and security specs opt in with serviceWorkers: 'allow'.
    serviceWorkers: 'block',
    // Recording a trace costs about a fifth of the suite's time (DOM snapshots of pages with
    // thousands of KaTeX spans, on every action). CI retries a failed test once, with a trace.
    trace: isCI ? 'on-first-retry' : 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      // Lab 2's training spec measures main-thread tasks: it runs alone, after everything else.
      testIgnore: ['**/base-path.spec.ts', '**/train-in-browser.spec.ts'],
      use: chromiumUse,
    },
    {
      name: 'training',
      testMatch: '**/train-in-browser.spec.ts',
      dependencies: ['chromium'],
      use: chromiumUse,
    },
  ],
  webServer: {
    command: `npx tsx tools/serve-static.ts --dir dist --base / --host 127.0.0.1 --port ${PORT}`,
    url: baseURL,
    reuseExistingServer: !isCI,
    timeout: 90_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
