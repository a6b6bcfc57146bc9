// Firefox on either end, Chromium on the other: both pairings across browsers, the QR link (the phone streams to
// the laptop it names, no question) and the typed code (the same words on both screens, then Allow on the phone).
// Firefox is Debian's firefox-esr driven over WebDriver BiDi (e2e/firefox/firefox.ts); Chromium is the suite's
// usual fixture.
import type { Page } from "puppeteer-core";
import { expectVideoPlaying, shownCode, statusOf } from "./fixtures.js";
import {
  attributeOf,
  clickButton,
  createCodeOnLaptop,
  expect,
  expectVideoPlaying as expectFirefoxVideoPlaying,
  saveFirefoxScreenshot,
  test,
  textOf,
  typeInto,
  videoFrames,
} from "./firefox/firefox.js";

/** Frames the watch below lasts for: 3 s of the fake cameras' 30 fps, longer than the viewer's STALL_MS (2 s). */
const WATCH_FRAMES = 90;

/**
 * Watches the Firefox viewer while `WATCH_FRAMES` new frames play, and fails if it said "The picture stopped" (in
 * the status line or over the video) at any moment meanwhile. The window is counted in frames, not seconds, so a
 * slow machine makes it longer, never a false alarm.
 */
async function expectNoStallNotice(page: Page, label: string): Promise<void> {
  await page.evaluate(() => {
    const w = window as Window & { __stallNotices?: string[] };
    w.__stallNotices = [];
    const status = document.getElementById("status")!;
    const overlay = document.getElementById("overlay")!;
    const check = () => {
      const title = document.getElementById("overlay-title")?.textContent ?? "";
      if (status.dataset.state === "stalled") w.__stallNotices!.push(`status: ${status.textContent}`);
      if (!overlay.hidden && title === "The picture stopped") w.__stallNotices!.push(`overlay: ${title}`);
    };
    new MutationObserver(check).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    check();
  });
  const start = await videoFrames(page, "#video");
  await expect
    .poll(() => videoFrames(page, "#video"), {
      message: `${label}: ${WATCH_FRAMES} more frames play`,
      timeout: 30_000,
    })
    .toBeGreaterThan(start + WATCH_FRAMES);
  const notices = await page.evaluate(() => (window as Window & { __stallNotices?: string[] }).__stallNotices ?? []);
  expect(notices, `${label}: no "picture stopped" over live video`).toEqual([]);
}

