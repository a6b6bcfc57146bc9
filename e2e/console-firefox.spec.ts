// The remote console with Firefox as the laptop (issue 18): the same panel, built from what the Chromium phone
// reports, and its Focus slider moves the phone's focus. Firefox is driven over WebDriver BiDi (firefox.ts).
import type { Page } from "@playwright/test";
import {
  expectVideoPlaying as expectFirefoxVideoPlaying,
  clickButton,
  createCodeOnLaptop,
  expect,
  test,
} from "./firefox/firefox.js";

/** focusDistance of the video track the phone sends. */
function phoneFocus(camera: Page): Promise<unknown> {
  return camera.evaluate(() => {
    const stream = (document.getElementById("preview") as HTMLVideoElement).srcObject as MediaStream;
    return (stream.getVideoTracks()[0]!.getSettings() as Record<string, unknown>).focusDistance;
  });
}

test.describe("Firefox", () => {
  test.describe.configure({ timeout: 120_000 });

  test("Firefox laptop: the console shows the phone's Focus and Exposure, and its slider moves the focus", async ({
    openCamera,
    openFirefox,
  }) => {
    const viewer = await openFirefox("/viewer", "laptop");
    const camera = await openCamera(await createCodeOnLaptop(viewer));
    await camera.getByRole("button", { name: "Start camera" }).click();
    await expectFirefoxVideoPlaying(viewer, "#video", "Firefox viewer");

    await clickButton(viewer, "Camera controls");
    const labels = () =>
      viewer.evaluate(() =>
        [...document.querySelectorAll("#console-panel .console-label")].map((l) => l.textContent ?? ""),
      );
    await expect
      .poll(labels, { message: "the Firefox console's controls" })
      .toEqual(expect.arrayContaining(["Focus", "Exposure"]));
    expect(await labels()).not.toEqual(expect.arrayContaining(["Zoom"]));
    expect(await phoneFocus(camera)).toBe(50);
    await viewer.focus("#console-focusDistance");
    await viewer.keyboard.press("ArrowRight");
    await expect.poll(() => phoneFocus(camera), { message: "the phone's track focuses at 55" }).toBe(55);
    await expect
      .poll(() => viewer.evaluate(() => document.querySelector("[data-console-value=focusDistance]")?.textContent))
      .toBe("55 m");
  });
});
