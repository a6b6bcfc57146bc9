// Several laptops watching one phone (docs/PROTOCOL.md: up to MAX_VIEWERS viewers per room).
import { expectAccessible } from "./axe.js";
import {
  allowOnPhone,
  expect,
  expectFramesGrowing,
  expectVideoPlaying,
  shownCode,
  statusOf,
  test,
} from "./fixtures.js";

test("two viewers watch at once; when one leaves the other keeps playing", async ({ openCamera, openViewer }) => {
  // Two laptops, each asked about on the phone: more steps than the test's default budget on a busy machine.
  test.slow();
  const camera = await openCamera("/camera");
  await camera.getByRole("button", { name: /Create a code/ }).click();
  const code = await shownCode(camera);

  // Each laptop is verified on its own: one request, one Allow each.
  const first = await openViewer(`/viewer?code=${code}`);
  await allowOnPhone(camera, first);
  const second = await openViewer(`/viewer?code=${code}`);
  await allowOnPhone(camera, second);
  await expectVideoPlaying(first, "#video", "first viewer");
  await expectVideoPlaying(second, "#video", "second viewer");
  await expect(statusOf(camera)).toHaveText("Streaming to 2 viewers");
  await expectAccessible(camera, "viewers: camera streaming to two");
  await expect(camera.locator("#viewers-count")).toHaveText("2");

  // The first laptop closes its tab: the phone notices, the second laptop does not.
  await first.context().close();
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
  await expectFramesGrowing(second, "#video", "second viewer after the first left", 30);
  await expect(statusOf(second)).toHaveText("Live");
});

test("a viewer beyond the room's limit is told the camera is full", async ({
  openCamera,
  openViewer,
  newDevice,
  request,
}) => {
  // Five laptop pages in one test, each with its own peer connection and words.
  test.slow();
  const config = (await (await request.get("/api/config")).json()) as { maxViewers: number };
  const camera = await openCamera("/camera");
  await camera.getByRole("button", { name: /Create a code/ }).click();
  const code = await shownCode(camera);
  const ctx = await newDevice("laptop");
  // Fill the room with viewer pages that only join (they need not all play video for this).
  for (let i = 0; i < config.maxViewers; i += 1) {
    const page = await ctx.newPage();
    await page.goto(`/viewer?code=${code}`);
    await expect(page.locator("body")).toHaveAttribute("data-view", "watch");
  }
  const late = await openViewer(`/viewer?code=${code}`);
  await expect(late.locator("#start-notice")).toContainText(`already has ${config.maxViewers} viewers`);
  await expectAccessible(late, "viewers: room full");
});
