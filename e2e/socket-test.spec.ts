// /socket-test end to end: connect, ping, generate a code, join as camera and viewer in two browsers, relay a
// test offer, leave, a bad code, and the automatic checks (the server's, this device's, and the path between two
// devices, directly and through a real coturn); plus screenshots of the landing and diagnostic pages for a person
// to look at. axe checks every state the tests stop at.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Locator, Page } from "@playwright/test";
import { randomSecret, startCoturn } from "../signaling/testing/coturn.js";
import { expectAccessible } from "./axe.js";
import { serverEnv } from "./browser-env.js";
import { expect, saveScreenshot, SCREENSHOT_DIR, test, type Device } from "./fixtures.js";

/** What the connection panel shows while nobody is connected. */
const EMPTY = "—";

type NewDevice = (device: Device) => Promise<BrowserContext>;

async function openSocketTest(newDevice: NewDevice, device: Device): Promise<Page> {
  const page = await (await newDevice(device)).newPage();
  await page.goto("/socket-test");
  await expect(page.getByRole("heading", { name: "Connection test" })).toBeVisible();
  await expectAccessible(page, `socket-test: start ${device}`);
  return page;
}

/** Clicks Connect and waits for the panel to say so; returns the socket id the page shows. */
async function connect(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.locator("#connection-state")).toHaveText("Connected");
  const socketId = page.locator("#socket-id");
  await expect(socketId).not.toHaveText(EMPTY);
  const id = (await socketId.textContent())?.trim() ?? "";
  expect(id).toMatch(/^\S{8,}$/);
  return id;
}

/** Log lines, newest first, optionally only those of one direction badge (In, Out, Reply, Info). */
function logEntries(page: Page, direction?: "In" | "Out" | "Reply" | "Info"): Locator {
  const entries = page.locator("#event-log > li");
  if (!direction) return entries;
  return entries.filter({ has: page.locator(".log-entry__direction", { hasText: new RegExp(`^${direction}$`) }) });
}

/** The rows of one group of checks ("Signaling server", "This device", "Between the two devices"). */
function checkList(page: Page, group: string): Locator {
  return page.getByRole("list", { name: group, exact: true }).getByRole("listitem");
}

async function join(page: Page, code: string, role: "Camera" | "Viewer"): Promise<void> {
  await page.getByLabel("Room code").fill(code);
  await page.getByRole("radio", { name: role }).check();
  await page.getByRole("button", { name: "Join", exact: true }).click();
}

/**
 * The camera (a phone) issues a code and joins it; the viewer (a laptop) opens the link with the code and role
 * filled in, and joins too. `query` goes on both pages' addresses (e.g. "&relay=1"); `origin` is the server's.
 */
async function twoDevicesInOneRoom(newDevice: NewDevice, query: string, origin = "") {
  const camera = await (await newDevice("phone")).newPage();
  await camera.goto(`${origin}/socket-test?${query}`);
  await connect(camera);
  await camera.getByRole("button", { name: "Generate code" }).click();
  await expect(camera.getByLabel("Room code")).toHaveValue(/^\d{6}$/);
  const code = await camera.getByLabel("Room code").inputValue();
  await join(camera, code, "Camera");
  await expect(camera.locator("#room-state")).toHaveText(`In ${code} as camera · alone`);

  const viewer = await (await newDevice("laptop")).newPage();
  await viewer.goto(`${origin}/socket-test?code=${code}&role=viewer${query}`);
  await connect(viewer);
  await viewer.getByRole("button", { name: "Join", exact: true }).click();
  await expect(viewer.locator("#room-state")).toHaveText(`In ${code} as viewer · with 1 camera`);
  await expect(camera.locator("#room-state")).toHaveText(`In ${code} as camera · with 1 viewer`);
  return { camera, viewer, code };
}

