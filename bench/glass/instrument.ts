// What the glass-to-glass measurement runs inside the pages, before their own scripts (an init script, so plain
// JavaScript in a string: a TypeScript function would carry tsx's helpers into the page).
//   camera page: every video track getUserMedia hands out is tapped (a clone through a MediaStreamTrackProcessor);
//     each frame's index is read as the page gets it: [index, epoch ms, the frame's timestamp in ms] in
//     window.__glass.cam (analyze.ts puts the timestamp, the capture time, on the page's clock).
//   viewer page: every <video> is followed with requestVideoFrameCallback; each presented frame's index is read
//     from the element in the callback: VIEWER_FIELDS numbers per frame in window.__glass.view (analyze.ts).
//   both: every RTCPeerConnection is kept (window.__glass.pcs) for getStats, and the levers under test are applied.
// The same script runs for codecam's pages and for the floor's, so both are measured the same way.
import { BITS, BLOCK, blocks, CLIP, DECODE_JS } from "./pattern.js";

export type Role = "camera" | "viewer";

/** Knobs the lever experiments turn, applied by the init script in both codecam's pages and the floor's. */
export interface Levers {
  /** Viewer: RTCRtpReceiver.jitterBufferTarget (ms) on every video receiver. */
  jitterBufferTargetMs?: number;
  /** Camera: the video sender's degradationPreference, set once the connection is up. */
  degradationPreference?: "balanced" | "maintain-framerate" | "maintain-resolution";
  /** Camera: this codec first in the video transceivers' codec preferences ("VP8", "VP9", "H264", "AV1"). */
  codec?: string;
  /** Camera: x-google-start-bitrate (kbps) in the answer it applies, replacing any the page set. */
  startBitrateKbps?: number;
  /** Camera: the video sender's scaleResolutionDownBy, set once the connection is up (what a mode could change mid-call). */
  scaleResolutionDownBy?: number;
}

/** The strip the blocks sit in, as fractions of the frame, and the reading canvas: 8 px per block. */
function strip() {
  const all = blocks();
  const x0 = all[0]!.x / CLIP.width;
  const y0 = all[0]!.y / CLIP.height;
  const x1 = (all[BITS - 1]!.x + BLOCK) / CLIP.width;
  const y1 = (all[2 * BITS - 1]!.y + BLOCK) / CLIP.height;
  return { x0, y0, x1, y1, w: BITS * 8, h: 16 };
}

