// What a new user tripped over (issue 19), each checked in the browser as they would meet it.
import { expectAccessible } from "./axe.js";
import { expect, pairByLink, statusOf, test } from "./fixtures.js";

test("focus follows the page: Create code and Start camera move it to the new state", async ({
  openViewer,
  openCamera,
}) => {
  const viewer = await openViewer("/viewer");
  await viewer.getByRole("button", { name: "Create code" }).focus();
  await viewer.keyboard.press("Enter");
  await expect(viewer.locator("#pairing-title"), "the pairing view's heading has focus").toBeFocused();

  // The laptop's link: the camera waits for the tap (a bare /camera with the camera allowed starts on its own).
  const camera = await openCamera(await viewer.locator("#share-link").inputValue());
  await camera.getByRole("button", { name: "Start camera" }).focus();
  await camera.keyboard.press("Enter");
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
  await expect(camera.locator("#controls"), "the camera controls have focus").toBeFocused();
});

test("the mic toggle has a fixed name and aria-pressed carries its state; the badge says how many viewers", async ({
  openViewer,
  openCamera,
}) => {
  const { camera } = await pairByLink(openViewer, openCamera);
  const mic = camera.getByRole("button", { name: "Microphone", exact: true });
  await expect(mic).toHaveAttribute("aria-pressed", "false");
  await mic.click();
  await expect(mic).toHaveAttribute("aria-pressed", "true");
  await expect(camera.getByRole("img", { name: "1 viewer" })).toBeVisible();
  await expectAccessible(camera, "new-user: phone streaming, mic on");
  // Stop, then Start again: the microphone is still the holder's choice.
  await camera.locator("#stop").click();
  await camera.getByRole("button", { name: "Start camera" }).click();
  await expect(mic).toHaveAttribute("aria-pressed", "true");
  await expect
    .poll(() =>
      camera
        .locator("#preview")
        .evaluate((v) => (v as HTMLVideoElement & { srcObject: MediaStream }).srcObject?.getAudioTracks().length ?? 0),
    )
    .toBe(1);
});

test("a wrong code does not leave the camera on", async ({ openCamera }) => {
  // No room has this code on a fresh server: the same as a QR link from a laptop page that has closed.
  const camera = await openCamera("/camera?code=314159");
  await camera.getByRole("button", { name: "Start camera" }).click();
  await expect(camera.locator("#code-error")).toBeVisible();
  await expect(statusOf(camera)).toHaveText("Camera off");
  await expect
    .poll(() => camera.locator("#preview").evaluate((v) => (v as HTMLVideoElement).srcObject === null))
    .toBe(true);
});
