// Low delay (issue 20, item 5): the laptop's toggle has the phone send that laptop a smaller picture (at most 360
// lines), and only that laptop; a laptop the phone has not allowed is not heard. Chromium's fake camera sends
// 1280×720. Whether the mode lowers the delay is the bench's business (bench/glass/), not a test's.
import type { Page } from "@playwright/test";
import {
  allowOnPhone,
  expect,
  expectFramesGrowing,
  expectVideoPlaying,
  pairByLink,
  requestCard,
  saveScreenshot,
  test,
} from "./fixtures.js";

const videoHeight = (viewer: Page) => viewer.locator("#video").evaluate((v) => (v as HTMLVideoElement).videoHeight);

/** The value beside the stats panel's `label`. */
const statsRow = (viewer: Page, label: string) =>
  viewer.locator("#stats dt", { hasText: new RegExp(`^${label}$`) }).locator("+ dd");

/** The lines of the stats panel's "Resolution" row (640×360 → 360), NaN while it shows none. */
const statsLines = async (viewer: Page) => Number((await statsRow(viewer, "Resolution").textContent())?.split("×")[1]);

/** What the phone's list of viewers says about each (beside its Remove button). */
const memberLabels = (camera: Page) => camera.getByRole("list", { name: "Viewers" }).locator(".member-label");

/**
 * A phone whose every change of a video sender's scale is noted (RTCRtpSender.setParameters, wrapped before the
 * page's scripts run): what the phone did with the requests it got.
 */
function phoneNotingScales(newDevice: Parameters<Parameters<typeof test>[2]>[0]["newDevice"]) {
  return async (path = "/camera") => {
    const ctx = await newDevice("phone");
    await ctx.addInitScript({
      content: `(() => {
        const set = RTCRtpSender.prototype.setParameters;
        window.__scales = [];
        RTCRtpSender.prototype.setParameters = function (params, ...rest) {
          window.__scales.push(params?.encodings?.[0]?.scaleResolutionDownBy ?? null);
          return set.call(this, params, ...rest);
        };
      })();`,
    });
    const page = await ctx.newPage();
    await page.goto(path);
    return page;
  };
}
const scalesSet = (camera: Page) => camera.evaluate(() => (window as unknown as { __scales: unknown[] }).__scales);

test("Low delay brings the laptop's picture down to 360 lines, and off brings 720 back", async ({
  openViewer,
  openCamera,
}) => {
  const { viewer, camera } = await pairByLink(openViewer, openCamera);
  await expect.poll(() => videoHeight(viewer), { message: "the full picture first", timeout: 20_000 }).toBe(720);
  const toggle = viewer.getByRole("button", { name: "Low delay" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");

  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect
    .poll(() => videoHeight(viewer), { message: "at most 360 lines arrive", timeout: 20_000 })
    .toBeLessThanOrEqual(360);
  await expectFramesGrowing(viewer, "#video", "viewer in low delay");
  // The phone says which laptop it sends less to.
  const member = memberLabels(camera);
  await expect(member).toHaveText("Laptop · verified · low delay");
  // The stats panel (I) says the mode, and the lines that really arrive.
  await viewer.keyboard.press("i");
  await expect(statsRow(viewer, "Mode")).toHaveText("Low delay");
  await expect.poll(() => statsLines(viewer), { timeout: 10_000 }).toBeLessThanOrEqual(360);
  await saveScreenshot(viewer, "viewer-low-delay-on");

  // The L key turns it off: the full picture comes back, and the phone no longer says low delay.
  await viewer.keyboard.press("l");
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect.poll(() => videoHeight(viewer), { message: "720 lines again", timeout: 30_000 }).toBe(720);
  await expect(statsRow(viewer, "Mode")).toHaveText("Smooth");
  await expect(member).toHaveText("Laptop · verified");

  // The laptop remembers the choice: on again, a reload starts in low delay.
  await toggle.click();
  await viewer.reload();
  await expectVideoPlaying(viewer, "#video", "viewer after a reload");
  await expect(viewer.getByRole("button", { name: "Low delay" })).toHaveAttribute("aria-pressed", "true");
  await expect
    .poll(() => videoHeight(viewer), { message: "low delay after the reload", timeout: 20_000 })
    .toBeLessThanOrEqual(360);
});

test("?delay=low is heard only once the phone allows that laptop, and changes only its picture", async ({
  openViewer,
  newDevice,
}) => {
  // Two laptops, one asked about on the phone.
  test.slow();
  const { viewer: first, camera, code } = await pairByLink(openViewer, phoneNotingScales(newDevice));
  await expect.poll(() => videoHeight(first), { timeout: 20_000 }).toBe(720);

  // A second laptop asks for low delay as its link opens, before the phone has let it watch.
  const second = await openViewer(`/viewer?code=${code}&delay=low`);
  await expect(second.getByRole("button", { name: "Low delay" })).toHaveAttribute("aria-pressed", "true");
  await expect(requestCard(camera), "the phone asks about the second laptop").toBeVisible({ timeout: 30_000 });
  // Its request came on the data channel before the words did: the phone has seen it, and ignored it.
  expect(await scalesSet(camera), "no sender changed for a laptop nobody allowed").toEqual([]);

  await allowOnPhone(camera, second);
  await expectVideoPlaying(second, "#video", "second viewer");
  await expect
    .poll(() => videoHeight(second), { message: "the allowed laptop gets its low delay", timeout: 20_000 })
    .toBeLessThanOrEqual(360);
  // The first laptop's link is its own: still the full picture, still moving.
  await expectFramesGrowing(first, "#video", "first viewer beside a low-delay one");
  expect(await videoHeight(first)).toBe(720);
  expect(await scalesSet(camera)).toEqual([2]);
  await expect(memberLabels(camera)).toHaveText(["Laptop · verified", "Laptop · verified · low delay"]);
});
