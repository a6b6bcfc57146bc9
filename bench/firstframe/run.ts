// One measured first-frame run: a joined viewer, then the camera page opened with its QR link, both pages' marks
// read back as the run's figures and its milestone timeline on the camera page's clock.
import type { Browser } from "playwright-core";
import type { LinkConditions } from "../link.js";
import { type Marks, marks } from "./instrument.js";
import { emulateLink, newContext, qrFragment } from "./pages.js";

export async function oneRun(browser: Browser, baseURL: string, timeoutMs: number, link?: LinkConditions) {
  const res = await fetch(`${baseURL}/api/code/generate`, { method: "POST" });
  if (res.status !== 201) throw new Error(`generate: HTTP ${res.status}`);
  const { code } = (await res.json()) as { code: string };
  const viewerCtx = await newContext(browser, baseURL, false);
  const cameraCtx = await newContext(browser, baseURL, true);
  try {
    const viewer = await viewerCtx.newPage();
    await viewer.goto(`/viewer?code=${code}`);
    await viewer.waitForFunction(() => (window as unknown as { __bench: Marks }).__bench.joinAt !== null, undefined, {
      timeout: timeoutMs,
    });
    const fragment = await qrFragment(viewer, timeoutMs);
    const camera = await cameraCtx.newPage();
    if (link) await emulateLink(cameraCtx, camera, link);
    await camera.goto(`/camera?code=${code}&autostart=1${fragment}`);
    await viewer.waitForFunction(() => (window as unknown as { __bench: Marks }).__bench.frameAt !== null, undefined, {
      timeout: timeoutMs,
      polling: 20,
    });
    const cam = await marks(camera);
    const view = await marks(viewer);
    if (cam.joinAt === null) throw new Error("camera page: no join_room_success seen");
    return {
      openToFrameMs: view.frameAt! - cam.timeOrigin,
      joinToFrameMs: view.frameAt! - cam.joinAt,
      openToJoinMs: cam.joinAt - cam.timeOrigin,
      frameWidth: view.frameSize?.[0] ?? 0,
      frameHeight: view.frameSize?.[1] ?? 0,
      how: view.frameHow,
      cameraJsBytes: cam.jsBytes ?? 0,
      viewerJsBytes: view.jsBytes ?? 0,
      // Milestones in ms from the camera page's navigation start, both pages on one axis.
      timeline: [
        ...Object.entries(cam.events).map(([name, t]) => ({
          page: "camera",
          name,
          ms: t - cam.timeOrigin,
          count: cam.counts[name] ?? 1,
        })),
        ...Object.entries(view.events)
          .filter(([, t]) => t >= cam.timeOrigin)
          .map(([name, t]) => ({ page: "viewer", name, ms: t - cam.timeOrigin, count: view.counts[name] ?? 1 })),
      ].sort((a, b) => a.ms - b.ms),
    };
  } finally {
    await Promise.all([viewerCtx.close(), cameraCtx.close()]);
  }
}
