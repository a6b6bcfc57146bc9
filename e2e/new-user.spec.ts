// What a new user tripped over (issue 19), each checked in the browser as they would meet it.
import { io, type Socket } from "socket.io-client";
import type { JoinRoomReply } from "../signaling/protocol.js";
import { expectAccessible } from "./axe.js";
import { BASE_URL } from "./browser-env.js";
import {
  allowOnPhone,
  expect,
  LAPTOP,
  pairByLink,
  SCREENSHOT_DIR,
  saveScreenshot,
  shownCode,
  statusOf,
  test,
} from "./fixtures.js";

test("focus follows the page: Create code and Start camera move it to the new state", async ({
  openViewer,
  openCamera,
}) => {
  const viewer = await openViewer("/viewer");
  await viewer.getByRole("button", { name: "Create code" }).focus();
  await viewer.keyboard.press("Enter");
  await expect(viewer.locator("#pairing-title"), "the pairing view's heading has focus").toBeFocused();

  // The laptop's link: the camera waits for the tap (a bare /camera with the camera allowed starts on its own).
  const camera = await openCamera(await viewer.locator("#share-link").inputValue());
  await camera.getByRole("button", { name: "Start camera" }).focus();
  await camera.keyboard.press("Enter");
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
  await expect(camera.locator("#controls"), "the camera controls have focus").toBeFocused();
});

test("the mic toggle has a fixed name and aria-pressed carries its state; the badge says how many viewers", async ({
  openViewer,
  openCamera,
}) => {
  const { camera } = await pairByLink(openViewer, openCamera);
  const mic = camera.getByRole("button", { name: "Microphone", exact: true });
  await expect(mic).toHaveAttribute("aria-pressed", "false");
  await mic.click();
  await expect(mic).toHaveAttribute("aria-pressed", "true");
  await expect(camera.getByRole("img", { name: "1 viewer" })).toBeVisible();
  await expectAccessible(camera, "new-user: phone streaming, mic on");
  // Stop, then Start again: the microphone is still the holder's choice.
  await camera.locator("#stop").click();
  await camera.getByRole("button", { name: "Start camera" }).click();
  await expect(mic).toHaveAttribute("aria-pressed", "true");
  await expect
    .poll(() =>
      camera
        .locator("#preview")
        .evaluate((v) => (v as HTMLVideoElement & { srcObject: MediaStream }).srcObject?.getAudioTracks().length ?? 0),
    )
    .toBe(1);
});

test("a wrong code does not leave the camera on", async ({ openCamera }) => {
  // No room has this code on a fresh server: the same as a QR link from a laptop page that has closed.
  const camera = await openCamera("/camera?code=314159");
  await camera.getByRole("button", { name: "Start camera" }).click();
  await expect(camera.locator("#code-error")).toBeVisible();
  await expect(statusOf(camera)).toHaveText("Camera off");
  await expect
    .poll(() => camera.locator("#preview").evaluate((v) => (v as HTMLVideoElement).srcObject === null))
    .toBe(true);
});

test("a full room keeps the laptop's code and address, so a reload tries again", async ({
  openCamera,
  openViewer,
  request,
}) => {
  const { maxViewers } = (await (await request.get("/api/config")).json()) as { maxViewers: number };
  const camera = await openCamera("/camera");
  await camera.getByRole("button", { name: /Create a code/ }).click();
  const code = await shownCode(camera);
  // Viewers that only signal fill the room (as in room-members.spec.ts).
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < maxViewers; i += 1) {
      const socket = io(BASE_URL, { transports: ["websocket"], reconnection: false });
      sockets.push(socket);
      const reply = await new Promise<JoinRoomReply>((resolve) =>
        socket.emit("join_room", { code, type: "viewer" }, (r: JoinRoomReply) => resolve(r)),
      );
      expect(reply.ok, JSON.stringify(reply)).toBe(true);
    }
    const late = await openViewer(`/viewer?code=${code}`);
    await expect(late.locator("#start-notice")).toContainText(`already has ${maxViewers} viewers`);
    expect(new URL(late.url()).searchParams.get("code"), "the address keeps the code").toBe(code);
    await expect(late.getByRole("textbox", { name: "Digit 6 of 6" })).toHaveValue(code[5]!);
    // Try again while it is still full: the same answer, and the button stays for the next try.
    const retry = late.getByRole("button", { name: "Try again" });
    await expectAccessible(late, "new-user: viewer refused by a full room");
    await retry.click();
    await expect(late.locator("#start-notice")).toContainText(`already has ${maxViewers} viewers`);
    // A place frees up: Try again joins, and the laptop is in the room with the phone.
    sockets.pop()?.disconnect();
    await retry.click();
    await expect(late.locator("#room-chip")).toHaveText(`Code ${code.slice(0, 3)} ${code.slice(3)}`);
    await expect(late.locator("#start-notice")).toBeHidden();
  } finally {
    for (const socket of sockets) socket.disconnect();
  }
});

