// The base-path smoke suite: the same browser setup as playwright.config.ts, against dist-base/
// (a build with BASE_PATH=/course/ made by tools/build-base-path.sh) served under /course/.
// Run with `npm run test:e2e:base-path`.
import { defineConfig } from '@playwright/test';
import main from './playwright.config';

const PORT = Number(process.env.E2E_PORT ?? 4321) + 1;
const origin = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  ...main,
  testMatch: 'base-path.spec.ts',
  testIgnore: [],
  // The main project's browser, without its ignore list (which names this spec) or lab 2's project.
  projects: (main.projects ?? []).filter((p) => p.name === 'chromium').map((p) => ({ ...p, testIgnore: [] })),
  use: { ...main.use, baseURL: origin },
  webServer: {
    command: `npx tsx tools/serve-static.ts --dir dist-base --base /course/ --host 127.0.0.1 --port ${PORT}`,
    url: `${origin}/course/`,
    reuseExistingServer: false,
    timeout: 90_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
