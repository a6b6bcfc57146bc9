// Opening one measured call: codecam's real pages through its server, or the floor's two bare peer connections
// signaled by Playwright, each page in a browser context of its own.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { newContext, qrFragment } from "../firstframe.js";
import { initScript, type Levers, type Role } from "./instrument.js";
import { CLIP } from "./pattern.js";
import type { Variant } from "./model.js";
import type { GlassWindow } from "./page-records.js";

const FLOOR_HTML = `<!doctype html><html><head><meta name="viewport" content="width=device-width"><style>
html,body{margin:0;height:100%;background:#000}video{width:100%;height:100%;object-fit:contain;display:block}
</style></head><body><video autoplay playsinline muted></video></body></html>`;
const FLOOR_URL = "http://localhost/glass-floor";

/** The camera page's constraints, as codecam's camera asks for 720p at 30 fps (client/lib/media/media.ts). */
const CONSTRAINTS = {
  video: { width: { ideal: CLIP.width }, height: { ideal: CLIP.height }, frameRate: { ideal: CLIP.fps } },
  audio: false,
};

async function context(browser: Browser, role: Role, levers: Levers, baseURL?: string): Promise<BrowserContext> {
  const phone = role === "camera";
  // codecam's contexts come from the first-frame figure (same devices, its milestones recorded too).
  const ctx = baseURL
    ? await newContext(browser, baseURL, phone)
    : await browser.newContext({
        permissions: ["camera", "microphone"],
        ...(phone
          ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
          : { viewport: { width: 1366, height: 768 } }),
      });
  await ctx.addInitScript({ content: initScript(role, levers) });
  if (!baseURL) await ctx.route(FLOOR_URL, (route) => route.fulfill({ contentType: "text/html", body: FLOOR_HTML }));
  return ctx;
}

export interface Session {
  camera: Page;
  viewer: Page;
  close(): Promise<void>;
}

/** codecam as a person uses it: the viewer opens its code, the camera page joins it and starts. */
export async function openCodecam(
  browser: Browser,
  baseURL: string,
  variant: Variant,
  timeoutMs: number,
): Promise<Session> {
  const levers = variant.levers ?? {};
  const res = await fetch(`${baseURL}/api/code/generate`, { method: "POST" });
  if (res.status !== 201) throw new Error(`generate: HTTP ${res.status}`);
  const { code } = (await res.json()) as { code: string };
  const viewerCtx = await context(browser, "viewer", levers, baseURL);
  const cameraCtx = await context(browser, "camera", levers, baseURL);
  const close = async () => {
    await Promise.all([viewerCtx.close(), cameraCtx.close()]).catch(() => {});
  };
  try {
    const viewer = await viewerCtx.newPage();
    await viewer.goto(`/viewer?code=${code}${variant.viewerParams ?? ""}`);
    await viewer.waitForFunction(() => (window as unknown as GlassWindow).__bench?.joinAt != null, undefined, {
      timeout: timeoutMs,
    });
    const fragment = await qrFragment(viewer, timeoutMs);
    const camera = await cameraCtx.newPage();
    await camera.goto(`/camera?code=${code}&autostart=1${fragment}`);
    return { camera, viewer, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The floor: getUserMedia → RTCPeerConnection → RTCPeerConnection → <video>, default settings, no server. */
export async function openFloor(browser: Browser, levers: Levers, pings: boolean): Promise<Session> {
  const viewerCtx = await context(browser, "viewer", levers);
  const cameraCtx = await context(browser, "camera", levers);
  const close = async () => {
    await Promise.all([viewerCtx.close(), cameraCtx.close()]).catch(() => {});
  };
  try {
    const viewer = await viewerCtx.newPage();
    const camera = await cameraCtx.newPage();
    await Promise.all([viewer.goto(FLOOR_URL), camera.goto(FLOOR_URL)]);
    // Whole descriptions, candidates included (no trickle): Playwright carries them, nothing else.
    const gathered = `new Promise((resolve) => {
      if (pc.iceGatheringState === "complete") return resolve();
      pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
    })`;
    const offer = await camera.evaluate(`(async () => {
      const stream = await navigator.mediaDevices.getUserMedia(${JSON.stringify(CONSTRAINTS)});
      document.querySelector("video").srcObject = stream;
      const pc = new RTCPeerConnection();
      window.__floorPc = pc;
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
      if (${pings}) {
        const dc = pc.createDataChannel("ping");
        dc.onmessage = (e) => {
          const t1 = performance.timeOrigin + performance.now();
          const t0 = JSON.parse(e.data).t0;
          dc.send(JSON.stringify({ t0, t1, t2: performance.timeOrigin + performance.now() }));
        };
      }
      await pc.setLocalDescription(await pc.createOffer());
      await ${gathered};
      return pc.localDescription.sdp;
    })()`);
    const answer = await viewer.evaluate(`(async () => {
      const pc = new RTCPeerConnection();
      window.__floorPc = pc;
      pc.addEventListener("track", (e) => { document.querySelector("video").srcObject = e.streams[0]; });
      window.__pings = [];
      pc.addEventListener("datachannel", (e) => {
        const dc = e.channel;
        dc.onmessage = (m) => {
          const r = JSON.parse(m.data);
          window.__pings.push([r.t0, r.t1, r.t2, performance.timeOrigin + performance.now()]);
        };
        dc.onopen = () => setInterval(() => dc.send(JSON.stringify({ t0: performance.timeOrigin + performance.now() })), 100);
      });
      await pc.setRemoteDescription({ type: "offer", sdp: ${JSON.stringify(offer)} });
      await pc.setLocalDescription(await pc.createAnswer());
      await ${gathered};
      return pc.localDescription.sdp;
    })()`);
    await camera.evaluate(`window.__floorPc.setRemoteDescription({ type: "answer", sdp: ${JSON.stringify(answer)} })`);
    return { camera, viewer, close };
  } catch (err) {
    await close();
    throw err;
  }
}
