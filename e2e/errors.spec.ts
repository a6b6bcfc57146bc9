// What the pages tell people when something is wrong: a blocked camera, an insecure address, a bad code.
import { chromium } from "@playwright/test";
import { BASE_ARGS, CHROMIUM_PATH, TEST_PORT } from "./browser-env.js";
import { expectAccessible } from "./axe.js";
import { deviceOptions, expect, expectVideoPlaying, saveScreenshot, shownCode, statusOf, test } from "./fixtures.js";

test("a camera the user blocked: the phone says so and how to fix it", async ({ issueCode }) => {
  const code = await issueCode();
  // A real denial, not a mock: a browser without the auto-accepting fake prompt, told to deny every prompt.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...BASE_ARGS, "--use-fake-device-for-media-stream", "--deny-permission-prompts"],
  });
  try {
    const page = await (
      await browser.newContext({ ...deviceOptions("phone"), baseURL: `http://127.0.0.1:${TEST_PORT}` })
    ).newPage();
    await page.goto(`/camera?code=${code}&autostart=1`);
    await expect(page.locator("#blocked-title")).toHaveText("Camera access is blocked");
    await expect(page.locator("#blocked-body")).toContainText("set Camera to Allow");
    await expect(statusOf(page)).toHaveAttribute("data-tone", "error");
    await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
    // It stays in the room without a picture, so that a laptop there hears why (the next test).
    await expect(page.locator("body")).toHaveAttribute("data-view", "live");
    await saveScreenshot(page, "camera-blocked-phone");
  } finally {
    await browser.close();
  }
});

test("a camera the user blocked: the laptop hears why, and gets the picture after Try again", async ({
  openViewer,
}) => {
  const viewer = await openViewer("/viewer");
  await viewer.getByRole("button", { name: "Create code" }).click();
  await expect(viewer.locator("#share-link")).toHaveValue(/\/camera\?code=\d{6}/);
  const link = await viewer.locator("#share-link").inputValue();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...BASE_ARGS, "--use-fake-device-for-media-stream", "--deny-permission-prompts"],
  });
  try {
    const phone = await browser.newContext({ ...deviceOptions("phone"), baseURL: `http://127.0.0.1:${TEST_PORT}` });
    const camera = await phone.newPage();
    await camera.goto(link);
    await camera.getByRole("button", { name: "Start camera" }).click();
    await expect(camera.locator("#blocked-title")).toHaveText("Camera access is blocked");
    // The laptop says what happened on the phone instead of spinning on "Connecting…" and starting over.
    await expect(statusOf(viewer)).toHaveText(
      "The phone could not open its camera: camera permission was denied on the phone",
    );
    await expect(statusOf(viewer)).toHaveAttribute("data-tone", "error");
    await expect(viewer.locator("#overlay-title")).toHaveText("The phone could not open its camera");
    await saveScreenshot(viewer, "viewer-phone-camera-blocked-laptop");
    // The holder allows the camera and taps Try again: the picture comes to the laptop, no new pairing.
    await phone.grantPermissions(["camera", "microphone"]);
    await camera.getByRole("button", { name: "Try again" }).click();
    await expectVideoPlaying(viewer, "#video", "viewer after Try again");
    await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
  } finally {
    await browser.close();
  }
});

test("a plain-http address other than localhost: the phone explains to open the https:// one", async () => {
  // codecam.test resolves to this machine, but unlike 127.0.0.1 it is not a secure context, as a LAN IP is not.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...BASE_ARGS,
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      "--host-resolver-rules=MAP codecam.test 127.0.0.1",
    ],
  });
  try {
    const page = await (await browser.newContext(deviceOptions("phone"))).newPage();
    await page.goto(`http://codecam.test:${TEST_PORT}/camera`);
    await expect(page.locator("#blocked-title")).toHaveText("This address can't use the camera");
    await expect(page.locator("#blocked-body")).toContainText("https://");
    await expect(page.locator("#blocked-body")).toContainText(`codecam.test:${TEST_PORT}`);
    await saveScreenshot(page, "camera-insecure-phone");
  } finally {
    await browser.close();
  }
});

test("a code nobody issued: the laptop says no camera has it and stays ready for another", async ({ openViewer }) => {
  const viewer = await openViewer("/viewer");
  await viewer.getByRole("textbox", { name: "Digit 1 of 6" }).click();
  // Codes are random among a million; 000000 being live during this test is a one-in-a-million event at worst.
  await viewer.keyboard.type("000000");
  await expect(viewer.locator("#code-error")).toHaveText(/No camera has that code/);
  await expect(viewer.locator("#code-input")).toHaveAttribute("aria-invalid", "true");
  await expect(viewer.locator("body")).toHaveAttribute("data-view", "start");
  await expectAccessible(viewer, "errors: viewer code not found");
});

test("a viewer link with a code that ended: the laptop says so instead of waiting forever", async ({ openViewer }) => {
  const viewer = await openViewer("/viewer?code=000000");
  await expect(viewer.locator("#start-notice")).toContainText("Couldn't join 000 000");
  await expect(viewer.locator("#start-notice")).toContainText("No camera has that code");
  await expect(viewer).toHaveURL(/\/viewer$/);
  await expectAccessible(viewer, "errors: viewer link with an ended code");
});

test("devices with no network path between them: both pages say a TURN relay is needed", async ({ openCamera }) => {
  test.slow(); // ICE has to give up first (PeerLink's connect timeout), which takes seconds by design
  const camera = await openCamera("/camera");
  await camera.getByRole("button", { name: /Create a code/ }).click();
  const code = await shownCode(camera);
  // A laptop whose browser may not send UDP outside a proxy: it gathers no ICE candidates at all, as when two
  // networks block each other and no relay is configured (the test server has ICE_SERVERS=[]).
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...BASE_ARGS, "--webrtc-ip-handling-policy=disable_non_proxied_udp"],
  });
  try {
    const viewer = await (
      await browser.newContext({ ...deviceOptions("laptop"), baseURL: `http://127.0.0.1:${TEST_PORT}` })
    ).newPage();
    await viewer.goto(`/viewer?code=${code}`);
    await expect(statusOf(viewer)).toHaveText(/No direct path between the devices: a TURN relay is needed/, {
      timeout: 30_000,
    });
    await expect(statusOf(viewer)).toHaveAttribute("data-tone", "error");
    await expect(statusOf(camera)).toHaveText(/a TURN relay is needed/, { timeout: 30_000 });
    await saveScreenshot(viewer, "viewer-no-path-laptop");
  } finally {
    await browser.close();
  }
});
