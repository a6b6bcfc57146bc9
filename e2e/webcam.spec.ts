// What people expect beyond pairing: the clean view for OBS, picture-in-picture, and audio level meters.
import {
  allowOnPhone,
  expect,
  expectVideoPlaying,
  pairByLink,
  saveScreenshot,
  shownCode,
  statusOf,
  test,
} from "./fixtures.js";

test("the clean view shows the phone's video alone: no header, no controls, no QR code", async ({
  openViewer,
  openCamera,
}) => {
  const camera = await openCamera("/camera");
  await camera.getByRole("button", { name: /Create a code/ }).click();
  const code = await shownCode(camera);
  const clean = await openViewer(`/viewer?code=${code}&clean=1`);
  // The OBS view is a laptop like any other: the phone asks about it (issue 16); it shows the words too.
  await allowOnPhone(camera, clean);
  await expectVideoPlaying(clean, "#video", "clean view");
  await expect(clean.locator("header")).toBeHidden();
  await expect(clean.locator(".controls")).toBeHidden();
  await expect(clean.locator("#qr")).toBeHidden();
  await expect(clean.locator("#overlay")).toBeHidden();
  await expect(clean).toHaveURL(new RegExp(`/viewer\\?code=${code}&clean=1$`));
  await saveScreenshot(clean, "viewer-clean-laptop");
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
});

test("picture-in-picture from the viewer's controls", async ({ openViewer, openCamera }) => {
  const { viewer } = await pairByLink(openViewer, openCamera);
  const pip = viewer.getByRole("button", { name: "Picture-in-picture" });
  await expect(pip).toBeEnabled();
  await pip.click();
  await expect(pip).toHaveAttribute("aria-pressed", "true");
  expect(await viewer.evaluate(() => document.pictureInPictureElement?.id)).toBe("video");
});

test("with the microphone on, both pages show a moving audio level", async ({ openViewer, openCamera }) => {
  const { viewer, camera } = await pairByLink(openViewer, openCamera);
  await expect(camera.locator("#mic-meter")).toBeHidden();
  await camera.getByRole("button", { name: "Microphone", exact: true }).click();
  // Chromium's fake microphone plays a beep: the level rises above silence on both sides.
  await expect(camera.locator("#mic-meter")).toBeVisible();
  await expect(camera.locator("#mic-meter")).toHaveAttribute("data-active", "true");
  await expect(viewer.locator("#sound-meter")).toBeVisible();
  await expect(viewer.locator("#sound-meter")).toHaveAttribute("data-active", "true");
  await saveScreenshot(camera, "camera-mic-meter-phone");
});
