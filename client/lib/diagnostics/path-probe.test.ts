// Which offers the answering side of the path check takes as a probe: only data-channel-only ones.
import { describe, expect, it } from "vitest";
import { isProbeOffer } from "./path-probe.js";

const sdp = (...media: string[]) =>
  ["v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", ...media.flatMap((m) => [m, "c=IN IP4 0.0.0.0"])].join("\r\n") +
  "\r\n";

describe("isProbeOffer", () => {
  it("is true for an offer with one data channel and no media (what a probe sends)", () => {
    expect(isProbeOffer(sdp("m=application 9 UDP/DTLS/SCTP webrtc-datachannel"))).toBe(true);
  });

  it("is false for the app's camera (video, audio and simple-peer's data channel) and the fake test offer", () => {
    const camera = sdp(
      "m=video 9 UDP/TLS/RTP/SAVPF 96",
      "m=audio 9 UDP/TLS/RTP/SAVPF 111",
      "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
    );
    expect(isProbeOffer(camera)).toBe(false);
    expect(isProbeOffer(sdp("m=video 9 UDP/TLS/RTP/SAVPF 96"))).toBe(false);
  });

  it("is false for something without any media line", () => {
    expect(isProbeOffer("")).toBe(false);
    expect(isProbeOffer("v=0\r\ns=codecam-socket-test\r\n")).toBe(false);
  });
});
