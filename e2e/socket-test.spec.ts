// /socket-test end to end: connect, ping, generate a code, join as camera and viewer in two browsers, relay a
// test offer, leave, a bad code, and the automatic checks; plus screenshots of the landing and diagnostic pages
// for a person to look at. axe checks every state the tests stop at.
import type { BrowserContext, Locator, Page } from "@playwright/test";
import { expectAccessible } from "./axe.js";
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

async function join(page: Page, code: string, role: "Camera" | "Viewer"): Promise<void> {
  await page.getByLabel("Room code").fill(code);
  await page.getByRole("radio", { name: role }).check();
  await page.getByRole("button", { name: "Join", exact: true }).click();
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

  test("Run all checks: every check reaches Passed, on connections of its own", async ({ newDevice }) => {
    const page = await openSocketTest(newDevice, "laptop");
    await page.getByRole("button", { name: "Run all checks" }).click();
    await expect(page.locator("#checks-summary")).toHaveText("All 7 checks passed");
    const checks = page.getByRole("list", { name: "Checks, in the order they run" }).getByRole("listitem");
    await expect(checks).toHaveCount(7);
    for (const check of await checks.all()) await expect(check).toContainText("Passed");
    await expect(checks.filter({ hasText: "Relay an offer" })).toContainText(/arrived with from = \S+/);
    // The page's own connection panel was not touched.
    await expect(page.locator("#connection-state")).toHaveText("Disconnected");
    await expect(page.getByRole("button", { name: "Run all checks" })).toBeEnabled();
    await expectAccessible(page, "socket-test: checks passed");
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
