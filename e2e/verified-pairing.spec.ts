// Verified pairing (issue 16): the QR laptop streams with no question; any other laptop gets not one byte of
// media until the phone's holder compares the words and taps Allow; Deny turns it away; Remember survives a
// reload of the phone.
import type { Page } from "@playwright/test";
import {
  allowOnPhone,
  expect,
  expectFramesGrowing,
  expectVideoPlaying,
  inboundMediaBytes,
  LAPTOP,
  openCameraSettings,
  PHONE,
  pairByLink,
  requestCard,
  SCREENSHOT_DIR,
  saveScreenshot,
  shownCode,
  statusOf,
  test,
  watchPeerConnections,
} from "./fixtures.js";

/** The phone makes a code (the reverse pairing), with the microphone on so that audio counts too. */
async function phoneWithCode(openCamera: (path?: string) => Promise<Page>): Promise<{ camera: Page; code: string }> {
  const camera = await openCamera("/camera");
  await camera.getByRole("button", { name: /Create a code/ }).click();
  const code = await shownCode(camera);
  await camera.getByRole("button", { name: "Microphone", exact: true }).click();
  await expect(camera.getByRole("button", { name: "Microphone", exact: true })).toHaveAttribute("aria-pressed", "true");
  return { camera, code };
}

test("the QR laptop streams with no question, and both screens say it is verified", async ({
  openViewer,
  openCamera,
}) => {
  const { viewer, camera } = await pairByLink(openViewer, openCamera);
  // The link names the laptop in its fragment: 43 characters of base64url.
  await expect(viewer.locator("#share-link")).toHaveValue(/\/camera\?code=\d{6}#v=[A-Za-z0-9_-]{43}$/);
  await expect(requestCard(camera)).toHaveCount(0);
  await expect(viewer.getByText("Verified", { exact: true })).toBeVisible();
  const viewers = camera.getByRole("list", { name: "Viewers" });
  await expect(viewers.getByRole("listitem")).toHaveCount(1);
  await expect(viewers.getByRole("listitem")).toContainText("Laptop · verified");
  // The fragment left the phone's address bar at once; the tab keeps the laptop for a reload.
  expect(new URL(camera.url()).hash).toBe("");
  expect(await camera.evaluate(() => sessionStorage.getItem("codecam:qr-laptop"))).toMatch(
    /"fingerprint":"[0-9a-f]{64}"/,
  );
});

test("the laptop types the phone's code: no media before Allow, the same words on both screens, video after", async ({
  openCamera,
  newDevice,
}) => {
  test.slow();
  const { camera, code } = await phoneWithCode(openCamera);
  const laptop = await newDevice("laptop");
  await watchPeerConnections(laptop);
  const viewer = await laptop.newPage();
  await viewer.goto("/viewer");
  await viewer.getByRole("textbox", { name: "Digit 1 of 6" }).click();
  await viewer.keyboard.type(code);

  const card = requestCard(camera);
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(card).toContainText("Someone else is asking to watch. If it isn't you, deny it and make a new code.");
  await expect(card).toContainText("Check that the laptop shows the same words.");
  await expect(viewer.getByText("Waiting for the phone to allow this laptop")).toBeVisible();
  const words = (await card.locator("[data-sas-words]").textContent()) ?? "";
  expect(words).toMatch(/^[a-z]+ [a-z]+ [a-z]+$/);
  await expect(viewer.locator("[data-sas-words]")).toHaveText(words);
  await expect(statusOf(camera)).toHaveText("A laptop is asking to watch");
  await expect(camera.getByRole("list", { name: "Viewers" }).getByRole("listitem")).toContainText(
    "Waiting for you to allow",
  );
  // The words crossed the data channel, so the connection is up: still not one byte of camera or microphone.
  for (let sample = 0; sample < 4; sample += 1) {
    expect(await inboundMediaBytes(viewer), `sample ${sample}: no media before Allow`).toEqual({ video: 0, audio: 0 });
    await viewer.waitForTimeout(750);
  }

  await card.getByRole("button", { name: "Allow" }).click();
  await expectVideoPlaying(viewer, "#video", "viewer after Allow");
  await expect
    .poll(async () => (await inboundMediaBytes(viewer)).audio, { message: "the microphone arrives too" })
    .toBeGreaterThan(0);
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
  await expect(viewer.getByText("Verified", { exact: true })).toBeVisible();
  await expect(camera.getByRole("list", { name: "Viewers" }).getByRole("listitem")).toContainText("Laptop · verified");
});

test("the Allow step on both screens, at phone and laptop sizes (screenshots, axe)", async ({
  openCamera,
  openViewer,
}) => {
  test.slow();
  // A request waits 60 s for its answer and axe can take longer than that on a busy machine: each screen is
  // checked with a request of its own, on a phone of its own.
  for (const screen of ["camera", "viewer"] as const) {
    const camera = await openCamera("/camera");
    await camera.getByRole("button", { name: /Create a code/ }).click();
    const viewer = await openViewer(`/viewer?code=${await shownCode(camera)}`);
    await expect(requestCard(camera)).toBeVisible({ timeout: 30_000 });
    await expect(viewer.getByText("Waiting for the phone to allow this laptop")).toBeVisible();
    if (screen === "camera") {
      await plainScreenshot(camera, "camera-allow-laptop-size", LAPTOP);
      await saveScreenshot(camera, "camera-allow-phone");
    } else {
      await plainScreenshot(viewer, "viewer-waiting-phone-size", PHONE);
      await saveScreenshot(viewer, "viewer-waiting-laptop");
    }
  }
});

/** A screenshot without the axe check (saveScreenshot has it), at another size when asked. */
async function plainScreenshot(page: Page, name: string, size?: { width: number; height: number }): Promise<void> {
  const before = page.viewportSize();
  if (size) await page.setViewportSize(size);
  await page.screenshot({ path: `${SCREENSHOT_DIR}verified-pairing/${name}.png` });
  if (size && before) await page.setViewportSize(before);
}

test("Deny: the laptop is told it was declined and never gets a frame", async ({ openCamera, newDevice }) => {
  const { camera, code } = await phoneWithCode(openCamera);
  const laptop = await newDevice("laptop");
  await watchPeerConnections(laptop);
  const viewer = await laptop.newPage();
  await viewer.goto(`/viewer?code=${code}`);
  const card = requestCard(camera);
  await expect(card).toBeVisible({ timeout: 30_000 });
  await card.getByRole("button", { name: "Deny" }).click();
  await expect(viewer.getByText("The phone declined this laptop.").first()).toBeVisible();
  await expect(requestCard(camera)).toHaveCount(0);
  expect(await inboundMediaBytes(viewer)).toEqual({ video: 0, audio: 0 });
  await expect(statusOf(camera)).not.toHaveText(/Streaming/);
});

test("a remembered laptop is back without a question after the phone reloads; a forgotten one is asked", async ({
  openCamera,
  openViewer,
}) => {
  test.slow();
  const { camera, code } = await phoneWithCode(openCamera);
  const viewer = await openViewer(`/viewer?code=${code}`);
  await allowOnPhone(camera, viewer, { remember: true });
  await expectVideoPlaying(viewer, "#video", "viewer after Allow");

  await camera.reload();
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
  await expectFramesGrowing(viewer, "#video", "viewer after the phone reloaded", 20);
  await expect(requestCard(camera)).toHaveCount(0);

  // Forget it in the settings: after the next reload the phone asks again.
  await openCameraSettings(camera);
  await expect(camera.getByText("This phone remembers 1 laptop")).toBeVisible();
  await camera.getByRole("button", { name: "Forget remembered laptops" }).click();
  await expect(camera.getByText("This phone remembers no laptops.")).toBeVisible();
  await camera.reload();
  await allowOnPhone(camera, viewer);
  await expectFramesGrowing(viewer, "#video", "viewer after the second Allow", 20);
});