export function initScript(role: Role, levers: Levers): string {
  return `(() => {
  ${DECODE_JS}
  const role = ${JSON.stringify(role)};
  const levers = ${JSON.stringify(levers)};
  const S = ${JSON.stringify(strip())};
  const G = { role, levers, cam: [], view: [], pcs: [], errors: [], samples: [], applied: {}, tapped: 0, hooked: 0 };
  window.__glass = G;
  const origin = performance.timeOrigin;
  const now = () => origin + performance.now();
  const fail = (what, err) => { if (G.errors.length < 20) G.errors.push(what + ": " + (err && err.message ? err.message : String(err))); };

  // Reads the index from a picture: the block strip drawn into a small canvas, each block's centre averaged
  // over 2×2 pixels.
  let ctx = null;
  const read = (source, width, height) => {
    if (!width || !height) return -1;
    if (!ctx) ctx = new OffscreenCanvas(S.w, S.h).getContext("2d", { willReadFrequently: true });
    ctx.drawImage(source, S.x0 * width, S.y0 * height, (S.x1 - S.x0) * width, (S.y1 - S.y0) * height, 0, 0, S.w, S.h);
    const d = ctx.getImageData(0, 0, S.w, S.h).data;
    const levels = [];
    for (let row = 0; row < 2; row++)
      for (let bit = 0; bit < ${BITS}; bit++) {
        let sum = 0;
        for (const [dx, dy] of [[3, 3], [4, 3], [3, 4], [4, 4]]) {
          const o = ((row * 8 + dy) * S.w + bit * 8 + dx) * 4;
          sum += d[o] + d[o + 1] + d[o + 2];
        }
        levels.push(sum / 12);
      }
    const index = __glassDecode(levels);
    return index === null ? -1 : index;
  };

  // Camera: the frames as the page gets them.
  const tap = async (track) => {
    if (typeof MediaStreamTrackProcessor !== "function") return fail("tap", "no MediaStreamTrackProcessor");
    G.tapped++;
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const t = now();
      let index = -1;
      try { index = read(value, value.displayWidth, value.displayHeight); } catch (err) { fail("read", err); }
      const captured = value.timestamp / 1000;
      value.close();
      G.cam.push(index, t, captured);
    }
  };
  if (role === "camera" && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      const stream = await gum(c);
      for (const track of stream.getVideoTracks()) tap(track.clone()).catch((err) => fail("tap", err));
      return stream;
    };
  }

  // Viewer: every presented frame.
  if (role === "viewer") {
    const hooked = new WeakSet();
    const follow = (video) => {
      hooked.add(video);
      G.hooked++;
      const onFrame = (_now, m) => {
        const t = now();
        let index = -1;
        try { index = read(video, video.videoWidth, video.videoHeight); } catch (err) { fail("read", err); }
        G.view.push(index, origin + m.expectedDisplayTime, origin + m.presentationTime,
          m.receiveTime === undefined ? NaN : origin + m.receiveTime, m.rtpTimestamp === undefined ? NaN : m.rtpTimestamp,
          m.width, m.height, t);
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    };
    setInterval(() => {
      for (const v of document.querySelectorAll("video")) if (!hooked.has(v) && "requestVideoFrameCallback" in v) follow(v);
    }, 50);
  }

  // Every peer connection, with the levers under test.
  const munge = (sdp, kbps) => {
    const eol = sdp.includes("\\r\\n") ? "\\r\\n" : "\\n";
    const lines = sdp.split(eol);
    const pts = new Set();
    let video = false;
    for (const line of lines) {
      if (line.startsWith("m=")) video = line.startsWith("m=video ");
      const m = /^a=rtpmap:(\\d+) ([^/]+)\\/90000/.exec(line);
      if (video && m && !/^(rtx|red|ulpfec|flexfec-03)$/i.test(m[2])) pts.add(m[1]);
    }
    const has = new Set();
    const out = [];
    for (const line of lines) {
      const f = /^a=fmtp:(\\d+) (.*)$/.exec(line);
      if (f && pts.has(f[1])) {
        has.add(f[1]);
        const params = f[2].split(";").filter((p) => !/^\\s*x-google-start-bitrate=/.test(p));
        params.push("x-google-start-bitrate=" + kbps);
        out.push("a=fmtp:" + f[1] + " " + params.join(";"));
      } else out.push(line);
    }
    return out.flatMap((line) => {
      const m = /^a=rtpmap:(\\d+) /.exec(line);
      return m && pts.has(m[1]) && !has.has(m[1]) ? [line, "a=fmtp:" + m[1] + " x-google-start-bitrate=" + kbps] : [line];
    }).join(eol);
  };
  const preferCodec = (pc) => {
    const caps = RTCRtpSender.getCapabilities && RTCRtpSender.getCapabilities("video");
    if (!caps) return;
    const want = "video/" + levers.codec.toLowerCase();
    const first = caps.codecs.filter((c) => c.mimeType.toLowerCase() === want);
    if (!first.length) return fail("codec", levers.codec + " not available");
    const rest = caps.codecs.filter((c) => c.mimeType.toLowerCase() !== want);
    // By the transceiver's kind: codecam's link adds its senders before it has a track (then replaceTrack).
    for (const t of pc.getTransceivers())
      if (t.receiver.track.kind === "video" && t.direction !== "recvonly" && !t.__glassCodec) {
        t.__glassCodec = true;
        t.setCodecPreferences([...first, ...rest]);
        G.applied.codec = levers.codec;
      }
  };
  const Native = window.RTCPeerConnection;
  if (Native) {
    class GlassPc extends Native {
      constructor(...args) {
        super(...args);
        G.pcs.push(this);
        if (role === "viewer" && levers.jitterBufferTargetMs !== undefined)
          this.addEventListener("track", (e) => {
            if (e.track.kind !== "video") return;
            try { e.receiver.jitterBufferTarget = levers.jitterBufferTargetMs; G.applied.jitterBufferTarget = e.receiver.jitterBufferTarget; }
            catch (err) { fail("jitterBufferTarget", err); }
          });
        if (role === "camera" && (levers.degradationPreference || levers.scaleResolutionDownBy))
          this.addEventListener("connectionstatechange", () => {
            if (this.connectionState !== "connected") return;
            for (const s of this.getSenders()) {
              if (!s.track || s.track.kind !== "video") continue;
              const p = s.getParameters();
              if (levers.degradationPreference) p.degradationPreference = levers.degradationPreference;
              if (levers.scaleResolutionDownBy && p.encodings && p.encodings[0]) p.encodings[0].scaleResolutionDownBy = levers.scaleResolutionDownBy;
              s.setParameters(p).then(() => {
                const q = s.getParameters();
                if (levers.degradationPreference) G.applied.degradationPreference = q.degradationPreference;
                if (levers.scaleResolutionDownBy) G.applied.scaleResolutionDownBy = q.encodings && q.encodings[0] && q.encodings[0].scaleResolutionDownBy;
              }, (err) => fail("setParameters", err));
            }
          });
      }
      async createOffer(...args) {
        if (role === "camera" && levers.codec) preferCodec(this);
        return super.createOffer(...args);
      }
      async setRemoteDescription(d) {
        if (role === "camera" && levers.startBitrateKbps && d && d.type === "answer" && d.sdp) {
          G.applied.startBitrateKbps = levers.startBitrateKbps;
          return super.setRemoteDescription({ type: d.type, sdp: munge(d.sdp, levers.startBitrateKbps) });
        }
        return super.setRemoteDescription(d);
      }
    }
    window.RTCPeerConnection = GlassPc;
  }

  // The figures getStats gives, for the report: the video stream, its codec and the path it takes.
  const KEEP = ["frameWidth", "frameHeight", "framesPerSecond", "framesDecoded", "framesDropped", "framesReceived",
    "freezeCount", "totalFreezesDuration", "pauseCount", "totalPausesDuration", "jitterBufferDelay",
    "jitterBufferTargetDelay", "jitterBufferMinimumDelay", "jitterBufferEmittedCount", "totalDecodeTime",
    "totalProcessingDelay", "totalAssemblyTime", "framesAssembledFromMultiplePackets", "bytesReceived",
    "packetsReceived", "packetsLost", "nackCount", "pliCount", "firCount", "keyFramesDecoded", "framesEncoded",
    "keyFramesEncoded", "totalEncodeTime", "totalPacketSendDelay", "packetsSent", "bytesSent",
    "retransmittedPacketsSent", "qualityLimitationReason", "qualityLimitationDurations", "targetBitrate",
    "encoderImplementation", "decoderImplementation", "powerEfficientEncoder", "hugeFramesSent", "timestamp"];
  window.__glassStats = async () => {
    const out = [];
    for (const pc of G.pcs) {
      if (pc.connectionState !== "connected") continue;
      const reports = new Map();
      (await pc.getStats()).forEach((r) => reports.set(r.id, r));
      const entry = {};
      for (const r of reports.values()) {
        if ((r.type === "inbound-rtp" || r.type === "outbound-rtp") && r.kind === "video") {
          const keep = {};
          for (const k of KEEP) if (r[k] !== undefined) keep[k] = r[k];
          const codec = reports.get(r.codecId);
          if (codec) keep.codec = codec.mimeType + (codec.sdpFmtpLine ? " " + codec.sdpFmtpLine : "");
          entry[r.type] = keep;
        }
        if (r.type === "transport" && r.selectedCandidatePairId) {
          const pair = reports.get(r.selectedCandidatePairId);
          if (pair) {
            const local = reports.get(pair.localCandidateId);
            const remote = reports.get(pair.remoteCandidateId);
            entry.path = {
              local: local ? local.address + ":" + local.port + " " + local.protocol + " " + local.candidateType : "?",
              remote: remote ? remote.address + ":" + remote.port + " " + remote.candidateType : "?",
              rttMs: pair.currentRoundTripTime === undefined ? null : pair.currentRoundTripTime * 1000,
              availableOutgoingBitrate: pair.availableOutgoingBitrate ?? null,
            };
          }
        }
      }
      if (entry["inbound-rtp"] || entry["outbound-rtp"]) out.push(entry);
    }
    return out;
  };
  // Once a second: what is delivered (the viewer) or sent (the camera), to follow resolution and rate over time.
  setInterval(() => {
    window.__glassStats().then((all) => {
      const e = all[0];
      const r = e && (e["inbound-rtp"] || e["outbound-rtp"]);
      if (r) G.samples.push({ t: now(), w: r.frameWidth, h: r.frameHeight, fps: r.framesPerSecond,
        limit: r.qualityLimitationReason, kbpsTarget: r.targetBitrate ? r.targetBitrate / 1000 : undefined });
    }, (err) => fail("stats", err));
  }, 1000);
})();`;
}
