// The delay from the phone's camera to the laptop's screen, in the viewer's stats panel (issue 20): a figure in
// ms where both browsers have what the method needs, "—" where the phone's browser cannot read its encoded frames.
// The figure's accuracy is the bench's business (bench/glass/), not a test's.
import type { Page } from "@playwright/test";
import { expect, expectFramesGrowing, expectVideoPlaying, pairByLink, saveScreenshot, test } from "./fixtures.js";

/** The value beside the stats panel's "Delay" label. */
const delayOf = (viewer: Page) => viewer.locator("#stats dt", { hasText: /^Delay$/ }).locator("+ dd");

/** A phone whose browser lacks the named globals (removed before the page's scripts run). */
function phoneWithout(newDevice: Parameters<Parameters<typeof test>[2]>[0]["newDevice"], script: string) {
  return async (path = "/camera") => {
    const ctx = await newDevice("phone");
    await ctx.addInitScript({ content: script });
    const page = await ctx.newPage();
    await page.goto(path);
    return page;
  };
}

test("the laptop's stats show the delay from the phone in milliseconds", async ({ openViewer, openCamera }) => {
  const { viewer } = await pairByLink(openViewer, openCamera);
  await viewer.getByRole("button", { name: "Show connection stats" }).click();
  await expect(delayOf(viewer)).toHaveText(/^\d+ ms$/, { timeout: 20_000 });
  await saveScreenshot(viewer, "viewer-stats-delay");
  // Closing the panel stops the pings; opening it again measures again.
  await viewer.getByRole("button", { name: "Show connection stats" }).click();
  await expect(viewer.locator("#stats")).toBeHidden();
  await viewer.getByRole("button", { name: "Show connection stats" }).click();
  await expect(delayOf(viewer)).toHaveText(/^\d+ ms$/, { timeout: 20_000 });
});

test("the delay shows also when the phone's link starts with the page (autostart)", async ({
  openViewer,
  openCamera,
}) => {
  // The phone builds its first link while the page loads, before its capture worker may run.
  const viewer = await openViewer("/viewer");
  await viewer.getByRole("button", { name: "Create code" }).click();
  const link = viewer.locator("#share-link");
  await expect(link).toHaveValue(/\/camera\?code=\d{6}/);
  await openCamera((await link.inputValue()).replace("#", "&autostart=1#"));
  await expectVideoPlaying(viewer, "#video", "viewer");
  await viewer.getByRole("button", { name: "Show connection stats" }).click();
  await expect(delayOf(viewer)).toHaveText(/^\d+ ms$/, { timeout: 20_000 });
});

test("a phone without RTCRtpScriptTransform reads its frames with createEncodedStreams", async ({
  openViewer,
  newDevice,
}) => {
  const openCamera = phoneWithout(newDevice, "delete window.RTCRtpScriptTransform;");
  const { viewer, camera } = await pairByLink(openViewer, openCamera);
  await viewer.getByRole("button", { name: "Show connection stats" }).click();
  await expect(delayOf(viewer)).toHaveText(/^\d+ ms$/, { timeout: 20_000 });
  await expectFramesGrowing(viewer, "#video", "viewer through encoded streams");
  // Every sender of such a connection must be read, the microphone's too (added later): its sound arrives.
  await camera.getByRole("button", { name: "Microphone", exact: true }).click();
  await expect(viewer.locator("#sound-meter")).toHaveAttribute("data-active", "true", { timeout: 30_000 });
});

test('the delay shows "—" when the phone cannot read its encoded frames, and the video plays', async ({
  openViewer,
  newDevice,
}) => {
  const openCamera = phoneWithout(
    newDevice,
    "delete window.RTCRtpScriptTransform; delete RTCRtpSender.prototype.createEncodedStreams;",
  );
  const { viewer } = await pairByLink(openViewer, openCamera);
  await viewer.getByRole("button", { name: "Show connection stats" }).click();
  // The panel has its readings (the resolution comes from getStats) and the video runs, but no delay is guessed.
  await expect(viewer.locator("#stats")).toContainText("×");
  await expectFramesGrowing(viewer, "#video", "viewer without encoded transforms");
  await viewer.waitForTimeout(4_000);
  await expect(delayOf(viewer)).toHaveText("—");
  await saveScreenshot(viewer, "viewer-stats-no-delay");
});