test.describe("socket-test page", () => {
  test("connects and shows the socket id, transport, a live duration and a ping round trip", async ({ newDevice }) => {
    const page = await openSocketTest(newDevice, "laptop");
    await expect(page.locator("#connection-state")).toHaveText("Disconnected");
    await expect(page.getByRole("button", { name: "Send ping" })).toBeDisabled();

    const id = await connect(page);
    await expect(page.locator("#transport")).toHaveText(/^(websocket|polling)/);
    await expect(logEntries(page, "Info").filter({ hasText: `connected as ${id}` })).toBeVisible();
    await expect(logEntries(page, "In").filter({ hasText: "connected" })).toContainText(`server greets socket ${id}`);

    // The duration is live: it moves on by itself.
    const duration = page.locator("#duration");
    await expect(duration).toHaveText(/^\d+:\d{2}$/);
    const firstDuration = await duration.textContent();
    await expect(duration).not.toHaveText(firstDuration ?? "", { timeout: 5_000 });

    await page.getByRole("button", { name: "Send ping" }).click();
    await expect(page.locator("#round-trip")).toHaveText(/^\d+(\.\d)? ms$/);
    await expect(logEntries(page, "Out").filter({ hasText: "ping" })).toHaveCount(1);
    await expect(logEntries(page, "Reply").filter({ hasText: "ping" })).toContainText(/pong after \d+(\.\d)? ms/);
    // In: the `connected` greeting and the ping's reply; out: the ping.
    await expect(page.locator("#messages-in")).toHaveText("2");
    await expect(page.locator("#messages-out")).toHaveText("1");

    await page.getByRole("button", { name: "Disconnect" }).click();
    await expect(page.locator("#connection-state")).toHaveText("Disconnected");
    await expect(page.locator("#socket-id")).toHaveText(EMPTY);
    await expect(logEntries(page, "Info").filter({ hasText: "disconnect" }).first()).toContainText(
      "io client disconnect",
    );
    await expectAccessible(page, "socket-test: disconnected with a log");
  });

  test("starting on polling shows the upgrade to websocket", async ({ newDevice }) => {
    const page = await openSocketTest(newDevice, "laptop");
    await page.getByLabel("Connect using").selectOption({ label: "Polling, then upgrade" });
    await connect(page);
    await expect(page.locator("#transport")).toHaveText("websocket (upgraded from polling)");
    await expect(logEntries(page, "Info").filter({ hasText: "transport upgraded polling → websocket" })).toBeVisible();
  });

  test("camera and viewer join one code in two browsers; the viewer sees the camera's test offer", async ({
    newDevice,
  }) => {
    const camera = await openSocketTest(newDevice, "phone");
    const cameraId = await connect(camera);

    await camera.getByRole("button", { name: "Generate code" }).click();
    await expect(camera.getByLabel("Room code")).toHaveValue(/^\d{6}$/);
    const code = await camera.getByLabel("Room code").inputValue();
    await expect(
      logEntries(camera, "Info").filter({ hasText: `POST /api/code/generate → 201: code ${code}` }),
    ).toBeVisible();

    await join(camera, code, "Camera");
    await expect(camera.locator("#room-state")).toHaveText(`In ${code} as camera · alone`);
    await expect(logEntries(camera, "Reply").filter({ hasText: `joined ${code} as camera` })).toBeVisible();

    const viewer = await openSocketTest(newDevice, "laptop");
    const viewerId = await connect(viewer);
    await join(viewer, code, "Viewer");
    await expect(viewer.locator("#room-state")).toHaveText(`In ${code} as viewer · with 1 camera`);
    await expect(logEntries(viewer, "Reply").filter({ hasText: `joined ${code} as viewer` })).toContainText(
      `camera ${cameraId}`,
    );
    await expect(logEntries(camera, "In").filter({ hasText: `viewer ${viewerId} joined the room` })).toBeVisible();
    await expect(camera.locator("#room-state")).toHaveText(`In ${code} as camera · with 1 viewer`);

    await camera.getByRole("button", { name: "Send test offer" }).click();
    await expect(logEntries(camera, "Reply").filter({ hasText: "offer" })).toContainText("forwarded");
    const relayed = logEntries(viewer, "In").filter({ hasText: `from ${cameraId}` });
    await expect(relayed).toHaveCount(1);
    await expect(relayed.locator(".log-entry__event")).toHaveText("offer");
    await expect(relayed).toContainText(`in ${code}`);
    // The payload as received carries the server-set `from`.
    await relayed.getByText(`from ${cameraId}`).click();
    await expect(relayed.locator("pre")).toContainText(`"from": "${cameraId}"`);
    await expect(relayed.locator("pre")).toContainText("v=0");

    await camera.getByRole("button", { name: "Leave" }).click();
    await expect(camera.locator("#room-state")).toHaveText("Not in a room");
    await expect(logEntries(camera, "Reply").filter({ hasText: "left the room" })).toBeVisible();
    await expectAccessible(viewer, "socket-test: viewer in a room, offer received");
    await expect(camera.getByRole("button", { name: "Leave" })).toBeDisabled();
    await expect(logEntries(viewer, "In").filter({ hasText: `camera ${cameraId} left the room` })).toBeVisible();
    await expect(viewer.locator("#room-state")).toHaveText(`In ${code} as viewer · alone`);
  });

  test("a five-digit code is refused with INVALID_CODE, readable in the log", async ({ newDevice }) => {
    const page = await openSocketTest(newDevice, "phone");
    await connect(page);
    await join(page, "12345", "Camera");
    const refusal = logEntries(page, "Reply").filter({ hasText: "INVALID_CODE" });
    await expect(refusal).toBeVisible();
    await expect(refusal.locator(".log-entry__event")).toHaveText("join_room");
    await expect(page.locator("#room-state")).toHaveText("Not in a room");
    await expect(page.locator("#connection-state")).toHaveText("Connected");
    await expectAccessible(page, "socket-test: INVALID_CODE in the log");
  });

  test("Run all checks: the server's checks pass on connections of their own; this device's report what they saw", async ({
    newDevice,
  }) => {
    const context = await newDevice("laptop");
    // Every camera and microphone track the page opens, so the test can see that the check stopped them.
    await context.addInitScript(() => {
      const tracks: MediaStreamTrack[] = [];
      (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks = tracks;
      const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const stream = await open(constraints);
        tracks.push(...stream.getTracks());
        return stream;
      };
    });
    const page = await context.newPage();
    await page.goto("/socket-test");
    await page.getByRole("button", { name: "Run all checks" }).click();
    await expect(page.locator("#checks-summary")).toHaveText("11 checks passed, 1 skipped", { timeout: 45_000 });

    const server = checkList(page, "Signaling server");
    await expect(server).toHaveCount(7);
    for (const check of await server.all()) await expect(check).toContainText("Passed");
    await expect(server.filter({ hasText: "Relay an offer" })).toContainText(/arrived with from = \S+/);

    const device = checkList(page, "This device");
    await expect(device).toHaveCount(4);
    for (const check of await device.all()) await expect(check).toContainText("Passed");
    await expect(device.filter({ hasText: "Secure page" })).toContainText("this device's own address counts as secure");
    // Chromium's fake devices: their names and the resolution the camera opened at.
    await expect(device.filter({ hasText: "Camera and microphone" })).toContainText(
      /camera “fake_device_0” at \d+×\d+, \d+ fps · microphone “Fake Default Audio Input”/,
    );
    // The e2e server has no STUN or TURN: host addresses only (loopback and the namespace's veth), and it says so.
    await expect(device.filter({ hasText: "Network addresses" })).toContainText(
      /[1-9]\d* host · 0 srflx · 0 relay · no TURN server configured: direct paths only · no STUN server configured/,
    );
    const loopback = device.filter({ hasText: "Loopback call" });
    await expect(loopback).toContainText(/\d+ frames decoded at 320×240, \d+ kB received · host ↔ host/);
    expect(Number(/(\d+) frames decoded/.exec((await loopback.textContent()) ?? "")?.[1])).toBeGreaterThanOrEqual(20);

    await expect(checkList(page, "Between the two devices")).toContainText(/Skipped\s*needs a second device/);
    // The camera and microphone the check opened are closed again.
    const tracks = await page.evaluate(() =>
      (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.map((t) => `${t.kind} ${t.readyState}`),
    );
    expect(tracks.sort()).toEqual(["audio ended", "video ended"]);
    // The page's own connection panel was not touched.
    await expect(page.locator("#connection-state")).toHaveText("Disconnected");
    await expect(page.getByRole("button", { name: "Run all checks" })).toBeEnabled();

    // Scrolled to the end of the long list, the log card still starts level with the left column's first card
    // (it used to slide down the page with the scroll and hang mid-column).
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const tops = await page.evaluate(() => {
      const top = (selector: string) =>
        (document.querySelector(selector)?.getBoundingClientRect().top ?? NaN) + scrollY;
      return { scrolled: scrollY, log: top(".st-log-card"), connection: top('[aria-labelledby="connection-heading"]') };
    });
    expect(tops.scrolled).toBeGreaterThan(0);
    expect(Math.abs(tops.log - tops.connection), JSON.stringify(tops)).toBeLessThan(1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, "socket-test-checks-laptop");
  });

  test("a network that blocks WebSocket: the server's checks fall back to polling, as the pages do", async ({
    newDevice,
  }) => {
    const context = await newDevice("laptop");
    // Every WebSocket to the server fails to open, as behind a proxy that only passes plain HTTP. (A routed
    // WebSocket counts as open, so the failure is made where the page would see it: in its constructor.)
    await context.addInitScript(() => {
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(String(url).includes("/socket.io/") ? "ws://127.0.0.1:9/" : url, protocols);
        }
      };
    });
    const page = await context.newPage();
    await page.goto("/socket-test");
    await page.getByRole("button", { name: "Run all checks" }).click();
    const server = checkList(page, "Signaling server");
    await expect(server.first()).toContainText("Passed", { timeout: 30_000 });
    await expect(server.first()).toContainText("over polling");
    await expect(server.filter({ hasText: "Passed" })).toHaveCount(7, { timeout: 45_000 });
  });

  test("two devices on one code: the path check finds a direct path on the LAN, and both devices say so", async ({
    newDevice,
  }) => {
    const { camera, viewer } = await twoDevicesInOneRoom(newDevice, "");
    await viewer.getByRole("button", { name: "Run all checks" }).click();
    await expect(viewer.locator("#checks-summary")).toHaveText("All 12 checks passed", { timeout: 60_000 });
    const path = checkList(viewer, "Between the two devices");
    await expect(path).toContainText(
      /Passed\s*direct on the LAN · host ↔ (host|prflx) over udp, \d+ ms round trip · data channel ping \d+ ms/,
    );
    // The camera answered by itself, over the room (the offer came addressed to it), and shows the same verdict.
    await expect(checkList(camera, "Between the two devices")).toContainText(
      /Passed\s*direct on the LAN · (host|prflx) ↔ host over udp.*\(started by the viewer\)/,
    );
    const offers = logEntries(camera, "In").filter({
      has: camera.locator(".log-entry__event", { hasText: /^offer$/ }),
    });
    await expect(offers).toHaveCount(1);
    await expect(
      logEntries(camera, "Info").filter({ hasText: "answering a path check from the viewer" }),
    ).toBeVisible();
    await expectAccessible(camera, "socket-test: path check answered on the phone");
    await path.scrollIntoViewIfNeeded();
    await saveScreenshot(viewer, "socket-test-path-laptop");
  });

  test("the log keeps only its last lines (?keep=6)", async ({ newDevice }) => {
    const page = await (await newDevice("laptop")).newPage();
    await page.goto("/socket-test?keep=6");
    await connect(page);
    // connecting, open, connect, connected: four lines; two pings add an out and a reply line each.
    for (let i = 1; i <= 2; i++) {
      await page.getByRole("button", { name: "Send ping" }).click();
      await expect(logEntries(page, "Reply").filter({ hasText: "pong after" })).toHaveCount(i);
    }
    await expect(logEntries(page)).toHaveCount(6);
    await expect(page.locator("#log-count")).toHaveText("last 6 of 8 · newest first");
    await expect(logEntries(page).first()).toContainText("pong after");
    await expect(logEntries(page).filter({ hasText: "transports tried in order" })).toHaveCount(0);

    await page.getByRole("button", { name: "Clear" }).click();
    await expect(logEntries(page)).toHaveCount(0);
    await expect(page.getByText("Nothing yet.")).toBeVisible();
  });

  test("sending an offer outside a room shows NOT_IN_ROOM", async ({ newDevice }) => {
    const page = await openSocketTest(newDevice, "laptop");
    await connect(page);
    await page.getByLabel("Room code").fill("000000");
    await page.getByRole("button", { name: "Send test offer" }).click();
    await expect(logEntries(page, "Reply").filter({ hasText: "NOT_IN_ROOM" })).toContainText("offer refused");
  });
});

