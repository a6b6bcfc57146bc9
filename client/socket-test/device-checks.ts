// This device's checks, each `{ name, run(log) }`: the usual reasons for "no video" that are not the signaling
// server's: an insecure page, a camera or microphone that will not open, no usable network address or TURN
// relay, and a browser that cannot pass media at all. Each stands alone, so one failure hides none of the others.
import { countCandidates, iceServerUrls, parseCandidate } from "../lib/diagnostics/candidates.js";
import { gatherCandidates } from "../lib/diagnostics/gather.js";
import { runLoopback } from "../lib/diagnostics/loopback.js";
import { judgeGathering, relayTroubleFrom } from "../lib/diagnostics/path-words.js";
import { startTestPattern } from "../lib/diagnostics/test-pattern.js";
import { assertMediaAvailable, describeProblem, MediaAccessError } from "../lib/media/media.js";
import type { Check, CheckLog } from "./check.js";

export interface DeviceCheckDeps {
  /** The server's RTCConfiguration, as the pages get it; TURN credentials come only with a live `code`. */
  rtcConfig: (code: string | undefined) => Promise<RTCConfiguration>;
  /** A live code to ask for TURN credentials with (the page's room, else a fresh one), or why there is none. */
  codeForTurn: () => Promise<{ code: string } | { reason: string }>;
}

/** How long gathering may take: a STUN or TURN server that never answers keeps the browser at it for ~40 s. */
const GATHER_TIMEOUT_MS = 8_000;
/** Frames the loopback call must decode: over a second of the test picture, enough to be sure it flows. */
const LOOPBACK_FRAMES = 20;
const LOOPBACK_TIMEOUT_MS = 15_000;

export function createDeviceChecks(deps: DeviceCheckDeps): Check[] {
  return [
    {
      name: "Secure page (browsers allow the camera only there)",
      async run() {
        if (!window.isSecureContext) {
          throw new Error(`${location.origin} is not secure: ${describeProblem("insecure", location.origin).body}`);
        }
        return location.protocol === "https:"
          ? `${location.origin}: https, certificate accepted by this browser`
          : `${location.origin}: this device's own address counts as secure`;
      },
    },
    {
      name: "Camera and microphone open",
      run: openCameraAndMicrophone,
    },
    {
      name: "Network addresses (ICE candidates)",
      async run(log) {
        const got = await deps.codeForTurn();
        if ("reason" in got) log(`no code for TURN credentials: ${got.reason}`);
        const config = await deps.rtcConfig("code" in got ? got.code : undefined);
        const urls = iceServerUrls(config.iceServers);
        log(`servers from /api/config: ${[...urls.stun, ...urls.turn].join(", ") || "none"}`);
        // Every kind of candidate counts here, even when the pages will use the relay only.
        const gathered = await gatherCandidates({ ...config, iceTransportPolicy: "all" }, GATHER_TIMEOUT_MS);
        for (const line of gathered.candidates) {
          const c = parseCandidate(line);
          if (c) log(`${c.type} ${c.protocol} ${c.address} ${c.port}`);
        }
        for (const e of gathered.errors) log(`${e.url} answered ${e.errorCode} ${e.errorText}`.trim());
        if (!gathered.complete) log(`still gathering after ${GATHER_TIMEOUT_MS / 1000} s; counted what came`);
        const counts = countCandidates(gathered.candidates);
        const verdict = judgeGathering({
          counts,
          stunUrls: urls.stun.length,
          turnUrls: urls.turn.length,
          ...(urls.turn.length > 0 && counts.relay === 0 ? { relayTrouble: relayTroubleFrom(gathered.errors) } : {}),
          relayOnly: config.iceTransportPolicy === "relay",
          ...("reason" in got ? { turnUnchecked: got.reason } : {}),
        });
        if (!verdict.passed) throw new Error(verdict.detail);
        return verdict.detail;
      },
    },
    {
      name: "Loopback call on this device passes video",
      async run(log) {
        const pattern = startTestPattern();
        try {
          // Host candidates only: this is about the browser's media path; the network is the other checks' job.
          const got = await runLoopback({
            config: {},
            stream: pattern.stream,
            frames: LOOPBACK_FRAMES,
            timeoutMs: LOOPBACK_TIMEOUT_MS,
          });
          const size = got.width && got.height ? ` at ${got.width}×${got.height}` : "";
          const pair = got.pair ? ` · ${got.pair.local.type} ↔ ${got.pair.remote.type}` : "";
          log(`${got.framesDecoded} frames decoded, ${got.bytesReceived} bytes received${pair}`);
          return `${got.framesDecoded} frames decoded${size}, ${formatBytes(got.bytesReceived)} received${pair}`;
        } finally {
          pattern.stop();
        }
      },
    },
  ];
}

/**
 * Opens the camera and the microphone together (one prompt), then each alone if that fails, so the verdict
 * names the one that would not open. Every track is stopped before it returns.
 */
async function openCameraAndMicrophone(log: CheckLog): Promise<string> {
  const devices = guard(() => assertMediaAvailable());
  const open = async (constraints: MediaStreamConstraints): Promise<MediaStream> => {
    try {
      return await devices.getUserMedia(constraints);
    } catch (err) {
      throw MediaAccessError.from(err);
    }
  };
  let stream: MediaStream;
  try {
    stream = await open({ video: true, audio: true });
  } catch (together) {
    log(`camera and microphone together: ${reason(together)}`);
    const parts = await Promise.allSettled([open({ video: true }), open({ audio: true })]);
    for (const p of parts) if (p.status === "fulfilled") stopAll(p.value);
    const [video, audio] = parts.map((p) => (p.status === "rejected" ? reason(p.reason) : "opens"));
    throw new Error(`camera: ${video} · microphone: ${audio}`);
  }
  try {
    const video = stream.getVideoTracks()[0];
    const audio = stream.getAudioTracks()[0];
    const settings = video?.getSettings() ?? {};
    const size = settings.width && settings.height ? ` at ${settings.width}×${settings.height}` : "";
    const fps = settings.frameRate ? `, ${Math.round(settings.frameRate)} fps` : "";
    log(`camera "${video?.label ?? "?"}"${size}${fps}; microphone "${audio?.label ?? "?"}"`);
    return `camera “${video?.label || "unnamed"}”${size}${fps} · microphone “${audio?.label || "unnamed"}”`;
  } finally {
    stopAll(stream);
  }
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new Error(reason(err));
  }
}

/** A media error in words: the page's own title and advice ("Camera access is blocked: Allow the camera…"). */
function reason(err: unknown): string {
  const e = MediaAccessError.from(err);
  const { title, body } = describeProblem(e.problem, location.origin);
  return `${title}. ${body}${e.detail ? ` (${e.detail})` : ""}`;
}

function stopAll(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

function formatBytes(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : n >= 1_000 ? `${Math.round(n / 1_000)} kB` : `${n} B`;
}
