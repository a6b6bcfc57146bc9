// Shared Playwright fixtures: one browser context per device (phone camera, laptop viewer), code issuing, and
// checks of what a user sees in a <video> (a picture that keeps moving).
import { mkdir } from "node:fs/promises";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import type { GeneratedCode } from "../signaling/protocol.js";
import { expectAccessible } from "./axe.js";

export { expect };

export const PHONE = { width: 390, height: 844 } as const;
export const LAPTOP = { width: 1366, height: 768 } as const;
export const SCREENSHOT_DIR = fileURLToPath(new URL("../test-results/screenshots/", import.meta.url));

export type Device = "phone" | "laptop";

/** Context options that make a context look like the device a person would use for each page. */
export function deviceOptions(device: Device) {
  return device === "phone"
    ? { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
    : { viewport: LAPTOP, deviceScaleFactor: 1 };
}

interface Fixtures {
  /** Issues a live code through the HTTP API, as the landing page would. */
  issueCode: () => Promise<string>;
  /** Opens `path` (default /camera) in a fresh phone context with camera and microphone allowed. */
  openCamera: (path?: string) => Promise<Page>;
  /** Opens `path` (default /viewer) in a fresh laptop context. */
  openViewer: (path?: string) => Promise<Page>;
  /** A fresh context of its own (e.g. a second viewer), closed after the test. */
  newDevice: (device: Device, opts?: { baseURL?: string; permissions?: string[] }) => Promise<BrowserContext>;
}

export const test = base.extend<Fixtures>({
  newDevice: async ({ browser, baseURL }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (device, opts = {}) => {
      const ctx = await newDeviceContext(browser, device, opts.baseURL ?? baseURL, opts.permissions);
      contexts.push(ctx);
      return ctx;
    });
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  },
  issueCode: async ({ request }, use) => {
    await use(async () => {
      const res = await request.post("/api/code/generate");
      expect(res.status(), await res.text()).toBe(201);
      return ((await res.json()) as GeneratedCode).code;
    });
  },
  openCamera: async ({ newDevice }, use) => {
    await use(async (path = "/camera") => {
      const page = await (await newDevice("phone")).newPage();
      await page.goto(path);
      return page;
    });
  },
  openViewer: async ({ newDevice }, use) => {
    await use(async (path = "/viewer") => {
      const page = await (await newDevice("laptop")).newPage();
      await page.goto(path);
      return page;
    });
  },
});

export async function newDeviceContext(
  browser: Browser,
  device: Device,
  baseURL: string | undefined,
  permissions: string[] = ["camera", "microphone"],
): Promise<BrowserContext> {
  return browser.newContext({ ...deviceOptions(device), ...(baseURL ? { baseURL } : {}), permissions });
}

/**
 * Frames the page has put on screen in `selector`'s <video>: the decoder's count
 * (getVideoPlaybackQuality().totalVideoFrames) and, as a second witness, frames presented to the compositor
 * (requestVideoFrameCallback), whichever is larger. Both only grow while a live picture arrives.
 */
