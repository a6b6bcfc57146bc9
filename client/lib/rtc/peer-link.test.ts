import { describe, expect, it } from "vitest";
import { sdpSessionId } from "./peer-link.js";

describe("sdpSessionId", () => {
  it("reads the session id from the origin line, which stays the same across renegotiations", () => {
    const sdp = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n";
    expect(sdpSessionId(sdp)).toBe("4611731400430051336");
    expect(sdpSessionId(sdp.replace(" 2 IN", " 3 IN"))).toBe("4611731400430051336");
  });

  it("is undefined for an SDP without an origin line", () => {
    expect(sdpSessionId("v=0\r\ns=-\r\n")).toBeUndefined();
  });
});
