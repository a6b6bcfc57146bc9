// A signaling server that tampers with the answers it relays (issue 16): the phone checks the certificate every
// answer names, so a rewritten fingerprint, or an answer from another device, gets not one byte of media, and
// the phone says why in plain words. The tampering happens between the phone's page and the server, in
// Playwright's WebSocket routing: to the page it is indistinguishable from a server that rewrites SDP.
import type { Page, WebSocketRoute } from "@playwright/test";
import { expect, inboundMediaBytes, statusOf, test, watchPeerConnections } from "./fixtures.js";

const NOT_SCANNED = "A device that is not the laptop you scanned answered. This phone sends it nothing.";

/** A Socket.IO event frame ("42" + JSON array) as [event, payload], or undefined for any other frame. */
function parseEvent(frame: string | Buffer): [string, Record<string, unknown>] | undefined {
  if (typeof frame !== "string" || !frame.startsWith("42[")) return undefined;
  return JSON.parse(frame.slice(2)) as [string, Record<string, unknown>];
}

function eventFrame(event: string, payload: unknown): string {
  return `42${JSON.stringify([event, payload])}`;
}

/** Relays the camera page's signaling socket, passing each frame through `fromServer` / `fromPage` first. */
async function relayCameraSocket(
  camera: Page,
  fromServer: (frame: string | Buffer, toPage: (frame: string) => void) => void,
  fromPage: (frame: string | Buffer) => void = () => {},
): Promise<void> {
  await camera.routeWebSocket(/\/socket\.io\//, (ws: WebSocketRoute) => {
    const server = ws.connectToServer();
    ws.onMessage((frame) => {
      fromPage(frame);
      server.send(frame);
    });
    server.onMessage((frame) => fromServer(frame, (f) => ws.send(f)));
  });
}

/** The QR laptop makes a code; returns its page and the link its QR code encodes. */
async function laptopWithQr(newDevice: (d: "laptop") => Promise<import("@playwright/test").BrowserContext>) {
  const context = await newDevice("laptop");
  await watchPeerConnections(context);
  const laptop = await context.newPage();
  await laptop.goto("/viewer");
  await laptop.getByRole("button", { name: "Create code" }).click();
  await expect(laptop.locator("#share-link")).toHaveValue(/#v=/);
  return { laptop, link: await laptop.locator("#share-link").inputValue() };
}

test("a server that rewrites the fingerprint in the laptop's answer: the phone sends nothing and says why", async ({
  newDevice,
}) => {
  const { laptop, link } = await laptopWithQr(newDevice);
  const camera = await (await newDevice("phone")).newPage();
  let rewritten = 0;
  await relayCameraSocket(camera, (frame, toPage) => {
    const event = parseEvent(frame);
    if (event?.[0] !== "answer") return toPage(frame as string);
    const answer = event[1].answer as { type: string; sdp: string };
    // Another certificate's fingerprint in every sha-256 line, as a relay that wants to sit in the middle would.
    const sdp = answer.sdp.replace(/^a=fingerprint:sha-256 .*$/gim, `a=fingerprint:sha-256 ${"AB:".repeat(31)}AB`);
    rewritten += 1;
    toPage(eventFrame("answer", { ...event[1], answer: { ...answer, sdp } }));
  });
  await camera.goto(link);
  await camera.getByRole("button", { name: "Start camera" }).click();

  await expect(statusOf(camera)).toHaveText(NOT_SCANNED, { timeout: 30_000 });
  await expect(camera.getByRole("list", { name: "Viewers" }).getByRole("listitem")).toContainText(
    "Not the laptop you scanned",
  );
  expect(rewritten).toBeGreaterThan(0);
  // Nothing reached the laptop either (the handshake with the rewritten fingerprint cannot complete).
  expect(await inboundMediaBytes(laptop)).toEqual({ video: 0, audio: 0 });
  await expect(camera.getByRole("button", { name: "Allow" })).toHaveCount(0);
});

test("a server that swaps in an answer from another device: that device connects but gets no media", async ({
  newDevice,
}) => {
  test.slow();
  const { laptop, link } = await laptopWithQr(newDevice);
  // The device in the middle: a page of its own with a plain RTCPeerConnection and its own certificate.
  const intruder = await (await newDevice("laptop")).newPage();
  await intruder.goto("/healthz");
  const camera = await (await newDevice("phone")).newPage();

  /** The intruder's answer to each offer the camera sends, in order. */
  const answers: Array<Promise<string>> = [];
  let swapped = 0;
  await relayCameraSocket(
    camera,
    (frame, toPage) => {
      const event = parseEvent(frame);
      // The laptop's own candidates would only compete with the intruder's: drop them.
      if (event?.[0] === "ice_candidate") return;
      if (event?.[0] !== "answer") return toPage(frame as string);
      const next = answers[swapped];
      swapped += 1;
      if (!next) return;
      void next.then((sdp) => toPage(eventFrame("answer", { ...event[1], answer: { type: "answer", sdp } })));
    },
    (frame) => {
      const event = parseEvent(frame);
      if (event?.[0] === "offer") {
        const { sdp } = event[1].offer as { sdp: string };
        answers.push(intruder.evaluate(answerAsIntruder, sdp));
      } else if (event?.[0] === "ice_candidate") {
        void intruder.evaluate(addCandidate, event[1].candidate as RTCIceCandidateInit);
      }
    },
  );
  await camera.goto(link);
  await camera.getByRole("button", { name: "Start camera" }).click();

  await expect(statusOf(camera)).toHaveText(NOT_SCANNED, { timeout: 30_000 });
  // The intruder's connection works (so the zero below is not for want of a connection), and carries no media.
  await expect
    .poll(() => intruder.evaluate(() => window.__intruder?.connectionState), { timeout: 30_000 })
    .toBe("connected");
  for (let sample = 0; sample < 4; sample += 1) {
    expect(await intruder.evaluate(intruderMediaBytes), `sample ${sample}`).toBe(0);
    await intruder.waitForTimeout(750);
  }
  expect(await inboundMediaBytes(laptop)).toEqual({ video: 0, audio: 0 });
  await expect(camera.getByRole("list", { name: "Viewers" }).getByRole("listitem")).toContainText(
    "Not the laptop you scanned",
  );
});

declare global {
  interface Window {
    __intruder?: RTCPeerConnection;
  }
}

/** In the intruder's page: answers `sdp` with a connection of its own, every candidate in the answer. */
async function answerAsIntruder(sdp: string): Promise<string> {
  window.__intruder?.close();
  const pc = new RTCPeerConnection();
  window.__intruder = pc;
  await pc.setRemoteDescription({ type: "offer", sdp });
  await pc.setLocalDescription(await pc.createAnswer());
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve();
    pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
    setTimeout(resolve, 5_000);
  });
  return pc.localDescription?.sdp ?? "";
}

async function addCandidate(candidate: RTCIceCandidateInit): Promise<void> {
  await window.__intruder?.addIceCandidate(candidate).catch(() => {});
}

async function intruderMediaBytes(): Promise<number> {
  let bytes = 0;
  (await window.__intruder?.getStats())?.forEach((r: { type: string; bytesReceived?: number }) => {
    if (r.type === "inbound-rtp") bytes += r.bytesReceived ?? 0;
  });
  return bytes;
}