test.describe("with a TURN relay", () => {
  test("the ICE check finds a relay address, and relay-only devices report a path through the TURN relay", async ({
    newDevice,
  }) => {
    test.slow();
    const secret = randomSecret();
    const coturn = await startCoturn({ secret });
    const server = await startCodecam({ TURN_URLS: coturn.urls.join(","), TURN_SECRET: secret });
    try {
      const { camera, viewer } = await twoDevicesInOneRoom(newDevice, "&relay=1", server.url);
      await viewer.getByRole("button", { name: "Run all checks" }).click();
      await expect(viewer.locator("#checks-summary")).toHaveText("All 12 checks passed", { timeout: 90_000 });
      await expect(checkList(viewer, "This device").filter({ hasText: "Network addresses" })).toContainText(
        /[1-9]\d* host · 0 srflx · [1-9]\d* relay · TURN relay reachable · no STUN server configured/,
      );
      await expect(checkList(viewer, "Between the two devices")).toContainText(
        /Passed\s*through the TURN relay · relay ↔ relay over udp \(to the relay over (udp|tcp)\)/,
      );
      await expect(checkList(camera, "Between the two devices")).toContainText(
        /Passed\s*through the TURN relay · relay ↔ relay.*\(started by the viewer\)/,
      );
      expect(server.output()).not.toContain(secret);
    } finally {
      await server.stop();
      await coturn.stop();
    }
  });
});

