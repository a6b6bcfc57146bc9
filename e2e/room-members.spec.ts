// Everyone in the phone's room (issue 16): a viewer that only signals and never answers (a raw Socket.IO client
// here, as a stranger's script would be) is listed on the phone, can be removed, and cannot lock the QR laptop
// out of a full room.
import { io, type Socket } from "socket.io-client";
import type { JoinRoomReply } from "../signaling/protocol.js";
import { BASE_URL } from "./browser-env.js";
import { expect, expectVideoPlaying, pairByLink, shownCode, statusOf, test } from "./fixtures.js";

const sockets: Socket[] = [];
test.afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

/** A viewer that joins `code` over a raw socket and never answers the camera's offers. */
async function signallingOnlyViewer(code: string): Promise<Socket> {
  const socket = io(BASE_URL, { transports: ["websocket"], reconnection: false });
  sockets.push(socket);
  const reply = await new Promise<JoinRoomReply>((resolve) =>
    socket.emit("join_room", { code, type: "viewer" }, (r: JoinRoomReply) => resolve(r)),
  );
  expect(reply.ok, JSON.stringify(reply)).toBe(true);
  return socket;
}

test("a viewer that only signals shows on the phone's list, and Remove takes it out of the room", async ({
  openCamera,
}) => {
  const camera = await openCamera("/camera");
  await camera.getByRole("button", { name: /Create a code/ }).click();
  const code = await shownCode(camera);
  const stranger = await signallingOnlyViewer(code);
  const removed = new Promise<unknown>((resolve) => stranger.once("removed", resolve));

  const viewers = camera.getByRole("list", { name: "Viewers" });
  await expect(viewers.getByRole("listitem")).toHaveCount(1);
  await expect(viewers.getByRole("listitem")).toContainText("Connecting…");
  await viewers.getByRole("button", { name: /^Remove/ }).click();
  expect(await removed).toEqual({ code });
  await expect(viewers.getByRole("listitem")).toHaveCount(0);
  await expect(statusOf(camera)).toHaveText("Waiting for a viewer…");
});

test("viewers that only signal cannot lock the QR laptop out: the phone makes room for it", async ({
  openViewer,
  openCamera,
  request,
}) => {
  test.slow();
  const { maxViewers } = (await (await request.get("/api/config")).json()) as { maxViewers: number };
  const { viewer, camera, code } = await pairByLink(openViewer, openCamera);
  // The laptop's tab closes; strangers take every slot before it comes back.
  const laptop = viewer.context();
  await viewer.close();
  const list = camera.getByRole("list", { name: "Viewers" }).getByRole("listitem");
  await expect(list).toHaveCount(0);
  for (let i = 0; i < maxViewers; i += 1) await signallingOnlyViewer(code);
  await expect(list).toHaveCount(maxViewers);
  // None of them answers: once they had their chance, the oldest leaves, and the QR laptop fits.
  await expect(list).toHaveCount(maxViewers - 1, { timeout: 40_000 });

  const back = await laptop.newPage();
  await back.goto(`/viewer?code=${code}`);
  await expectVideoPlaying(back, "#video", "the QR laptop, back");
  await expect(back.getByText("Verified", { exact: true })).toBeVisible();
  await expect(camera.getByRole("button", { name: "Allow" })).toHaveCount(0);
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
});

test("Remove on the phone: the laptop is told, leaves the room, and does not come back by itself", async ({
  openViewer,
  openCamera,
}) => {
  const { viewer, camera } = await pairByLink(openViewer, openCamera);
  const list = camera.getByRole("list", { name: "Viewers" }).getByRole("listitem");
  await expect(list).toContainText("Laptop · verified");
  await list.getByRole("button", { name: /^Remove/ }).click();
  await expect(viewer.locator("#start-notice")).toContainText("The phone removed this laptop.");
  await expect(viewer.locator("body")).toHaveAttribute("data-view", "start");
  await expect(list).toHaveCount(0);
  await expect(statusOf(camera)).toHaveText("Waiting for a viewer…");
});