test.describe("Firefox", () => {
  // Each test starts its own Firefox (a few seconds of CPU, far more on a busy machine), which Chromium's shared
  // browser never counts against a test.
  test.describe.configure({ timeout: 120_000 });

  test("Firefox camera: the Chromium laptop's QR link opens it, one tap, and the laptop plays its video", async ({
    openViewer,
    openFirefox,
  }) => {
    const viewer = await openViewer("/viewer");
    await viewer.getByRole("button", { name: "Create code" }).click();
    const link = viewer.locator("#share-link");
    await expect(link).toHaveValue(/\/camera\?code=\d{6}/);
    const code = await shownCode(viewer);

    const camera = await openFirefox(await link.inputValue(), "phone");
    await clickButton(camera, "Start camera");
    await expectVideoPlaying(viewer, "#video", "Chromium viewer");
    await expect(statusOf(viewer)).toHaveText("Live");
    // The QR link named this laptop: the phone streams to it without asking, and both know it.
    await expect(viewer.locator("#verified-badge")).toBeVisible();
    await expect
      .poll(() => textOf(camera, "#status"), { message: "Firefox camera's status" })
      .toBe("Streaming to 1 viewer");
    await expect.poll(() => textOf(camera, "#room-chip")).toContain(code.slice(3));
  });

  test("Firefox laptop: its QR link opened on a Chromium phone plays live, with no 'picture stopped', also in the clean view", async ({
    openCamera,
    openFirefox,
  }) => {
    const viewer = await openFirefox("/viewer", "laptop");
    const url = await createCodeOnLaptop(viewer);
    const code = new URL(url).searchParams.get("code")!;

    const camera = await openCamera(url);
    await camera.getByRole("button", { name: "Start camera" }).click();
    await expectFirefoxVideoPlaying(viewer, "#video", "Firefox viewer");
    await expect.poll(() => textOf(viewer, "#status"), { message: "Firefox viewer's status" }).toBe("Live");
    await expect
      .poll(() => viewer.evaluate(() => document.getElementById("verified-badge")?.hidden), {
        message: "the Firefox laptop shows Verified",
      })
      .toBe(false);
    await expectNoStallNotice(viewer, "Firefox viewer");
    await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");

    // The clean view (an OBS Browser Source) runs the same freeze check under a quieter page.
    await viewer.goto(new URL(`/viewer?code=${code}&clean=1`, url).href, { timeout: 15_000 });
    await expectFirefoxVideoPlaying(viewer, "#video", "Firefox clean view");
    await expect
      .poll(() => viewer.evaluate(() => document.body.dataset.clean), { message: "the clean view is on" })
      .toBe("true");
    await expectNoStallNotice(viewer, "Firefox clean view");
  });

  test("Firefox camera: a Chromium laptop types the phone's code, the words match, and Allow starts the video", async ({
    openViewer,
    openFirefox,
  }) => {
    const camera = await openFirefox("/camera", "phone");
    await clickButton(camera, "Create a code instead");
    await expect
      .poll(() => attributeOf(camera, "#code", "data-code"), { message: "the phone's code" })
      .toMatch(/^\d{6}$/);
    const code = (await attributeOf(camera, "#code", "data-code"))!;

    const viewer = await openViewer("/viewer");
    await viewer.getByRole("textbox", { name: "Digit 1 of 6" }).click();
    await viewer.keyboard.type(code);
    await expect(viewer.getByText("Waiting for the phone to allow this laptop")).toBeVisible();
    const words = viewer.locator("[data-sas-words]");
    await expect(words).toHaveText(/^\S+ \S+ \S+$/);
    await expect
      .poll(() => textOf(camera, "[data-sas-words]"), { message: "the Firefox phone shows the laptop's words" })
      .toBe(await words.textContent());
    await expect(viewer.locator("#video"), "no picture before Allow").toHaveJSProperty("videoWidth", 0);
    await saveFirefoxScreenshot(camera, "camera-allow-firefox-phone");
    await clickButton(camera, "Allow");
    await expectVideoPlaying(viewer, "#video", "Chromium viewer after Allow");
    await expect(statusOf(viewer)).toHaveText("Live");
  });

  test("Firefox laptop: it types a Chromium phone's code, the words match, and Allow starts the video", async ({
    openCamera,
    openFirefox,
  }) => {
    const camera = await openCamera("/camera");
    await camera.getByRole("button", { name: /Create a code/ }).click();
    const code = await shownCode(camera);

    const viewer = await openFirefox("/viewer", "laptop");
    await typeInto(viewer, "Digit 1 of 6", code);
    await expect
      .poll(() => textOf(viewer, "body"), { message: "the Firefox laptop waits for the phone" })
      .toContain("Waiting for the phone to allow this laptop");
    const words = camera.locator("[data-sas-words]");
    await expect(words).toHaveText(/^\S+ \S+ \S+$/);
    await expect
      .poll(() => textOf(viewer, "[data-sas-words]"), { message: "the Firefox laptop shows the phone's words" })
      .toBe(await words.textContent());
    expect(await viewer.evaluate(() => document.querySelector("video")?.videoWidth), "no picture before Allow").toBe(0);
    await saveFirefoxScreenshot(viewer, "viewer-waiting-firefox-laptop");
    await camera.getByRole("button", { name: "Allow" }).click();
    await expectFirefoxVideoPlaying(viewer, "#video", "Firefox viewer after Allow");
    await expect.poll(() => textOf(viewer, "#status"), { message: "Firefox viewer's status" }).toBe("Live");
    await expectNoStallNotice(viewer, "Firefox viewer after Allow");
  });
});
