// Every page state at phone (390×844) and laptop (1366×768) size: nothing spills sideways, the main action is
// on screen, and a screenshot lands in test-results/screenshots/ for a person to look at.
import type { Page } from "@playwright/test";
import {
  expect,
  expectVideoPlaying,
  openCameraSettings,
  saveScreenshot,
  statusOf,
  test,
  type Device,
} from "./fixtures.js";

async function expectFits(page: Page, what: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${what}: no horizontal scrolling`).toBeLessThanOrEqual(innerWidth);
}

for (const device of ["phone", "laptop"] as const satisfies readonly Device[]) {
  test(`viewer and camera pages fit a ${device} in every state`, async ({ newDevice }) => {
    const viewer = await (await newDevice(device)).newPage();
    await viewer.goto("/viewer");
    await expect(viewer.getByRole("button", { name: "Create code" })).toBeInViewport();
    await expectFits(viewer, "viewer start");
    await saveScreenshot(viewer, `viewer-start-${device}`);

    await viewer.getByRole("button", { name: "Create code" }).click();
    await expect(viewer.locator("#qr svg")).toBeVisible();
    await expect(viewer.locator("#qr")).toBeInViewport();
    await expectFits(viewer, "viewer pairing");
    await saveScreenshot(viewer, `viewer-pairing-${device}`);

    // No camera permission yet (a first visit): the page waits for a tap instead of opening the camera.
    const camera = await (await newDevice(device, { permissions: [] })).newPage();
    await camera.goto("/camera");
    await expect(camera.getByRole("button", { name: "Start camera" })).toBeInViewport();
    await expectFits(camera, "camera setup");
    await saveScreenshot(camera, `camera-setup-${device}`);

    await camera.goto(await viewer.locator("#share-link").inputValue());
    await camera.getByRole("button", { name: "Start camera" }).click();
    await expectVideoPlaying(viewer, "#video", "viewer");
    await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
    await expect(camera.getByRole("button", { name: "Stop streaming" })).toBeInViewport();
    await expectFits(camera, "camera live");
    await saveScreenshot(camera, `camera-live-${device}`);

    await viewer.getByRole("button", { name: "Show connection stats" }).click();
    await expect(viewer.locator("#stats")).toContainText("Direct");
    await expect(viewer.getByRole("button", { name: "Save a snapshot" })).toBeInViewport();
    await expectFits(viewer, "viewer watching");
    // Every video control sits in the bar, and the bar on the stage: none pushed off an edge.
    const toolbar = viewer.getByRole("toolbar", { name: "Video controls" });
    const stage = (await viewer.locator("#stage").boundingBox())!;
    const bar = (await toolbar.boundingBox())!;
    expect(bar.x, "the controls bar within the stage").toBeGreaterThanOrEqual(stage.x);
    expect(bar.x + bar.width, "the controls bar within the stage").toBeLessThanOrEqual(stage.x + stage.width);
    for (const control of await toolbar.getByRole("button").all()) {
      const box = await control.boundingBox();
      if (!box) continue; // hidden (picture-in-picture where the browser has none)
      const name = await control.getAttribute("id");
      expect(box.x, `${name} within the bar's left edge`).toBeGreaterThanOrEqual(bar.x);
      expect(box.x + box.width, `${name} within the bar's right edge`).toBeLessThanOrEqual(bar.x + bar.width);
    }
    await saveScreenshot(viewer, `viewer-watch-${device}`);

    await openCameraSettings(camera);
    await expectFits(camera, "camera settings");
    await saveScreenshot(camera, `camera-settings-${device}`);
  });
}
