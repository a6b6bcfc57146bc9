// A small, well-formed but fake SDP offer: enough to watch the server relay an offer without opening a camera.
import type { SessionDescription } from "../../signaling/protocol.js";

/**
 * One video m-line, no ICE candidates, no media behind it. A real peer would fail to answer it usefully,
 * which is the point: it tests the relay, not WebRTC.
 */
export function buildTestOffer(sessionId = randomSessionId()): SessionDescription<"offer"> {
  const lines = [
    "v=0",
    `o=- ${sessionId} 2 IN IP4 127.0.0.1`,
    "s=codecam-socket-test",
    "t=0 0",
    "a=group:BUNDLE 0",
    "a=msid-semantic: WMS",
    "m=video 9 UDP/TLS/RTP/SAVPF 96",
    "c=IN IP4 0.0.0.0",
    "a=rtcp:9 IN IP4 0.0.0.0",
    "a=ice-ufrag:test",
    "a=ice-pwd:codecamsockettestpassword",
    "a=fingerprint:sha-256 " + Array.from({ length: 32 }, () => "00").join(":"),
    "a=setup:actpass",
    "a=mid:0",
    "a=sendonly",
    "a=rtcp-mux",
    "a=rtpmap:96 VP8/90000",
  ];
  return { type: "offer", sdp: lines.join("\r\n") + "\r\n" };
}

function randomSessionId(): string {
  const digits = new Uint32Array(2);
  crypto.getRandomValues(digits);
  return `${digits[0]}${digits[1]}`;
}
