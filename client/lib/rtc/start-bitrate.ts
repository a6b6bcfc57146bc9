// The bitrate a video sender starts at, set through the remote description's codec parameters (Chromium).

/**
 * Chromium starts every call's bandwidth estimate at 300 kbps, and with less than 300 kbps for video it
 * treats anything larger than 320×240 as too big to start with: it drops the first frames and steps the
 * resolution down, one dropped frame at a time, before it encodes one. For a 720p camera that was over 100 ms
 * of waiting (bench firstframe) and a 320×180 first picture. From 500 kbps on it starts at the camera's
 * resolution. A LAN carries this easily, and the estimate still comes down within a second where the path
 * cannot.
 */
export const START_BITRATE_KBPS = 1_000;

/** Payload formats in a video section that carry no picture of their own (retransmission, redundancy, FEC). */
const HELPER_CODECS = new Set(["rtx", "red", "ulpfec", "flexfec-03"]);

/**
 * `sdp` with `x-google-start-bitrate=<kbps>` on every video codec, for the sending side's
 * setRemoteDescription: Chromium reads it from the negotiated send codec's parameters. Other browsers ignore
 * parameters they do not know (RFC 4566 fmtp), so the SDP stays valid everywhere.
 */
export function withStartBitrate(sdp: string, kbps: number): string {
  const eol = sdp.includes("\r\n") ? "\r\n" : "\n";
  const lines = sdp.split(eol);
  const codecs = new Set<string>();
  let video = false;
  for (const line of lines) {
    if (line.startsWith("m=")) video = line.startsWith("m=video ");
    const rtpmap = /^a=rtpmap:(\d+) ([^/]+)\/90000/.exec(line);
    if (video && rtpmap && !HELPER_CODECS.has(rtpmap[2]!.toLowerCase())) codecs.add(rtpmap[1]!);
  }
  const param = `x-google-start-bitrate=${kbps}`;
  const withFmtp = new Set<string>();
  const out = lines.map((line) => {
    const fmtp = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (!fmtp || !codecs.has(fmtp[1]!)) return line;
    withFmtp.add(fmtp[1]!);
    return /(^|;)\s*x-google-start-bitrate=/.test(fmtp[2]!) ? line : `${line};${param}`;
  });
  // A codec without parameters (VP8) has no fmtp line: give it one right after its rtpmap.
  return out
    .flatMap((line) => {
      const rtpmap = /^a=rtpmap:(\d+) /.exec(line);
      const pt = rtpmap?.[1];
      return pt && codecs.has(pt) && !withFmtp.has(pt) ? [line, `a=fmtp:${pt} ${param}`] : [line];
    })
    .join(eol);
}
