// The phone's side of Low delay with stand-ins for Broadcast and the links: who is heard, which link's sender
// changes, and a camera change re-applying the factor.
import { describe, expect, it, vi } from "vitest";
import { Emitter } from "../lib/emitter.js";
import type { Broadcast, BroadcastEvents } from "../lib/rtc/broadcast.js";
import type { LinkMessage } from "../lib/rtc/link-messages.js";
import type { PeerLink, PeerLinkEvents } from "../lib/rtc/peer-link.js";
import { LowDelayHost } from "./low-delay-host.js";

/** A video sender with one encoding; what the host set, as the scale of each setParameters. */
class FakeSender {
  params: RTCRtpSendParameters = {
    transactionId: "1",
    encodings: [{}],
    codecs: [],
    headerExtensions: [],
    rtcp: {},
  };
  readonly scales: Array<number | undefined> = [];
  getParameters(): RTCRtpSendParameters {
    return structuredClone(this.params);
  }
  async setParameters(params: RTCRtpSendParameters): Promise<void> {
    this.params = structuredClone(params);
    this.scales.push(params.encodings[0]?.scaleResolutionDownBy);
  }
}

class FakeLink extends Emitter<PeerLinkEvents> {
  readonly video = new FakeSender();
  constructor(public mediaAllowed: boolean) {
    super();
  }
  sender(kind: string): FakeSender | undefined {
    return kind === "video" ? this.video : undefined;
  }
  deliver(msg: LinkMessage): void {
    this.emit("message", msg);
  }
  close(): void {
    this.emit("closed", { reason: "closed", wasConnected: true });
  }
}

class FakeBroadcast extends Emitter<BroadcastEvents> {
  readonly links = new Map<string, FakeLink>();
  linkTo(id: string): PeerLink | undefined {
    return this.links.get(id) as unknown as PeerLink | undefined;
  }
  connect(id: string, allowed: boolean): FakeLink {
    const link = new FakeLink(allowed);
    this.links.set(id, link);
    this.emit("link", id, link as unknown as PeerLink);
    return link;
  }
}

function setup() {
  const broadcast = new FakeBroadcast();
  let height: number | undefined = 720;
  const onChange = vi.fn();
  const host = new LowDelayHost({
    broadcast: broadcast as unknown as Pick<Broadcast, "on" | "linkTo">,
    height: () => height,
    onChange,
  });
  host.refresh();
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { broadcast, host, onChange, settle, setHeight: (h: number | undefined) => (height = h) };
}

const LOW = { t: "delay-mode", low: true } as const;
const NORMAL = { t: "delay-mode", low: false } as const;

describe("LowDelayHost", () => {
  it("puts an allowed laptop's own link in low delay and back, leaving the other laptop's link alone", async () => {
    const { broadcast, host, onChange, settle } = setup();
    const a = broadcast.connect("a", true);
    const b = broadcast.connect("b", true);
    a.deliver(LOW);
    await settle();
    expect(a.video.scales).toEqual([2]);
    expect(a.video.params.degradationPreference).toBe("maintain-framerate");
    expect(b.video.scales).toEqual([]);
    expect(host.viewers).toEqual(["a"]);
    expect(onChange).toHaveBeenCalled();
    a.deliver(NORMAL);
    await settle();
    expect(a.video.scales).toEqual([2, 1]);
    expect(host.viewers).toEqual([]);
  });

  it("ignores the request of a laptop nobody allowed", async () => {
    const { broadcast, host, onChange, settle } = setup();
    const stranger = broadcast.connect("s", false);
    stranger.deliver(LOW);
    await settle();
    expect(stranger.video.scales).toEqual([]);
    expect(host.viewers).toEqual([]);
    expect(onChange).not.toHaveBeenCalled();
    // Once allowed, the laptop says its setting again, and that one is heard.
    stranger.mediaAllowed = true;
    stranger.deliver(LOW);
    await settle();
    expect(stranger.video.scales).toEqual([2]);
  });

  it("ignores a request on a link that is no longer the viewer's (replaced after a reconnect)", async () => {
    const { broadcast, settle } = setup();
    const old = broadcast.connect("a", true);
    broadcast.connect("a", true);
    old.deliver(LOW);
    await settle();
    expect(old.video.scales).toEqual([]);
  });

  it("changes the sender only when the setting changes, though the laptop repeats it", async () => {
    const { broadcast, settle } = setup();
    const a = broadcast.connect("a", true);
    a.deliver(NORMAL);
    a.deliver(LOW);
    a.deliver(LOW);
    await settle();
    expect(a.video.scales).toEqual([2]);
  });

  it("works the factor out again when the camera's height changes, for the links in low delay only", async () => {
    const { broadcast, host, settle, setHeight } = setup();
    const a = broadcast.connect("a", true);
    const b = broadcast.connect("b", true);
    a.deliver(LOW);
    await settle();
    setHeight(1080);
    host.refresh();
    await settle();
    expect(a.video.scales).toEqual([2, 3]);
    expect(b.video.scales).toEqual([]);
    // The same height again (another render) changes nothing; the camera off (no track) neither.
    host.refresh();
    setHeight(undefined);
    host.refresh();
    await settle();
    expect(a.video.scales).toEqual([2, 3]);
  });

  it("forgets a viewer whose link closed", async () => {
    const { broadcast, host, settle } = setup();
    const a = broadcast.connect("a", true);
    a.deliver(LOW);
    await settle();
    a.close();
    expect(host.viewers).toEqual([]);
  });
});
