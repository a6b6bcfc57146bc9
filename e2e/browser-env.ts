// The browser and server settings every e2e file shares (the config, the fixtures, and tests that launch
// their own browser or server).

/** Port of the shared test server. Tests that need a server of their own use TEST_PORT + 1. */
export const TEST_PORT = Number(process.env.E2E_PORT ?? 5199);
export const BASE_URL = `http://127.0.0.1:${TEST_PORT}`;
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Chromium flags: no background traffic, a fake camera and an auto-accepted permission
 * prompt, and loopback ICE candidates (Chromium drops 127.0.0.1 candidates unless told otherwise), so the
 * whole WebRTC path stays on this machine.
 */
export const BASE_ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--allow-loopback-in-peer-connection",
  // Pages in background contexts must keep rendering and decoding, or frame counts stall.
  "--disable-background-timer-throttling",
  "--disable-renderer-backgrounding",
  "--disable-backgrounding-occluded-windows",
  // Headless Chromium is the desktop browser without a screen: every new context gets a window that preloads
  // its WebUI omnibox popup, a chrome:// renderer taking 0.5-1.3 s of main-thread time while the pages load and
  // connect. On 2 cores that starves the pages and the server (docs/decisions/008). A phone's browser has nothing
  // like it. Any one of these features turned off alone still leaves the popup's renderer running.
  "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI",
];
export const CHROMIUM_ARGS = [
  ...BASE_ARGS,
  // Three fake cameras, so switching cameras really moves between devices. Chromium's fake_device_1 sends
  // Y16 depth frames that WebRTC cannot encode (a real depth camera behaves the same), so tests switch from
  // fake_device_0 to fake_device_2.
  "--use-fake-device-for-media-stream=device-count=3",
  "--use-fake-ui-for-media-stream",
];

/** Environment of a test server process (the shared one and the restart test's own). */
export function serverEnv(port: number): Record<string, string> {
  return {
    PORT: String(port),
    HOST: "127.0.0.1",
    HTTPS_PORT: "0",
    LOG_LEVEL: "warn",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    // Every test context shares 127.0.0.1, so the per-IP limits (30 codes and 10 failed joins a minute) would
    // throttle the suite itself: the error tests' unknown codes plus the socket-test page's INVALID_CODE add up.
    // No test here checks RATE_LIMITED; one that does needs a server of its own with the defaults.
    CODES_PER_MINUTE: "600",
    JOIN_FAILURES_PER_MINUTE: "200",
    // errors.spec.ts opens the pages as http://codecam.test (mapped to 127.0.0.1 in Chromium): a name the
    // allowed-hosts check would otherwise refuse, as it refuses any name the operator did not list.
    ALLOWED_HOSTS: "codecam.test",
  };
}