test("the clean view (OBS) with an unknown code: one legible line on black, no start page", async ({
  openViewer,
  issueCode,
}) => {
  const clean = await openViewer("/viewer?code=000000&clean=1");
  const line = clean.locator("#overlay-title");
  await expect(line).toHaveText("Couldn't join 000 000. No camera has that code.");
  for (const ui of ["Pair a phone", "Create code", "Have a code from the phone?"])
    await expect(clean.getByText(ui), `"${ui}" stays out of the output`).toBeHidden();
  await expect(clean.getByRole("textbox", { name: "Digit 1 of 6" })).toBeHidden();
  await expect(clean.locator("#overlay-spinner")).toBeHidden();
  // Light on black in both colour schemes (axe checks the contrast in each), and centred in the frame.
  await expectAccessible(clean, "new-user: clean view, unknown code");
  for (const colorScheme of ["light", "dark"] as const) {
    await clean.emulateMedia({ colorScheme });
    expect(await line.evaluate((el) => getComputedStyle(el).color), colorScheme).toBe("rgb(233, 237, 243)");
    const box = (await line.boundingBox())!;
    const centre = box.x + box.width / 2;
    expect(Math.abs(centre - LAPTOP.width / 2), "centred").toBeLessThan(2);
    await clean.screenshot({ path: `${SCREENSHOT_DIR}new-user/clean-unknown-code-${colorScheme}.png` });
  }
  // A live code with no phone yet: the same quiet line, never the QR.
  await clean.goto(`/viewer?code=${await issueCode()}&clean=1`);
  await expect(line).toHaveText("Waiting for the phone to join…");
  await expect(clean.locator("#qr")).toBeHidden();
  await expectAccessible(clean, "new-user: clean view, waiting for the phone");
  for (const colorScheme of ["light", "dark"] as const) {
    await clean.emulateMedia({ colorScheme });
    await clean.screenshot({ path: `${SCREENSHOT_DIR}new-user/clean-waiting-${colorScheme}.png` });
  }
});

test("a phone without network says so, never that a TURN relay is needed", async ({ newDevice, openViewer }) => {
  test.slow(); // a link with no way out has to time out first (PeerLink's connect timeout), by design
  const phone = await newDevice("phone");
  // The phone's network, as WebRTC sees it: while __noNetwork is set, a new connection gathers no address of
  // this device at all, as in flight mode. (Playwright's setOffline cuts HTTP and WebSocket, not WebRTC.)
  await phone.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const w = window as unknown as { __noNetwork?: boolean; RTCPeerConnection: typeof RTCPeerConnection };
    w.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(w.__noNetwork ? { ...config, iceServers: [], iceTransportPolicy: "relay" } : config);
      }
    };
  });
  const camera = await phone.newPage();
  await camera.goto("/camera");
  // Every status line the phone shows from now on, to prove the TURN advice never came up.
  await statusOf(camera).evaluate((el) => {
    const seen: string[] = [];
    (window as unknown as { __statuses: string[] }).__statuses = seen;
    new MutationObserver(() => seen.push(el.textContent ?? "")).observe(el, { childList: true, subtree: true });
  });
  const statuses = () => camera.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);

  // ICE finds no address on the phone (from before the code: the phone builds the first link while joining)
  // while a laptop asks to watch.
  await camera.evaluate(() => ((window as unknown as { __noNetwork: boolean }).__noNetwork = true));
  await camera.getByRole("button", { name: /Create a code/ }).click();
  const code = await shownCode(camera);
  const viewer = await openViewer(`/viewer?code=${code}`);
  await expect(statusOf(camera)).toHaveText("No network — reconnecting…", { timeout: 30_000 });
  await expect(statusOf(camera)).toHaveAttribute("data-tone", "warn");
  // The network comes back: the next try connects, and the phone asks about the laptop as usual.
  await camera.evaluate(() => ((window as unknown as { __noNetwork: boolean }).__noNetwork = false));
  await allowOnPhone(camera, viewer);
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");

  // The whole network goes (the browser says it is offline, the socket drops): the same words.
  await viewer.goto("/viewer");
  await expect(statusOf(camera)).toHaveText("Waiting for a viewer…");
  await phone.setOffline(true);
  await expect(statusOf(camera)).toHaveText("No network — reconnecting…");
  await saveScreenshot(camera, "phone-no-network");
  await phone.setOffline(false);
  await expect(statusOf(camera)).toHaveText("Waiting for a viewer…");
  expect(
    (await statuses()).filter((s) => /TURN/.test(s)),
    "the TURN advice never showed",
  ).toEqual([]);
});
