// Debian's stock Firefox (firefox-esr) in the e2e suite. Playwright drives only its own patched Firefox build,
// which cannot be downloaded here, so these tests launch the system's Firefox through puppeteer-core over
// WebDriver BiDi, with a fake camera and microphone, and expose it as a Playwright fixture next to Chromium.
import { mkdir } from "node:fs/promises";
import { basename } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { BASE_URL } from "../browser-env.js";
import { expect, LAPTOP, PHONE, SCREENSHOT_DIR, test as base, type Device } from "../fixtures.js";

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr";

/**
 * Firefox's counterparts of the Chromium flags in browser-env.ts: a fake camera and microphone (a moving
 * picture and a tone) that every page may use without a prompt.
 */
export const FIREFOX_PREFS = {
  "media.navigator.streams.fake": true,
  "media.navigator.permission.disabled": true,
  // No first-run pages, updates or telemetry pings in the middle of a test.
  "browser.shell.checkDefaultBrowser": false,
  "app.update.enabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "toolkit.telemetry.enabled": false,
};

const LAUNCH_TIMEOUT_MS = 30_000;
const CLOSE_TIMEOUT_MS = 10_000;

/** A headless Firefox with a fresh profile of its own (puppeteer makes a temporary one and deletes it). */
export async function launchFirefox(): Promise<Browser> {
  return puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX_PATH,
    headless: true,
    timeout: LAUNCH_TIMEOUT_MS,
    protocolTimeout: 30_000,
    extraPrefsFirefox: FIREFOX_PREFS,
  });
}

/** Closes `browser`, and kills its process if it does not go within CLOSE_TIMEOUT_MS. Never throws. */
export async function closeFirefox(browser: Browser): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const closed = await Promise.race([
    browser.close().then(
      () => true,
      () => false,
    ),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), CLOSE_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!closed) browser.process()?.kill("SIGKILL");
}

interface FirefoxFixtures {
  /**
   * Opens `path` in Firefox, sized as `device`. The first call launches the test's one Firefox; every page of the
   * test lives in it. Firefox closes after the test, pass or fail; a failed test gets its console as an attachment.
   */
  openFirefox: (path: string, device: Device) => Promise<Page>;
}

export const test = base.extend<FirefoxFixtures>({
  openFirefox: async ({ baseURL }, use, testInfo) => {
    let browser: Browser | undefined;
    const log: string[] = [];
    try {
      await use(async (path, device) => {
        let page: Page | undefined;
        if (!browser) {
          browser = await launchFirefox();
          // The window Firefox opens with is the first page: no second tab left empty in the foreground.
          page = (await browser.pages())[0];
        }
        page ??= await browser.newPage();
        page.on("console", (msg) => log.push(`[${msg.type()}] ${msg.text()}`));
        page.on("pageerror", (err) => log.push(`[pageerror] ${String(err)}`));
        await page.setViewport(device === "phone" ? PHONE : LAPTOP);
        await page.goto(new URL(path, baseURL ?? BASE_URL).href, { timeout: 15_000 });
        return page;
      });
    } finally {
      if (browser) await closeFirefox(browser);
      if (log.length > 0 && testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach("firefox-console", { body: log.join("\n"), contentType: "text/plain" });
      }
    }
  },
});

export { expect };

/** Clicks the button whose accessible name is `name`, as a person would (real pointer input, once it shows). */
export async function clickButton(page: Page, name: string): Promise<void> {
  await page.locator(`::-p-aria([name="${name}"][role="button"])`).setTimeout(10_000).click();
}

/** Types `text` into the element with the accessible name `name` (a text box) with real key presses. */
export async function typeInto(page: Page, name: string, text: string): Promise<void> {
  await page.locator(`::-p-aria([name="${name}"][role="textbox"])`).setTimeout(10_000).click();
  await page.keyboard.type(text);
}

/** Creates a code on the Firefox laptop page `viewer` and returns its QR link (the camera page's URL). */
export async function createCodeOnLaptop(viewer: Page): Promise<string> {
  await clickButton(viewer, "Create code");
  await expect
    .poll(() => inputValue(viewer, "#share-link"), { message: "the Firefox viewer's share link" })
    .toMatch(/\/camera\?code=\d{6}/);
  return (await inputValue(viewer, "#share-link"))!;
}

/** `selector`'s text, or undefined while it is not in the page. */
export function textOf(page: Page, selector: string): Promise<string | undefined> {
  return page.evaluate((s) => document.querySelector(s)?.textContent ?? undefined, selector);
}

/** `selector`'s attribute `name`, or undefined. */
export function attributeOf(page: Page, selector: string, name: string): Promise<string | undefined> {
  return page.evaluate((s, n) => document.querySelector(s)?.getAttribute(n) ?? undefined, selector, name);
}

/** The value of the <input> `selector`. */
export function inputValue(page: Page, selector: string): Promise<string | undefined> {
  return page.evaluate((s) => document.querySelector<HTMLInputElement>(s)?.value, selector);
}

/**
 * Frames `selector`'s <video> has presented since this was first called on it (requestVideoFrameCallback), or its
 * decoded count if larger: the same witnesses as fixtures.ts videoFrames(). Firefox counts no decoded frames of a
 * live stream, so there it is the presented count.
 */
export function videoFrames(page: Page, selector = "video"): Promise<number> {
  return page.evaluate((s) => {
    const video = document.querySelector(s) as (HTMLVideoElement & { __presented?: number }) | null;
    if (!video) return 0;
    if (video.__presented === undefined && "requestVideoFrameCallback" in video) {
      video.__presented = 0;
      const onFrame = () => {
        video.__presented = (video.__presented ?? 0) + 1;
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    }
    const decoded = video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;
    return Math.max(decoded, video.__presented ?? 0);
  }, selector);
}

/** The <video> shows a picture and new frames keep arriving (fixtures.ts expectVideoPlaying, for Firefox). */
export async function expectVideoPlaying(page: Page, selector = "video", label = "video", by = 10): Promise<void> {
  await expect
    .poll(() => page.evaluate((s) => document.querySelector<HTMLVideoElement>(s)?.videoWidth ?? 0, selector), {
      message: `${label}: videoWidth > 0`,
      timeout: 20_000,
    })
    .toBeGreaterThan(0);
  const start = await videoFrames(page, selector);
  await expect
    .poll(() => videoFrames(page, selector), {
      message: `${label}: frame count grows past ${start}+${by}`,
      timeout: 20_000,
    })
    .toBeGreaterThan(start + by);
}

/** A screenshot of the Firefox page to test-results/screenshots/<spec>/<name>.png (no axe: that is Playwright's). */
export async function saveFirefoxScreenshot(page: Page, name: string): Promise<void> {
  const spec = basename(test.info().file, ".spec.ts");
  await mkdir(`${SCREENSHOT_DIR}${spec}`, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${spec}/${name}.png` });
}
