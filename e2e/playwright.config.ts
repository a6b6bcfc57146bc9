// Playwright setup for codecam's end-to-end tests: the built server on a fixed loopback port, Debian's Chromium
// with a fake camera, one browser context per device.
import { defineConfig } from "@playwright/test";

/** Port of the shared test server. Tests that need their own server (restart) pick another one. */
export const TEST_PORT = Number(process.env.E2E_PORT ?? 5199);
export const BASE_URL = `http://127.0.0.1:${TEST_PORT}`;

/**
 * Chromium flags from .notes/CONTEXT.md: no background traffic, a fake camera and an auto-accepted permission
 * prompt, and loopback ICE candidates (Chromium drops 127.0.0.1 candidates unless told otherwise), so the
 * whole WebRTC path stays on this machine.
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  // Two fake cameras, so "switch camera" really moves between devices (a phone's front and back).
  "--use-fake-device-for-media-stream=device-count=2",
  "--use-fake-ui-for-media-stream",
  "--allow-loopback-in-peer-connection",
  // Headless tabs in background contexts must keep rendering and decoding, or frame counts stall.
  "--disable-background-timer-throttling",
  "--disable-renderer-backgrounding",
  "--disable-backgrounding-occluded-windows",
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  outputDir: "../test-results/artifacts",
  // Two cores: two workers keep the run short; each test already runs two or three browser contexts.
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
    env: {
      PORT: String(TEST_PORT),
      HOST: "127.0.0.1",
      HTTPS_PORT: "0",
      LOG_LEVEL: "warn",
      PUBLIC_URL: BASE_URL,
      // Every test context shares 127.0.0.1, so the per-IP code limit (30/min) would throttle the suite itself.
      CODES_PER_MINUTE: "600",
    },
  },
});
