// What a new user ran into on a first try, each checked as they would see it.
import { allowOnPhone, expect, expectVideoPlaying, shownCode, statusOf, test } from "./fixtures.js";

test("the phone's code screen names the viewer address with its scheme", async ({ openCamera }) => {
  const camera = await openCamera("/camera");
  await camera.getByRole("button", { name: /Create a code/ }).click();
  await shownCode(camera);
  // Typed without the scheme, a browser tries http:// on the HTTPS port and gets an empty reply.
  await expect(camera.locator("#viewer-url")).toHaveText(/^https?:\/\/[^/]+\/viewer$/);
});

test("the QR link opens the camera page ready, and one tap starts it", async ({ openViewer, openCamera }) => {
  const viewer = await openViewer("/viewer");
  await viewer.getByRole("button", { name: "Create code" }).click();
  const code = await shownCode(viewer);
  const link = await viewer.locator("#share-link").inputValue();
  await expect(viewer.locator("#qr")).toHaveAttribute("data-url", link);
  expect(link, "no autostart in the link people scan").not.toContain("autostart");

  const camera = await openCamera(link);
  await expect(camera.getByRole("textbox", { name: "Digit 6 of 6" })).toHaveValue(code[5]!);
  await expect(camera.locator("#start-hint")).toHaveText(`Then it joins code ${code.slice(0, 3)} ${code.slice(3)}.`);
  await expect(statusOf(camera)).toHaveText("Camera off");
  await camera.getByRole("button", { name: "Start camera" }).click();
  await expectVideoPlaying(viewer, "#video", "viewer");
});

test("a viewer that waits longer than the code's lifetime still pairs: its code never shows as expired", async ({
  openViewer,
  openCamera,
}) => {
  const viewer = await openViewer("/viewer");
  await viewer.clock.install();
  await viewer.getByRole("button", { name: "Create code" }).click();
  const code = await shownCode(viewer);
  // Eleven minutes on the laptop's clock: past the 10-minute TTL of a code nobody joined.
  await viewer.clock.fastForward("11:00");
  await expect(viewer.locator("body")).toHaveAttribute("data-view", "pairing");
  await expect(viewer.getByText(/expired/i)).toHaveCount(0);
  await expect(shownCode(viewer)).resolves.toBe(code);

  // The server agrees: the room has a member, so the code still admits the phone.
  const camera = await openCamera(`/camera?code=${code}`);
  await camera.getByRole("button", { name: "Start camera" }).click();
  // Opened by the code alone (no QR fragment): the phone asks about the laptop first (issue 16).
  await allowOnPhone(camera, viewer);
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
});

test("five digits and Enter: the page says a digit is missing", async ({ openViewer }) => {
  const viewer = await openViewer("/viewer");
  await viewer.getByRole("textbox", { name: "Digit 1 of 6" }).click();
  await viewer.keyboard.type("12345");
  await viewer.keyboard.press("Enter");
  await expect(viewer.locator("#code-error")).toHaveText("A code is six digits; only 5 are filled in.");
});

test("on a phone, a notice never covers the camera controls", async ({ openCamera, openViewer }) => {
  const viewer = await openViewer("/viewer");
  await viewer.getByRole("button", { name: "Create code" }).click();
  const code = await shownCode(viewer);
  const camera = await openCamera(`/camera?code=${code}`);
  await camera.getByRole("button", { name: "Start camera" }).click();
  await allowOnPhone(camera, viewer);
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
  // The longest notice the phone shows, in the page's own toast element and style.
  await camera.evaluate(() => {
    const toast = document.createElement("div");
    toast.className = "toast";
    toast.dataset.show = "true";
    toast.textContent = "The server restarted · new code 483 920";
    document.body.append(toast);
  });
  const toast = (await camera.locator(".toast").boundingBox())!;
  for (const name of ["Microphone", "Mirror preview", "Stop streaming", "Camera settings"]) {
    const button = (await camera.getByRole("button", { name }).boundingBox())!;
    const overlaps =
      toast.x < button.x + button.width &&
      button.x < toast.x + toast.width &&
      toast.y < button.y + button.height &&
      button.y < toast.y + toast.height;
    expect(overlaps, `the notice leaves "${name}" free`).toBe(false);
  }
});
