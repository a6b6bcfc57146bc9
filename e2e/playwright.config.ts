// Playwright setup for codecam's end-to-end tests: the built server on a fixed loopback port, Debian's Chromium
// with fake cameras, one browser context per device. `npm run test:e2e` runs it through e2e/isolated.sh (loopback-only netns).
import { defineConfig } from "@playwright/test";
import { BASE_URL, CHROMIUM_ARGS, CHROMIUM_PATH, serverEnv, TEST_PORT } from "./browser-env.js";

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  outputDir: "../test-results/artifacts",
  // Two cores: two workers keep the run short; each test already drives two or three browser contexts.
  workers: 2,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: "../playwright-report" }]] : "list",
  use: {
    baseURL: BASE_URL,
    browserName: "chromium",
    headless: true,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
  },
  webServer: {
    // `npm test` builds first (npm run build); this only starts the built server.
    command: "node dist/signaling/index.js",
    cwd: "..",
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: "ignore",
    stderr: "pipe",
    env: serverEnv(TEST_PORT),
  },
});
