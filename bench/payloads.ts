// The signaling payloads the bench sends: an ICE candidate line of the usual size and SDP blobs of a fixed size.
// Every target carries the same strings, so message sizes only differ by each protocol's own envelope.

/** A typical srflx candidate line (~150 characters); the whole ice_candidate message is ~200-250 bytes. */
export const CANDIDATE_LINE =
  "candidate:842163049 1 udp 1677729535 203.0.113.23 56143 typ srflx raddr 10.0.0.5 rport 56143 generation 0 ufrag sTRk network-id 1 network-cost 10";

export const CANDIDATE = { candidate: CANDIDATE_LINE, sdpMid: "0", sdpMLineIndex: 0 } as const;

const SDP_LINES = [
  "v=0",
  "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "a=group:BUNDLE 0",
  "a=extmap-allow-mixed",
  "a=msid-semantic: WMS 1f0d2f56-8d7e-4e0c-9d0b-6f6f1d2c9a11",
  "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 102 103 104 105 106 107 108 109 127 125 39 40 45 46 98 99",
  "c=IN IP4 0.0.0.0",
  "a=rtcp:9 IN IP4 0.0.0.0",
  "a=ice-ufrag:sTRk",
  "a=ice-pwd:8Kz1b0c5m1Q0l8r7y2w8n9x3",
  "a=ice-options:trickle",
  "a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08",
  "a=setup:actpass",
  "a=mid:0",
];
const SDP_FILLER = [
  "a=rtpmap:96 VP8/90000",
  "a=rtcp-fb:96 goog-remb",
  "a=rtcp-fb:96 transport-cc",
  "a=rtcp-fb:96 ccm fir",
  "a=rtcp-fb:96 nack",
  "a=rtcp-fb:96 nack pli",
  "a=rtpmap:97 rtx/90000",
  "a=fmtp:97 apt=96",
  "a=rtpmap:102 H264/90000",
  "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f",
  "a=extmap:1 urn:ietf:params:rtp-hdrext:toffset",
  "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
];

/** An SDP-looking string of exactly `bytes` ASCII characters (CRLF line ends, as browsers produce). */
export function makeSdp(bytes: number): string {
  const lines = [...SDP_LINES];
  let size = lines.reduce((n, l) => n + l.length + 2, 0);
  for (let i = 0; size < bytes; i++) {
    const line = SDP_FILLER[i % SDP_FILLER.length]!;
    lines.push(line);
    size += line.length + 2;
  }
  return (lines.join("\r\n") + "\r\n").slice(0, bytes);
}
