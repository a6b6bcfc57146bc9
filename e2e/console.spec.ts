// The remote console (issue 18) on Chromium's fake camera, which reports focusMode / focusDistance and
// exposureMode / exposureTime and no zoom or torch: the laptop's console shows what the phone reports, its
// commands change the track the phone is sending (read there with getSettings()), a bad value is refused in
// words, the holder's lock stops commands, and a laptop nobody allowed gets nothing and changes nothing.
import type { BrowserContext, Page } from "@playwright/test";
import {
  allowOnPhone,
  expect,
  LAPTOP,
  openCameraSettings,
  pairByLink,
  requestCard,
  saveScreenshot,
  shownCode,
  test,
} from "./fixtures.js";

/** The console's shots are taken at a common laptop size, not the suite's 1366×768. */
const CONSOLE_LAPTOP = { width: 1280, height: 800 } as const;

/**
 * Records the data channels the context's pages receive (the camera makes them) and every text message on them,
 * so a test can speak on the channel as a laptop of its own making would, and see what the phone sent. Call
 * before the page loads.
 */
async function tapDataChannels(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const w = window as unknown as { __channels: RTCDataChannel[]; __heard: string[] };
    w.__channels = [];
    w.__heard = [];
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        this.addEventListener("datachannel", (e) => {
          w.__channels.push(e.channel);
          e.channel.addEventListener("message", (m) => {
            w.__heard.push(typeof m.data === "string" ? m.data : new TextDecoder().decode(m.data as ArrayBuffer));
          });
        });
      }
    };
  });
}

/** Sends `msg` on the newest data channel of the page, as raw JSON. */
async function sendOnChannel(page: Page, msg: object): Promise<void> {
  await page.evaluate((text) => {
    const channels = (window as unknown as { __channels: RTCDataChannel[] }).__channels;
    const open = channels.filter((c) => c.readyState === "open");
    if (!open.length) throw new Error("no open data channel");
    open.at(-1)!.send(text);
  }, JSON.stringify(msg));
}

/** The console messages the page has received, parsed. */
async function heardConsole(page: Page): Promise<Array<Record<string, unknown>>> {
  const heard = await page.evaluate(() => (window as unknown as { __heard: string[] }).__heard);
  return heard.map((t) => JSON.parse(t) as Record<string, unknown>).filter((m) => String(m.t).startsWith("console-"));
}

/** Image-capture settings and constraints, which TypeScript's DOM types do not list. */
type ImageSettings = Record<string, unknown>;

/** The settings of the video track the phone is sending (its preview shows the same stream). */
function phoneSettings(camera: Page): Promise<ImageSettings> {
  return camera.evaluate(() => {
    const stream = (document.getElementById("preview") as HTMLVideoElement).srcObject as MediaStream;
    return stream.getVideoTracks()[0]!.getSettings() as Record<string, unknown>;
  });
}

/** The constraints last applied to that track (the fake camera keeps reporting focusMode "manual" in settings). */
function phoneAdvanced(camera: Page): Promise<ImageSettings | undefined> {
  return camera.evaluate(() => {
    const stream = (document.getElementById("preview") as HTMLVideoElement).srcObject as MediaStream;
    return stream.getVideoTracks()[0]!.getConstraints().advanced?.[0] as Record<string, unknown> | undefined;
  });
}

const focusOf = async (camera: Page) => (await phoneSettings(camera)).focusDistance;

