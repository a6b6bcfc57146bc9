// Firefox on either end, Chromium on the other: the pairing journeys across browsers. Firefox is Debian's
// firefox-esr driven over WebDriver BiDi (e2e/firefox/firefox.ts); Chromium is the suite's usual fixture.
import type { Page } from "puppeteer-core";
import { expectVideoPlaying, shownCode, statusOf } from "./fixtures.js";
import {
  clickButton,
  expect,
  expectVideoPlaying as expectFirefoxVideoPlaying,
  test,
  textOf,
  inputValue,
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
    await clickButton(viewer, "Create code");
    await expect
      .poll(() => inputValue(viewer, "#share-link"), { message: "the Firefox viewer's share link" })
      .toMatch(/\/camera\?code=\d{6}/);
    const url = (await inputValue(viewer, "#share-link"))!;
    const code = new URL(url).searchParams.get("code")!;

    const camera = await openCamera(url);
    await camera.getByRole("button", { name: "Start camera" }).click();
    await expectFirefoxVideoPlaying(viewer, "#video", "Firefox viewer");
    await expect.poll(() => textOf(viewer, "#status"), { message: "Firefox viewer's status" }).toBe("Live");
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
});
