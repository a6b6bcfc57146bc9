import { describe, expect, it } from "vitest";
import { withStartBitrate } from "./start-bitrate.js";

/** The shape of a Chromium answer: audio, video with VP8 (no fmtp), VP9, H264 and their rtx, then data. */
const ANSWER = [
  "v=0",
  "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
  "m=audio 9 UDP/TLS/RTP/SAVPF 111",
  "a=rtpmap:111 opus/48000/2",
  "a=fmtp:111 minptime=10;useinbandfec=1",
  "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 102 103",
  "a=rtpmap:96 VP8/90000",
  "a=rtcp-fb:96 nack pli",
  "a=rtpmap:97 rtx/90000",
  "a=fmtp:97 apt=96",
  "a=rtpmap:98 VP9/90000",
  "a=fmtp:98 profile-id=0",
  "a=rtpmap:99 rtx/90000",
  "a=fmtp:99 apt=98",
  "a=rtpmap:102 H264/90000",
  "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f",
  "a=rtpmap:103 red/90000",
  "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
  "",
].join("\r\n");

describe("withStartBitrate", () => {
  it("adds the start bitrate to every video codec, with an fmtp line for VP8 right after its rtpmap", () => {
    const lines = withStartBitrate(ANSWER, 1000).split("\r\n");
    expect(lines.slice(lines.indexOf("a=rtpmap:96 VP8/90000"), lines.indexOf("a=rtpmap:96 VP8/90000") + 2)).toEqual([
      "a=rtpmap:96 VP8/90000",
      "a=fmtp:96 x-google-start-bitrate=1000",
    ]);
    expect(lines).toContain("a=fmtp:98 profile-id=0;x-google-start-bitrate=1000");
    expect(lines).toContain(
      "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f;x-google-start-bitrate=1000",
    );
  });

  it("leaves audio, retransmission and redundancy formats and the line endings alone", () => {
    const sdp = withStartBitrate(ANSWER, 1000);
    expect(sdp).toContain("a=fmtp:111 minptime=10;useinbandfec=1\r\n");
    expect(sdp).toContain("a=fmtp:97 apt=96\r\n");
    expect(sdp).toContain("a=fmtp:99 apt=98\r\n");
    expect(sdp).not.toContain("a=fmtp:103");
    expect(sdp.endsWith("webrtc-datachannel\r\n")).toBe(true);
    expect(sdp.split("\r\n").length - ANSWER.split("\r\n").length).toBe(1);
  });

  it("is idempotent, so a renegotiated answer keeps one start bitrate", () => {
    const once = withStartBitrate(ANSWER, 1000);
    expect(withStartBitrate(once, 1000)).toBe(once);
  });
});
