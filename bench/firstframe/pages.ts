// Chromium and the pages as the first-frame run needs them, shared with bench/glass: the flags, a phone-like or
// laptop context with the marks script, an emulated link, the viewer's QR fragment, and the built pages.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { LinkConditions } from "../link.js";
import { ROOT } from "../servers.js";
import { INSTRUMENT } from "./instrument.js";

/**
 * The e2e suite's Chromium flags (e2e/browser-env.ts) with one fake camera, and without the browser's own omnibox
 * popup, whose chrome:// renderer would compete with the pages for 2 cores (docs/decisions/008).
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--allow-loopback-in-peer-connection",
  "--disable-background-timer-throttling",
  "--disable-renderer-backgrounding",
  "--disable-backgrounding-occluded-windows",
  "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI",
];

export async function newContext(browser: Browser, baseURL: string, phone: boolean): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    baseURL,
    permissions: ["camera", "microphone"],
    ...(phone
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
      : { viewport: { width: 1366, height: 768 } }),
  });
  await ctx.addInitScript({ content: INSTRUMENT });
  return ctx;
}

/** Puts the page's own traffic (page loads, WebSocket) through Chromium's network emulation; before it navigates. */
export async function emulateLink(context: BrowserContext, page: Page, link: LinkConditions): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: link.latencyMs,
    downloadThroughput: link.downloadBps / 8,
    uploadThroughput: link.uploadBps / 8,
  });
}

/**
 * The `#v=…` fragment of the viewer's QR link, read from its share field once it is joined: the camera page opened
 * with it streams to that laptop with no question (docs/SECURITY.md), as a phone that scanned the QR code does.
 */
export async function qrFragment(viewer: Page, timeoutMs: number): Promise<string> {
  const link = await viewer.waitForFunction(
    () => {
      const value = (document.getElementById("share-link") as HTMLInputElement | null)?.value ?? "";
      return value.includes("#v=") ? value : false;
    },
    undefined,
    { timeout: timeoutMs },
  );
  return new URL(String(await link.jsonValue())).hash;
}

/** The built pages: dist/client, or (buildClient) a fresh build in a temporary directory that cleanup() removes. */
export function preparePages(buildClient: boolean): { staticDir: string; cleanup(): void } {
  let staticDir = path.join(ROOT, "dist/client");
  let tmp: string | undefined;
  if (buildClient) {
    for (const page of ["camera.html", "viewer.html"]) {
      if (!existsSync(path.join(ROOT, "client", page)))
        throw new Error(`client/${page} does not exist yet (the camera and viewer pages are needed)`);
    }
    tmp = mkdtempSync(path.join(os.tmpdir(), "codecam-bench-client-"));
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, "node_modules/vite/bin/vite.js"),
        "build",
        "--config",
        "client/vite.config.ts",
        "--outDir",
        tmp,
        "--emptyOutDir",
        "--logLevel",
        "error",
      ],
      {
        cwd: ROOT,
        stdio: ["ignore", "ignore", "pipe"],
        timeout: 180_000,
      },
    );
    staticDir = tmp;
  }
  const cleanup = () => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  };
  for (const page of ["camera.html", "viewer.html"]) {
    if (!existsSync(path.join(staticDir, page))) {
      cleanup();
      throw new Error(
        `${path.relative(ROOT, path.join(staticDir, page))} is missing: the pages are not built (npm run build:client)`,
      );
    }
  }
  return { staticDir, cleanup };
}
