// The video survives what real networks do: a device dropping off the network, and the signaling server
// restarting mid-stream. Media goes peer to peer, so neither should cost the picture or a new pairing.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { expectAccessible } from "./axe.js";
import { serverEnv, TEST_PORT } from "./browser-env.js";
import {
  allowOnPhone,
  expect,
  expectFramesGrowing,
  expectVideoPlaying,
  pairByLink,
  shownCode,
  statusOf,
  test,
} from "./fixtures.js";

test("a phone and then a laptop that lose the network come back to a moving picture", async ({
  openViewer,
  openCamera,
}) => {
  const { viewer, camera } = await pairByLink(openViewer, openCamera);

  await camera.context().setOffline(true);
  await expect(statusOf(camera)).toHaveAttribute("data-state", "streaming-offline");
  await expectAccessible(camera, "resilience: phone offline");
  await camera.context().setOffline(false);
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
  await expectFramesGrowing(viewer, "#video", "viewer after the phone's network came back", 20);

  await viewer.context().setOffline(true);
  await expect(statusOf(viewer)).toHaveAttribute("data-state", "live-offline");
  await expectAccessible(viewer, "resilience: laptop offline");
  await viewer.context().setOffline(false);
  await expect(statusOf(viewer)).toHaveText("Live");
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
  await expectFramesGrowing(viewer, "#video", "viewer after its own network came back", 20);
});

test.describe("server restart", () => {
  const port = TEST_PORT + 1;
  const root = fileURLToPath(new URL("..", import.meta.url));
  let server: ChildProcess | undefined;

  async function startServer(): Promise<void> {
    server = spawn(process.execPath, ["dist/signaling/index.js"], {
      cwd: root,
      env: { ...process.env, ...serverEnv(port) },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`test server on port ${port} did not become healthy`);
  }

  async function killServer(): Promise<void> {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL"); // a crash, not a polite shutdown: nothing gets to say goodbye
    await exited;
  }

  test.afterEach(async () => {
    await killServer();
  });

  test("the video keeps playing while the server is down, and both pages find each other again", async ({
    newDevice,
  }) => {
    await startServer();
    const baseURL = `http://127.0.0.1:${port}`;
    const viewer = await (await newDevice("laptop", { baseURL })).newPage();
    await viewer.goto("/viewer");
    await viewer.getByRole("button", { name: "Create code" }).click();
    await expect(viewer.locator("#share-link")).toHaveValue(/\/camera\?code=\d{6}/);
    const link = await viewer.locator("#share-link").inputValue();
    const camera = await (await newDevice("phone", { baseURL })).newPage();
    await camera.goto(link);
    await camera.getByRole("button", { name: "Start camera" }).click();
    await expectVideoPlaying(viewer, "#video", "viewer");
    await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");

    await killServer();
    await expect(statusOf(camera)).toHaveAttribute("data-state", "streaming-offline");
    await expect(statusOf(viewer)).toHaveAttribute("data-state", "live-offline");
    await expectFramesGrowing(viewer, "#video", "viewer while the server is down", 20);

    await startServer();
    // The new server process knows no codes. The pages reconnect their sockets and meet again in a room
    // (the same code if the server kept it, else the phone's new one), and the picture never stops.
    await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer", { timeout: 30_000 });
    await expect(statusOf(viewer)).toHaveText("Live", { timeout: 30_000 });
    await expect(viewer.locator("#room-chip")).toHaveText(await roomChip(camera));
    await expectFramesGrowing(viewer, "#video", "viewer after the restart", 20);
    // Proof that the signaling path works again, not just the old media path: a newcomer can join and watch.
    const late = await (await newDevice("laptop", { baseURL })).newPage();
    await late.goto(`/viewer?code=${await currentCode(camera)}`);
    await allowOnPhone(camera, late);
    await expectVideoPlaying(late, "#video", "viewer that joined after the restart");
    await expect(statusOf(camera)).toHaveText("Streaming to 2 viewers");
  });

  test("the clean view (OBS) follows the phone's new code without a notice over the picture", async ({ newDevice }) => {
    await startServer();
    const baseURL = `http://127.0.0.1:${port}`;
    const camera = await (await newDevice("phone", { baseURL })).newPage();
    await camera.goto("/camera");
    await camera.getByRole("button", { name: /Create a code/ }).click();
    const code = await shownCode(camera);
    const clean = await (await newDevice("laptop", { baseURL })).newPage();
    await clean.goto(`/viewer?code=${code}&clean=1`);
    await allowOnPhone(camera, clean);
    await expectVideoPlaying(clean, "#video", "clean view");

    await killServer();
    await startServer();
    // The phone makes a new code and the clean view follows it: its address says so the moment it has joined,
    // which is also the moment the laptop page would put up its "Reconnected" notice.
    await expect(clean).not.toHaveURL(new RegExp(`code=${code}`), { timeout: 30_000 });
    await expect(clean).toHaveURL(/\/viewer\?code=\d{6}&clean=1$/);
    await expect(clean.locator(".toast[data-show='true']"), "no notice over the picture").toHaveCount(0);
    await expect(clean.getByText(/Reconnected/)).toHaveCount(0);
    await expect(clean.locator("#overlay")).toBeHidden();
    await expectFramesGrowing(clean, "#video", "clean view after the restart", 20);
  });
});

async function roomChip(page: Page): Promise<string> {
  const text = (await page.locator("#room-chip").textContent()) ?? "";
  expect(text).toMatch(/^Code \d{3} \d{3}$/);
  return text;
}

async function currentCode(page: Page): Promise<string> {
  return (await roomChip(page)).replace(/\D/g, "");
}