test("a TURN relay nobody answers at, relay only: no path, and both devices say the relay can't be reached", async ({
  newDevice,
}) => {
  test.slow(); // the probe waits out its time before it explains
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const { port } = closed.address() as { port: number };
  await new Promise((resolve) => closed.close(resolve)); // nothing listens there now, on UDP or TCP
  const server = await startCodecam({ TURN_URLS: `turn:127.0.0.1:${port}?transport=udp`, TURN_SECRET: randomSecret() });
  try {
    const { camera, viewer } = await twoDevicesInOneRoom(newDevice, "&relay=1", server.url);
    await viewer.getByRole("button", { name: "Run all checks" }).click();
    await expect(viewer.locator("#checks-summary")).toHaveText("2 of 12 checks failed", { timeout: 90_000 });
    await expect(checkList(viewer, "This device").filter({ hasText: "Network addresses" })).toContainText(
      /Failed\s*[1-9]\d* host · 0 srflx · 0 relay: the TURN server can't be reached from this network/,
    );
    const noPath = "no path: the TURN relay can't be reached from this device, and the pages use the relay only.";
    await expect(checkList(viewer, "Between the two devices")).toContainText(`Failed${noPath}`);
    await expect(checkList(camera, "Between the two devices")).toContainText(`Failed${noPath} (started by the viewer)`);
    await expectAccessible(viewer, "socket-test: no path between the devices");
  } finally {
    await server.stop();
  }
});

