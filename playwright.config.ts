import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';

/**
 * Browser tests: the dev portal (frontend :3000, backend :7007 on the embedded
 * local control plane) in Debian's Chromium (`apt-get install chromium`);
 * Playwright cannot download its own browsers here. The backend runs on
 * PostgreSQL (scripts/e2e-backend.sh), so that the schedules test can start a
 * second replica on the same database.
 */
/**
 * A dev portal already listening on :3000/:7007 is reused only when asked
 * (OCW_E2E_REUSE_SERVER=1) and never in CI: otherwise the run starts its own,
 * and fails if the ports are taken, rather than testing a stale server.
 */
const reuseServer = !process.env.CI && process.env.OCW_E2E_REUSE_SERVER === '1';

/**
 * OCW_E2E_APP=production: the app as a production build (packages/app/dist,
 * built first when missing or older than its sources), served by the backend
 * at :7007 (scripts/e2e-production-app.sh) instead of `yarn dev app` on :3000.
 * For measuring (BENCHMARKS.md); CI runs the default, the development build.
 */
const productionApp = process.env.OCW_E2E_APP === 'production';
if (process.env.OCW_E2E_APP && !productionApp) {
  throw new Error(
    `OCW_E2E_APP must be 'production' or unset, not '${process.env.OCW_E2E_APP}'`,
  );
}

const backend = {
  url: 'http://localhost:7007/api/openchoreo-workflows/health',
  reuseExistingServer: reuseServer,
  stdout: 'pipe' as const,
};
const webServer = productionApp
  ? [
      {
        ...backend,
        command: 'bash scripts/e2e-production-app.sh',
        // The app's build comes first: minutes on two loaded cores.
        timeout: 1_200_000,
      },
    ]
  : [
      { ...backend, command: 'bash scripts/e2e-backend.sh', timeout: 300_000 },
      {
        command: 'yarn dev app',
        url: 'http://localhost:3000',
        reuseExistingServer: reuseServer,
        timeout: 300_000,
      },
    ];

export default defineConfig({
  timeout: 120_000,
  expect: { timeout: 20_000 },
  webServer,
  // A committed test.only would silently drop every other test.
  forbidOnly: true,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: '.local/test-results/playwright.json' }],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  use: {
    baseURL:
      process.env.PLAYWRIGHT_URL ??
      (productionApp ? 'http://localhost:7007' : 'http://localhost:3000'),
    actionTimeout: 20_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-dev-shm-usage',
      ],
    },
  },
  // The screenshots under docs/ are refreshed on purpose only.
  testIgnore: process.env.OCW_SCREENSHOTS ? [] : ['**/screenshots.test.ts'],
  outputDir: 'node_modules/.cache/e2e-test-results',
  projects: generateProjects(),
});
