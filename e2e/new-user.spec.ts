// What a new user tripped over (issue 19), each checked in the browser as they would meet it.
import { io, type Socket } from "socket.io-client";
import type { JoinRoomReply } from "../signaling/protocol.js";
import { expectAccessible } from "./axe.js";
import { BASE_URL } from "./browser-env.js";
import { expect, pairByLink, shownCode, statusOf, test } from "./fixtures.js";

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
  } finally {
    for (const socket of sockets) socket.disconnect();
  }
});
