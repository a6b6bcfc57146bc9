// Reloads and camera changes mid-stream: the video comes back (or never stops) without a new code.
import {
  expect,
  expectFramesGrowing,
  expectVideoPlaying,
  openCameraSettings,
  pairByLink,
  statusOf,
  test,
} from "./fixtures.js";

test("a viewer that reloads gets the video back in the same room", async ({ openViewer, openCamera }) => {
  const { viewer, camera, code } = await pairByLink(openViewer, openCamera);
  await viewer.reload();
  await expectVideoPlaying(viewer, "#video", "viewer after reload");
  await expect(viewer).toHaveURL(new RegExp(`code=${code}`));
  // Still one viewer, not two. (A reload closes the old connection first, so this alone does not show a token
  // reclaim; the next test does.)
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
});

test("a phone that reloads streams again to the same laptop", async ({ openViewer, openCamera }) => {
  const { viewer, camera } = await pairByLink(openViewer, openCamera);
  await camera.reload();
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
  await expectFramesGrowing(viewer, "#video", "viewer after the phone reloaded", 20);
  await expect(statusOf(viewer)).toHaveText("Live");
});

test("a phone whose old connection still holds the camera slot takes it back with its token", async ({
  openViewer,
  openCamera,
}) => {
  // Four pages in three contexts: give it the time of a slow test.
  test.slow();
  const { viewer, camera, code } = await pairByLink(openViewer, openCamera);
  // A second tab of the same page, opened by it, starts with a copy of its sessionStorage, the reclaim token
  // included, while the first tab stays connected and in the slot: the server must hand the slot over.
  const [resumed] = await Promise.all([
    camera.context().waitForEvent("page"),
    camera.evaluate(() => window.open(location.href)),
  ]);
  await expect(statusOf(resumed)).toHaveText("Streaming to 1 viewer");
  await expectFramesGrowing(viewer, "#video", "viewer after the phone took its slot back", 20);
  await expect(statusOf(viewer)).toHaveText("Live");

  // The slot is taken again: another phone without the token is refused.
  const other = await openCamera(`/camera?code=${code}&autostart=1`);
  await expect(other.getByRole("alert").filter({ hasText: /another camera/i })).toBeVisible();
  await expect(statusOf(resumed)).toHaveText("Streaming to 1 viewer");
});

test("switching to another camera keeps the same connection and the video going", async ({
  openViewer,
  openCamera,
}) => {
  const { viewer, camera } = await pairByLink(openViewer, openCamera);
  // Tag what the laptop plays now: after the switch it must still be this stream (no new connection).
  await viewer
    .locator("#video")
    .evaluate((v) => (((v as HTMLVideoElement).srcObject as MediaStream & { tag?: string }).tag = "before"));
  const label = () =>
    camera
      .locator("#preview")
      .evaluate((v) => ((v as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0]?.label);
  const before = await label();

  // The switch button is there (the device lists several cameras); the picker names the one to use.
  await expect(camera.getByRole("button", { name: "Switch camera" })).toBeVisible();
  await openCameraSettings(camera);
  await camera.getByLabel("Camera", { exact: true }).selectOption({ label: "fake_device_2" });
  await expect.poll(label, { message: "the phone uses its other camera" }).toBe("fake_device_2");
  expect(before).toBe("fake_device_0");
  await expectFramesGrowing(viewer, "#video", "viewer after the switch", 20);
  expect(
    await viewer
      .locator("#video")
      .evaluate((v) => ((v as HTMLVideoElement).srcObject as MediaStream & { tag?: string }).tag),
    "the laptop still plays the same stream: the track was replaced, not re-paired",
  ).toBe("before");
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");

  // A quality change goes the same way (new constraints on the running camera, or a replaced track).
  await camera.getByLabel("Quality", { exact: true }).selectOption("480p");
  await expectFramesGrowing(viewer, "#video", "viewer after the quality change", 20);
  await expect
    .poll(() => viewer.locator("#video").evaluate((v) => (v as HTMLVideoElement).videoHeight))
    .toBeLessThanOrEqual(480);
});

test("turning the microphone on gives the laptop sound it can unmute", async ({ openViewer, openCamera }) => {
  const { viewer, camera } = await pairByLink(openViewer, openCamera);
  await expect(viewer.locator("#unmute")).toBeDisabled();
  await camera.getByRole("button", { name: "Microphone", exact: true }).click();
  await expect(camera.getByRole("button", { name: "Microphone", exact: true })).toHaveAttribute("aria-pressed", "true");
  const unmute = viewer.getByRole("button", { name: "Click for sound" });
  await expect(unmute).toBeEnabled();
  await unmute.click();
  await expect(viewer.getByRole("button", { name: "Sound on" })).toHaveAttribute("aria-pressed", "true");
  expect(await viewer.locator("#video").evaluate((v) => (v as HTMLVideoElement).muted)).toBe(false);
  await expectFramesGrowing(viewer, "#video", "viewer after the microphone came on", 20);
});
