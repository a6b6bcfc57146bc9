// How much media arrived on a connection, from its getStats() reports: the numbers that prove a picture really
// crossed it (frames decoded, bytes received). Pure.

export interface MediaReceived {
  /** Video frames the receiver decoded (0 when none, or no video stream yet). */
  framesDecoded: number;
  /** Bytes of RTP payload received, video and audio together. */
  bytesReceived: number;
  width?: number;
  height?: number;
}

export function mediaReceived(stats: Iterable<unknown>): MediaReceived {
  const out: MediaReceived = { framesDecoded: 0, bytesReceived: 0 };
  for (const value of stats) {
    if (typeof value !== "object" || value === null) continue;
    const r = value as Record<string, unknown>;
    if (r.type !== "inbound-rtp") continue;
    out.bytesReceived += count(r.bytesReceived);
    if ((r.kind ?? r.mediaType) !== "video") continue;
    out.framesDecoded += count(r.framesDecoded);
    if (count(r.frameWidth) > 0 && count(r.frameHeight) > 0) {
      out.width = count(r.frameWidth);
      out.height = count(r.frameHeight);
    }
  }
  return out;
}

function count(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 0;
}
