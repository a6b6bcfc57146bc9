// The viewer's tools (snapshot, recording, stats) and the phone's Stop, as a person would use them.
import { readFile } from "node:fs/promises";
import { expectAccessible } from "./axe.js";
import { expect, expectFramesGrowing, pairByLink, statusOf, test } from "./fixtures.js";

test("the laptop saves a PNG snapshot and a WebM recording of the live video", async ({ openViewer, openCamera }) => {
  const { viewer } = await pairByLink(openViewer, openCamera);

  const [snapshot] = await Promise.all([
    viewer.waitForEvent("download"),
    viewer.getByRole("button", { name: "Save a snapshot" }).click(),
  ]);
  expect(snapshot.suggestedFilename()).toMatch(/^codecam-[\d-]+\.png$/);
  const png = await readFile((await snapshot.path())!);
  expect(png.subarray(1, 4).toString("latin1"), "a PNG file").toBe("PNG");

  const record = viewer.locator("#record");
  await record.click();
  await expect(record).toHaveAttribute("aria-pressed", "true");
  await expect(viewer.locator("#rec-badge")).toBeVisible();
  await expectAccessible(viewer, "controls: viewer recording");
  // The running timer is what the user watches; wait until it shows at least one second.
  await expect(viewer.locator("#rec-time")).not.toHaveText("0:00");
  const [recording] = await Promise.all([viewer.waitForEvent("download"), record.click()]);
  expect(recording.suggestedFilename()).toMatch(/^codecam-[\d-]+\.webm$/);
  const webm = await readFile((await recording.path())!);
  expect(webm.readUInt32BE(0).toString(16), "a WebM (EBML) file").toBe("1a45dfa3");
  expect(webm.length).toBeGreaterThan(1_000);
  await expect(record).toHaveAttribute("aria-pressed", "false");
  await expectFramesGrowing(viewer, "#video", "viewer after recording");
});

test("Stop on the phone turns its camera off and the laptop says the phone stopped", async ({
  openViewer,
  openCamera,
}) => {
  const { viewer, camera } = await pairByLink(openViewer, openCamera);
  await camera.getByRole("button", { name: "Stop streaming" }).click();
  await expect(statusOf(camera)).toHaveText("Camera off");
  expect(await camera.locator("#preview").evaluate((v) => (v as HTMLVideoElement).srcObject)).toBeNull();
  // The phone said goodbye before it left: the laptop knows it stopped, rather than lost it.
  await expect(statusOf(viewer)).toHaveText("The phone stopped the camera");
  // The laptop offers the QR code and the code again, so the phone can pair once more.
  await expect(viewer.locator("#pairing-title")).toHaveText("The phone stopped the camera");
  await expect(viewer.locator("#qr svg")).toBeVisible();
  await expectAccessible(viewer, "controls: viewer after the phone stopped");
  await expectAccessible(camera, "controls: camera off");

  // Start again from the same page: it goes back to the same laptop without a new code.
  await camera.getByRole("button", { name: "Start camera" }).click();
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
  await expect(statusOf(viewer)).toHaveText("Live");
  await expectFramesGrowing(viewer, "#video", "viewer after the phone started again");
});
