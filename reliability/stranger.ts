// What a successful guess yields: a stranger who holds a live code joins as a viewer with a WebRTC stack of its
// own (socket.io-client for signaling, a bare RTCPeerConnection in a blank Chromium page for media, none of the
// product's page code) and answers the real camera page's offer. Verified pairing (docs/SECURITY.md) must leave
// it with a working connection, if any, and not one media byte until the holder taps Allow, which nobody does.
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/browser-env.js";
import type { CaseResult } from "./attacks.js";
import { ask, connect, issueCode } from "./probe.js";
import type { ServerProcess } from "./server.js";

interface Relayed {
  from: string;
  offer?: { type: "offer"; sdp: string };
  candidate?: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null };
}

interface StrangerStats {
  connection: string;
  bytes: number;
  frames: number;
  packets: number;
}

/** Opens the camera page on a fresh code, lets the stranger in for `seconds`, and counts what it received. */
export async function strangerWithCode(server: ServerProcess, seconds: number): Promise<CaseResult> {
  const name = "brute force: what a correct guess yields";
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const stranger = await connect(server.url, "127.0.0.31");
  try {
    const code = await issueCode(server.url, "127.0.0.31");
    const camera = await (await browser.newContext()).newPage();
    // What the camera page went through, for the report should it never offer.
    const seen: string[] = [];
    camera.on("crash", () => seen.push("the page crashed"));
    camera.on("pageerror", (err) => seen.push(`page error: ${err.message}`));
    camera.on("requestfailed", (r) =>
      seen.push(`${r.url().replace(server.url, "")} failed: ${r.failure()?.errorText}`),
    );
    camera.on("response", (r) => {
      if (r.status() >= 400) seen.push(`${r.url().replace(server.url, "")} answered ${r.status()}`);
    });
    camera.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") seen.push(`console ${m.type()}: ${m.text().slice(0, 160)}`);
    });
    const response = await camera.goto(`${server.url}/camera?code=${code}&autostart=1`);
    seen.push(`/camera answered ${response?.status() ?? "nothing"}`);
    const attacker = await (await browser.newContext()).newPage();
    await attacker.goto("about:blank");

    let cameraId: string | undefined;
    await attacker.exposeFunction("sendCandidate", (candidate: RTCIceCandidateInit) => {
      if (cameraId) stranger.emit("ice_candidate", { room_code: code, to: cameraId, candidate });
    });
    const offered = new Promise<void>((resolve) => {
      stranger.on("offer", async (msg: Relayed) => {
        cameraId = msg.from;
        const sdp = await attacker.evaluate(async (offer) => {
          const w = window as unknown as { pc?: RTCPeerConnection; sendCandidate(c: RTCIceCandidateInit): void };
          w.pc ??= new RTCPeerConnection();
          const pc = w.pc;
          pc.onicecandidate = (e) => e.candidate && w.sendCandidate(e.candidate.toJSON());
          await pc.setRemoteDescription({ type: "offer", sdp: offer });
          await pc.setLocalDescription(await pc.createAnswer());
          return pc.localDescription?.sdp ?? "";
        }, msg.offer?.sdp ?? "");
        stranger.emit("answer", { room_code: code, to: msg.from, answer: { type: "answer", sdp } });
        resolve();
      });
    });
    stranger.on("ice_candidate", (msg: Relayed) => {
      void attacker
        .evaluate(
          (c) => (window as unknown as { pc?: RTCPeerConnection }).pc?.addIceCandidate(c).catch(() => undefined),
          msg.candidate ?? null,
        )
        .catch(() => undefined);
    });
    const joined = await ask(stranger, "join_room", { code, type: "viewer" });
    if (!joined.ok) throw new Error(`the stranger's join was refused: ${JSON.stringify(joined)}`);
    const waited = await Promise.race([offered.then(() => true), attacker.waitForTimeout(30_000).then(() => false)]);
    if (!waited) {
      // Say what the phone showed, so a failure can be told apart from a slow machine.
      const shown = (
        await camera
          .locator("main")
          .allInnerTexts()
          .catch(() => [])
      )
        .join(" ")
        .replace(/\s+/g, " ");
      const doc = await camera
        .evaluate(() => `${document.readyState}, body "${document.body?.textContent?.slice(0, 120) ?? ""}"`)
        .catch((err: Error) => `unreadable (${err.message.slice(0, 80)})`);
      seen.push(`document ${doc.replace(/\s+/g, " ")}`);
      throw new Error(
        `the camera never offered within 30 s; the camera page showed "${shown.slice(0, 200)}"; ${seen.slice(0, 12).join("; ")}`,
      );
    }
    await attacker.waitForTimeout(seconds * 1000);
    const got = await attacker.evaluate(async (): Promise<StrangerStats> => {
      const pc = (window as unknown as { pc: RTCPeerConnection }).pc;
      let bytes = 0;
      let frames = 0;
      let packets = 0;
      for (const r of (await pc.getStats()).values()) {
        if (r.type !== "inbound-rtp") continue;
        bytes += r.bytesReceived ?? 0;
        packets += r.packetsReceived ?? 0;
        frames += r.framesDecoded ?? 0;
      }
      return { connection: pc.connectionState, bytes, frames, packets };
    });
    // The stranger never runs the words exchange, so the phone has nothing to ask yet; it must still list it.
    const listed = (
      await camera
        .getByRole("list", { name: "Viewers" })
        .getByRole("listitem")
        .allInnerTexts()
        .catch(() => [] as string[])
    ).map((t) => t.replace(/\s+/g, " ").trim());
    return {
      name,
      figure: `a stranger with the right code, its own WebRTC stack, ${seconds} s: peer connection ${got.connection}, ${got.packets} media packets, ${got.bytes} media bytes, ${got.frames} frames decoded; the phone lists ${listed.length ? listed.map((t) => `"${t}"`).join(", ") : "no viewer"}`,
      pass: got.bytes === 0 && got.frames === 0 && got.packets === 0 && listed.length > 0,
    };
  } finally {
    stranger.disconnect();
    await browser.close();
  }
}