export async function videoFrames(page: Page, selector = "video"): Promise<number> {
  return page.locator(selector).evaluate((el) => {
    const video = el as HTMLVideoElement & { __presented?: number };
    if (video.__presented === undefined && "requestVideoFrameCallback" in video) {
      video.__presented = 0;
      const onFrame = () => {
        video.__presented = (video.__presented ?? 0) + 1;
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    }
    const decoded = video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;
    return Math.max(decoded, video.__presented ?? 0);
  });
}

/** The <video> shows a picture (videoWidth > 0) and new frames keep arriving. */
export async function expectVideoPlaying(page: Page, selector = "video", label = "video"): Promise<void> {
  await expect
    .poll(() => page.locator(selector).evaluate((v) => (v as HTMLVideoElement).videoWidth), {
      message: `${label}: videoWidth > 0`,
      timeout: 20_000,
    })
    .toBeGreaterThan(0);
  await expectFramesGrowing(page, selector, label);
}

/** New frames keep arriving: the count grows by several frames from now on. */
export async function expectFramesGrowing(page: Page, selector = "video", label = "video", by = 10): Promise<void> {
  const start = await videoFrames(page, selector);
  await expect
    .poll(() => videoFrames(page, selector), {
      message: `${label}: frame count grows past ${start}+${by}`,
      timeout: 20_000,
    })
    .toBeGreaterThan(start + by);
}

const saved = new Set<string>();

/**
 * A state a person looks at: axe checks it (zero violations, e2e/axe.ts), and a screenshot of the viewport goes to
 * test-results/screenshots/<spec>/<name>.png. One folder per spec file, so two specs never overwrite each other's
 * pictures; a name used twice within a spec fails the test.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const spec = basename(base.info().file, ".spec.ts");
  const path = `${SCREENSHOT_DIR}${spec}/${name}.png`;
  expect(saved.has(path), `screenshot ${spec}/${name} is taken once`).toBe(false);
  saved.add(path);
  await expectAccessible(page, `${spec}: ${name}`);
  await mkdir(`${SCREENSHOT_DIR}${spec}`, { recursive: true });
  await page.screenshot({ path, fullPage: false });
}

/** The code a page shows in its `.code-digits` element (`#code`). */
export async function shownCode(page: Page): Promise<string> {
  const digits = page.locator("#code");
  await expect(digits, "the page shows a six-digit code").toHaveAttribute("data-code", /^\d{6}$/);
  return (await digits.getAttribute("data-code"))!;
}

/** The status line's machine state (`data-state`, set next to the words by setStatus()). */
export function statusOf(page: Page) {
  return page.locator("#status");
}

/**
 * The QR flow of the issue: the laptop makes a code, the phone opens the link the page shows (the same URL the
 * QR code encodes) and taps "Start camera", and the laptop plays the video. Returns both pages and the code.
 */
export async function pairByLink(
  openViewer: Fixtures["openViewer"],
  openCamera: Fixtures["openCamera"],
): Promise<{ viewer: Page; camera: Page; code: string }> {
  const viewer = await openViewer("/viewer");
  await viewer.getByRole("button", { name: "Create code" }).click();
  const link = viewer.locator("#share-link");
  await expect(link).toHaveValue(/\/camera\?code=\d{6}/);
  const url = await link.inputValue();
  await expect(viewer.locator("#qr"), "the QR code encodes the same link").toHaveAttribute("data-url", url);
  const code = await shownCode(viewer);
  const camera = await openCamera(url);
  // The link opens the camera page ready, the code filled in: one tap starts it.
  await camera.getByRole("button", { name: "Start camera" }).click();
  await expectVideoPlaying(viewer, "#video", "viewer");
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
  return { viewer, camera, code };
}

/** Opens the camera page's settings (camera, quality, frame rate) unless they are open already (wide screens). */
export async function openCameraSettings(camera: Page): Promise<void> {
  const toggle = camera.getByRole("button", { name: "Camera settings" });
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await expect(camera.locator("#settings")).toBeVisible();
}

/**
 * The holder's side of a laptop that typed the code or opened a /viewer?code= link (issue 16): the phone shows
 * a request card with three words; they must match the words the laptop shows, then one tap on Allow (with
 * "Remember this laptop" ticked when asked). Returns the words.
 */
export async function allowOnPhone(camera: Page, viewer?: Page, opts: { remember?: boolean } = {}): Promise<string> {
  const card = requestCard(camera);
  await expect(card, "the phone asks about the laptop").toBeVisible({ timeout: 30_000 });
  const words = (await card.locator("[data-sas-words]").textContent()) ?? "";
  expect(words, "three words on the phone").toMatch(/^[a-z]+ [a-z]+ [a-z]+$/);
  if (viewer) {
    await expect(viewer.getByText("Waiting for the phone to allow this laptop")).toBeVisible();
    await expect(viewer.locator("[data-sas-words]"), "the laptop shows the same words").toHaveText(words);
  }
  if (opts.remember) await card.getByRole("checkbox", { name: "Remember this laptop" }).check();
  await card.getByRole("button", { name: "Allow" }).click();
  await expect(card).toBeHidden();
  return words;
}

/** The phone's (first) request card: the group holding an Allow button. */
export function requestCard(camera: Page) {
  return camera
    .getByRole("group")
    .filter({ has: camera.getByRole("button", { name: "Allow", exact: true }) })
    .first();
}

/**
 * Records every RTCPeerConnection the context's pages make, so a test can read their stats (inboundMediaBytes).
 * Call before the page loads.
 */
export async function watchPeerConnections(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const made: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = made;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        made.push(this);
      }
    };
  });
}

/** RTP payload bytes the page has received (inbound-rtp bytesReceived, video and audio, every connection). */
export async function inboundMediaBytes(page: Page): Promise<{ video: number; audio: number }> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? [];
    const total = { video: 0, audio: 0 };
    for (const pc of pcs) {
      // A closed connection has no stats left to read.
      const reports = await pc.getStats().catch(() => new Map());
      reports.forEach((r: { type: string; kind?: string; bytesReceived?: number }) => {
        if (r.type === "inbound-rtp" && (r.kind === "video" || r.kind === "audio"))
          total[r.kind] += r.bytesReceived ?? 0;
      });
    }
    return total;
  });
}
