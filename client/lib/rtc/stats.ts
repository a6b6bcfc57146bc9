// Turns RTCPeerConnection.getStats() reports into the few numbers a person can read: resolution, frame rate,
// bitrate, round-trip time, codec, and whether the path is direct or relayed through TURN.

export interface StatsSummary {
  width?: number | undefined;
  height?: number | undefined;
  fps?: number | undefined;
  /** Kilobits per second of video since the previous sample. */
  kbps?: number | undefined;
  rttMs?: number | undefined;
  codec?: string | undefined;
  /** direct: host/srflx/prflx candidates; relayed: through a TURN server. */
  route?: "direct" | "relayed" | undefined;
  /** e.g. "host ↔ host" */
  candidates?: string | undefined;
  packetsLost?: number | undefined;
  bytes?: number | undefined;
  timestamp?: number | undefined;
}

type Report = RTCStats & Record<string, unknown>;

/**
 * Summarizes one stats sample. `direction` picks the video RTP stream to read ("inbound" on the viewer,
 * "outbound" on the camera); `previous` (the last summary) turns byte counters into a bitrate.
 */
export function summarizeStats(
  reports: RTCStats[],
  direction: "inbound" | "outbound",
  previous?: StatsSummary,
): StatsSummary {
  const byId = new Map<string, Report>();
  for (const r of reports) byId.set(r.id, r as Report);
  const all = [...byId.values()];
  const rtp = all.find((r) => r.type === `${direction}-rtp` && (r.kind ?? r.mediaType) === "video");
  const summary: StatsSummary = {};
  if (rtp) {
    summary.width = num(rtp.frameWidth);
    summary.height = num(rtp.frameHeight);
    summary.fps = num(rtp.framesPerSecond);
    summary.packetsLost = num(rtp.packetsLost);
    summary.bytes = num(direction === "inbound" ? rtp.bytesReceived : rtp.bytesSent);
    summary.timestamp = rtp.timestamp;
    const codec = typeof rtp.codecId === "string" ? byId.get(rtp.codecId) : undefined;
    if (typeof codec?.mimeType === "string") summary.codec = codec.mimeType.replace(/^video\//i, "");
    if (previous?.bytes !== undefined && previous.timestamp !== undefined && summary.bytes !== undefined) {
      const seconds = (rtp.timestamp - previous.timestamp) / 1000;
      if (seconds > 0) summary.kbps = Math.max(0, ((summary.bytes - previous.bytes) * 8) / 1000 / seconds);
    }
  }
  const pair = selectedPair(all, byId);
  if (pair) {
    const rtt = num(pair.currentRoundTripTime);
    if (rtt !== undefined) summary.rttMs = rtt * 1000;
    const local = byId.get(String(pair.localCandidateId));
    const remote = byId.get(String(pair.remoteCandidateId));
    const types = [local?.candidateType, remote?.candidateType].map((t) => (typeof t === "string" ? t : "?"));
    summary.candidates = `${types[0]} ↔ ${types[1]}`;
    summary.route = types.includes("relay") ? "relayed" : "direct";
  }
  return summary;
}

/** The candidate pair in use: the transport's selectedCandidatePairId (spec), else the nominated succeeded one. */
function selectedPair(all: Report[], byId: Map<string, Report>): Report | undefined {
  for (const t of all) {
    if (t.type === "transport" && typeof t.selectedCandidatePairId === "string") {
      const pair = byId.get(t.selectedCandidatePairId);
      if (pair) return pair;
    }
  }
  return all.find((r) => r.type === "candidate-pair" && r.nominated === true && r.state === "succeeded");
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/**
 * The summary as label/value rows for an overlay; `delay`, when given, is the glass-to-glass row's text
 * (delay/frame-match.ts formatDelay).
 */
export function statsRows(s: StatsSummary, delay?: string): Array<[string, string]> {
  const dash = "–";
  return [
    ...(delay === undefined ? [] : ([["Delay", delay]] as Array<[string, string]>)),
    ["Resolution", s.width && s.height ? `${s.width}×${s.height}` : dash],
    ["Frame rate", s.fps !== undefined ? `${Math.round(s.fps)} fps` : dash],
    ["Bitrate", s.kbps !== undefined ? formatKbps(s.kbps) : dash],
    ["Round trip", s.rttMs !== undefined ? `${Math.round(s.rttMs)} ms` : dash],
    ["Codec", s.codec ?? dash],
    ["Path", s.route ? `${s.route === "direct" ? "Direct" : "Relayed (TURN)"} · ${s.candidates}` : dash],
    ["Packets lost", s.packetsLost !== undefined ? String(s.packetsLost) : dash],
  ];
}

function formatKbps(kbps: number): string {
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mbps` : `${Math.round(kbps)} kbps`;
}