/** A codecam server of its own (the built one) with `env` on top of the e2e defaults, healthy before it resolves. */
async function startCodecam(env: Record<string, string>) {
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const child: ChildProcess = spawn(process.execPath, ["dist/signaling/index.js"], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env: { ...process.env, ...serverEnv(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise((r) => child.once("exit", r));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  };
  const url = `http://127.0.0.1:${port}`;
  await expect
    .poll(
      () =>
        fetch(`${url}/healthz`).then(
          (r) => r.ok,
          () => child.exitCode !== null && `exited:\n${out}`,
        ),
      {
        message: "the TURN test's codecam server becomes healthy",
        timeout: 15_000,
      },
    )
    .toBe(true)
    .catch(async (err) => {
      await stop();
      throw err;
    });
  return { url, output: () => out, stop };
}

test.describe("screenshots", () => {
  for (const device of ["phone", "laptop"] as const) {
    test(`landing and socket-test pages on a ${device}`, async ({ newDevice }) => {
      const page = await (await newDevice(device)).newPage();
      await page.goto("/");
      await expect(page.getByRole("link", { name: /Use this device as a camera/ })).toBeVisible();
      await expect(page.getByRole("link", { name: /View a camera/ })).toBeVisible();
      await expect(page.getByText("How it works:")).toBeVisible();
      await saveScreenshot(page, `landing-${device}`);

      // The diagnostic page as someone uses it: connected, pinged, in a room, with a log to read.
      await page.goto("/socket-test");
      await connect(page);
      await page.getByRole("button", { name: "Send ping" }).click();
      await expect(page.locator("#round-trip")).not.toHaveText(EMPTY);
      await page.getByRole("button", { name: "Generate code" }).click();
      await expect(page.getByLabel("Room code")).toHaveValue(/^\d{6}$/);
      await page.getByRole("button", { name: "Join", exact: true }).click();
      await expect(page.locator("#room-state")).toHaveText(/^In \d{6} as camera/);
      await page.getByRole("button", { name: "Send test offer" }).click();
      await expect(logEntries(page, "Reply").filter({ hasText: "forwarded" })).toBeVisible();
      await page.evaluate(() => window.scrollTo(0, 0));
      await saveScreenshot(page, `socket-test-${device}`);
      await page.screenshot({ path: `${SCREENSHOT_DIR}socket-test/socket-test-${device}-full.png`, fullPage: true });
    });
  }
});
