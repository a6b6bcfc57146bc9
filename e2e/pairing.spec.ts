// Pairing a phone and a laptop both ways the issue describes, and what each page shows once the video runs.
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

test.describe("pairing", () => {
  test("the laptop makes a code, the phone opens its link, and the laptop plays the phone's video", async ({
    openViewer,
    openCamera,
  }) => {
    const { viewer, camera, code } = await pairByLink(openViewer, openCamera);
    await expect(statusOf(viewer)).toHaveText("Live");
    await expect(viewer.locator("#room-chip")).toHaveText(`Code ${code.slice(0, 3)} ${code.slice(3)}`);
    // The link carried the code; the phone is in that room and says so.
    await expect(camera.locator("#room-chip")).toContainText(code.slice(3));
    await saveScreenshot(viewer, "viewer-watch-laptop");
    await saveScreenshot(camera, "camera-live-phone");
  });

  test("the phone makes a code and the laptop types it in", async ({ openCamera, openViewer }) => {
    const camera = await openCamera("/camera");
    await camera.getByRole("button", { name: /Create a code/ }).click();
    await expect(statusOf(camera)).toHaveText("Waiting for a viewer…");
    const code = await shownCode(camera);
    await expect(camera.locator("#expiry")).toBeVisible();
    await saveScreenshot(camera, "camera-code-phone");

    const viewer = await openViewer("/viewer");
    await viewer.getByRole("textbox", { name: "Digit 1 of 6" }).click();
    await viewer.keyboard.type(code);
    // The laptop that typed the code is not one the phone knows: its holder compares the words and allows it.
    await allowOnPhone(camera, viewer);
    await expectVideoPlaying(viewer, "#video", "viewer");
    await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
    await expect(viewer).toHaveURL(new RegExp(`/viewer\\?code=${code}$`));
    // Once watched, the code is a reminder, not the main thing on the phone's screen.
    await expect(camera.locator("#share-small")).toBeVisible();
  });

  test("a code pasted into the laptop's boxes joins at once", async ({ openCamera, openViewer }) => {
    const camera = await openCamera("/camera");
    await camera.getByRole("button", { name: /Create a code/ }).click();
    const code = await shownCode(camera);
    const viewer = await openViewer("/viewer");
    await viewer.getByRole("textbox", { name: "Digit 1 of 6" }).focus();
    // A real paste event with the code as people copy it (with a space in the middle).
    await viewer.evaluate(
      (text) => {
        const data = new DataTransfer();
        data.setData("text/plain", text);
        document.activeElement!.dispatchEvent(
          new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
        );
      },
      `${code.slice(0, 3)} ${code.slice(3)}`,
    );
    await allowOnPhone(camera, viewer);
    await expectVideoPlaying(viewer, "#video", "viewer");
  });

  test("/viewer?code= joins on load and /camera?code= waits for one tap", async ({
    openCamera,
    openViewer,
    issueCode,
  }) => {
    const code = await issueCode();
    const viewer = await openViewer(`/viewer?code=${code}`);
    await expect(statusOf(viewer)).toHaveText("Waiting for the phone to join…");
    const camera = await openCamera(`/camera?code=${code}`);
    // The code is filled in, the camera stays off until the user asks for it.
    await expect(camera.getByRole("textbox", { name: "Digit 6 of 6" })).toHaveValue(code[5]!);
    await expect(statusOf(camera)).toHaveText("Camera off");
    await saveScreenshot(camera, "camera-setup-phone");
    await camera.getByRole("button", { name: "Start camera" }).click();
    // A bare /camera?code= link names no laptop: the phone asks.
    await allowOnPhone(camera, viewer);
    await expectVideoPlaying(viewer, "#video", "viewer");
    await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
  });
});