/** A laptop whose data channels are tapped, opening `path`. */
async function tappedLaptop(newDevice: (d: "laptop") => Promise<BrowserContext>, path: string): Promise<Page> {
  const context = await newDevice("laptop");
  await tapDataChannels(context);
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

test("the QR laptop drives the phone's focus and exposure; bad values and the lock are refused", async ({
  newDevice,
  openCamera,
}) => {
  test.slow();
  const { viewer, camera } = await pairByLink((path = "/viewer") => tappedLaptop(newDevice, path), openCamera);
  await viewer.setViewportSize(CONSOLE_LAPTOP);

  const toggle = viewer.getByRole("button", { name: "Camera controls", exact: true });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  const panel = viewer.getByRole("region", { name: "Phone camera controls" });
  await expect(panel).toBeVisible();
  const focus = panel.getByRole("slider", { name: "Focus" });
  const exposure = panel.getByRole("slider", { name: "Exposure" });
  await expect(focus).toBeVisible();
  await expect(exposure).toBeVisible();
  // What the fake camera lacks is absent, not disabled.
  await expect(panel.getByText(/Zoom|Torch/)).toHaveCount(0);
  // Labelled with the phone's own values: focus 50 (metres, as the spec's unit), exposure 50 × 100 µs.
  await expect(panel.locator("[data-console-value=focusDistance]")).toHaveText("50 m");
  await expect(panel.locator("[data-console-value=exposureTime]")).toHaveText("5.0 ms");
  await expect(panel.getByRole("checkbox", { name: "Auto focus" })).not.toBeChecked();
  await saveScreenshot(viewer, "viewer-console-laptop");

  // Arrow keys on the slider: 50 → 65 in the fake camera's steps of 5, on the track the phone sends.
  await focus.focus();
  for (let i = 0; i < 3; i += 1) await focus.press("ArrowRight");
  await expect.poll(() => focusOf(camera), { message: "the phone's track focuses at 65" }).toBe(65);
  await expect(panel.locator("[data-console-value=focusDistance]")).toHaveText("65 m");
  await expect(camera.getByText("Focus set from the laptop")).toBeVisible();
  await saveScreenshot(camera, "camera-console-indicator");

  // Auto, then manual again by moving the slider.
  await panel.getByRole("checkbox", { name: "Auto focus" }).click();
  await expect.poll(async () => (await phoneAdvanced(camera))?.focusMode).toBe("continuous");
  await focus.press("ArrowLeft");
  await expect.poll(() => phoneAdvanced(camera)).toEqual({ focusDistance: 60, focusMode: "manual" });
  // The phone's answer has come back (a later answer would clear the refusal below).
  await expect(panel.locator("[data-console-value=focusDistance]")).toHaveText("60 m");

  // A bad value, sent on the channel as any laptop could: refused in words, the focus stays.
  await sendOnChannel(viewer, { t: "console-set", id: 90_001, prop: "focusDistance", value: "far" });
  await expect(panel.locator(".console-status")).toHaveText('Focus needs a number, not "far".');
  await sendOnChannel(viewer, { t: "console-set", id: 90_002, prop: "focusMode", value: "single-shot" });
  await expect(panel.locator(".console-status")).toHaveText("Focus can't be set to Once on this camera.");
  expect(await focusOf(camera)).toBe(60);
  await saveScreenshot(viewer, "viewer-console-refused");

  // The holder locks the console: the laptop is told, and commands change nothing until Unlock.
  await camera.getByRole("button", { name: "Lock laptop controls" }).click();
  await expect(camera.getByText("Laptop controls locked")).toBeVisible();
  await expect(panel.locator(".console-status")).toHaveText(/locked these controls/);
  await expect(focus).toBeDisabled();
  await sendOnChannel(viewer, { t: "console-set", id: 90_003, prop: "focusDistance", value: 20 });
  await expect
    .poll(async () => (await heardConsole(viewer)).find((m) => m.id === 90_003)?.error)
    .toBe("The phone's holder has locked the controls.");
  expect(await focusOf(camera)).toBe(60);
  await saveScreenshot(viewer, "viewer-console-locked");
  await saveScreenshot(camera, "camera-console-locked");

  await camera.getByRole("button", { name: "Unlock laptop controls" }).click();
  await expect(focus).toBeEnabled();
  await sendOnChannel(viewer, { t: "console-set", id: 90_004, prop: "focusDistance", value: 20 });
  await expect.poll(() => focusOf(camera), { message: "unlocked: the command applies" }).toBe(20);
  await expect(panel.locator("[data-console-value=focusDistance]")).toHaveText("20 m");

  // A click on the picture (left of the panel) focuses and exposes there.
  const video = viewer.locator("#video");
  const box = (await video.boundingBox())!;
  await video.click({ position: { x: box.width * 0.25, y: box.height * 0.5 } });
  await expect
    .poll(async () => (await phoneAdvanced(camera))?.pointsOfInterest, { message: "the phone got a focus point" })
    .toEqual([{ x: expect.closeTo(0.25, 1), y: expect.closeTo(0.5, 1) }]);
});

test("a laptop that typed the code gets no capabilities and changes nothing until the holder allows it", async ({
  newDevice,
  openCamera,
}) => {
  test.slow();
  const camera = await openCamera("/camera");
  await camera.getByRole("button", { name: /Create a code/ }).click();
  const viewer = await tappedLaptop(newDevice, `/viewer?code=${await shownCode(camera)}`);
  await viewer.setViewportSize(LAPTOP);
  // The words crossed the data channel, so it is open: the laptop speaks on it.
  await expect(requestCard(camera)).toBeVisible({ timeout: 30_000 });
  await expect(viewer.getByText("Waiting for the phone to allow this laptop")).toBeVisible();
  const before = await focusOf(camera);
  expect(before).toBe(50);
  await sendOnChannel(viewer, { t: "console-set", id: 1, prop: "focusDistance", value: 80 });
  await sendOnChannel(viewer, { t: "console-set", id: 2, prop: "exposureTime", value: 20 });
  // Nothing to wait for: give the phone the time a command takes, then look.
  await viewer.waitForTimeout(1_500);
  expect(await focusOf(camera)).toBe(50);
  expect((await phoneSettings(camera)).exposureTime).toBe(50);
  expect(await heardConsole(viewer), "no capabilities, no answers").toEqual([]);
  await expect(viewer.getByRole("button", { name: "Camera controls", exact: true })).toBeHidden();
  await expect(camera.getByText("set from the laptop")).toHaveCount(0);

  // Allowed: the capabilities come, and the same message now moves the focus.
  await allowOnPhone(camera);
  await expect(viewer.getByRole("button", { name: "Camera controls", exact: true })).toBeVisible();
  expect((await heardConsole(viewer)).map((m) => m.t)).toContain("console-caps");
  await sendOnChannel(viewer, { t: "console-set", id: 3, prop: "focusDistance", value: 80 });
  await expect.poll(() => focusOf(camera)).toBe(80);

  // The holder picks another camera on the phone: the laptop gets that camera's capabilities, no re-pairing.
  await openCameraSettings(camera);
  const select = camera.getByLabel("Camera", { exact: true });
  const other = await select.locator("option").nth(2).getAttribute("value");
  await select.selectOption(other!);
  await expect
    .poll(async () => (await heardConsole(viewer)).filter((m) => m.t === "console-caps").at(-1)?.settings)
    .toMatchObject({ deviceId: other });
});
