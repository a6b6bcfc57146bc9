// applyCommand and readCaps on Chromium's real fake camera: the console's phone side bundled by Vite into a
// page served on 127.0.0.1 (getUserMedia needs a secure context), the camera opened with the fake device.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApplyOutcome } from "./applier.js";
import type { ConsoleCaps } from "./capabilities.js";
import type { ConsoleCommand } from "./messages.js";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The page's handle on the bundle (window.codecamConsole) and the open fake camera track (window.track). */
declare const window: {
  track: MediaStreamTrack;
  codecamConsole: {
    applyCommand(track: MediaStreamTrack, cmd: ConsoleCommand, options?: object): Promise<ApplyOutcome>;
    readCaps(track: MediaStreamTrack, supported?: object): ConsoleCaps;
  };
};

async function bundle(): Promise<string> {
  const entry = new URL("./phone-entry.integration.ts", import.meta.url).pathname;
  const result = await build({
    configFile: false,
    logLevel: "silent",
    build: { write: false, minify: false, lib: { entry, formats: ["iife"], name: "codecamConsole" } },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as { output: { type: string; code?: string }[] }[];
  const chunk = outputs[0]?.output.find((o) => o.type === "chunk");
  if (!chunk?.code) throw new Error("vite produced no bundle");
  return chunk.code;
}

let server: Server;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const script = await bundle();
  server = createServer((req, res) => {
    if (req.url === "/console.js") {
      res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    } else {
      res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><script src="/console.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--no-sandbox", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
  });
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 1280 }, height: { ideal: 720 } },
    });
    window.track = stream.getVideoTracks()[0]!;
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const apply = (cmd: ConsoleCommand) =>
  page.evaluate(
    (c) =>
      window.codecamConsole.applyCommand(window.track, c, {
        base: { width: { ideal: 1280 }, height: { ideal: 720 } },
        supported: navigator.mediaDevices.getSupportedConstraints(),
      }),
    cmd,
  );
const settings = () => page.evaluate(() => window.track.getSettings() as Record<string, unknown>);

describe("applyCommand on Chromium's fake camera", () => {
  it("reads focus and exposure, no zoom or torch, and offers a focus point", async () => {
    const caps = await page.evaluate(() =>
      window.codecamConsole.readCaps(window.track, navigator.mediaDevices.getSupportedConstraints()),
    );
    expect(caps).toMatchObject({
      focusDistance: { min: 10, max: 100, step: 5 },
      focusMode: expect.arrayContaining(["manual", "continuous"]),
      exposureTime: { min: 10, max: 100, step: 5 },
      exposureMode: expect.arrayContaining(["manual", "continuous"]),
      pointsOfInterest: true,
    });
    expect(caps).not.toHaveProperty("zoom");
    expect(caps).not.toHaveProperty("torch");
  });

  it("moves focus: the track's own getSettings() changes, and the answer says so", async () => {
    const out = await apply({ prop: "focusDistance", value: 25 });
    expect(out).toEqual({ settings: expect.objectContaining({ focusDistance: 25, focusMode: "manual" }) });
    expect((await settings()).focusDistance).toBe(25);
    expect((await settings()).width).toBe(1280);
  });

  it("clamps an out-of-range exposure into the camera's range instead of failing", async () => {
    const out = await apply({ prop: "exposureTime", value: 5_000 });
    expect(out).toMatchObject({ clamped: true, settings: { exposureTime: 100 } });
    expect((await settings()).exposureTime).toBe(100);
  });

  it("Auto is accepted by the browser (the fake camera keeps reporting manual)", async () => {
    const out = await apply({ prop: "focusMode", value: "continuous" });
    expect(out.error).toBeUndefined();
    const constraints = await page.evaluate(() => window.track.getConstraints());
    expect(constraints.advanced).toEqual([{ focusMode: "continuous" }]);
  });

  it("refuses zoom in plain words and leaves focus where it was", async () => {
    await apply({ prop: "focusDistance", value: 40 });
    const out = await apply({ prop: "zoom", value: 2 });
    expect(out.error).toBe("This camera has no Zoom control.");
    expect((await settings()).focusDistance).toBe(40);
  });

  it("a focus point is applied by the browser", async () => {
    const out = await apply({ prop: "pointsOfInterest", value: { x: 0.25, y: 0.75 } });
    expect(out.error).toBeUndefined();
  });
});
