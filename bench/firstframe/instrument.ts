// What the pages record for the first-frame figure: an init script that marks join_room_success, the first video
// frame and the milestones before it inside each page, and the read-back of those marks with the page's timings.
import type { Page } from "playwright-core";

export interface Marks {
  jsBytes?: number;
  cssBytes?: number;
  events: Record<string, number>;
  counts: Record<string, number>;
  joinAt: number | null;
  frameAt: number | null;
  frameHow: string | null;
  frameSize: [number, number] | null;
  timeOrigin: number;
}

/**
 * Runs in every page before its scripts: records join_room_success and the first video frame in window.__bench.
 * Plain JavaScript in a string: a TypeScript function would be serialized as tsx compiled it (with helpers such
 * as __name that do not exist in the page).
 */
export const INSTRUMENT = `(() => {
  const marks = { joinAt: null, frameAt: null, frameHow: null, frameSize: null, timeOrigin: performance.timeOrigin, events: {}, counts: {} };
  window.__bench = marks;
  const now = () => performance.timeOrigin + performance.now();
  // First time each milestone happens (epoch ms), and how often: the first-frame breakdown.
  const mark = (name) => {
    marks.counts[name] = (marks.counts[name] || 0) + 1;
    if (!(name in marks.events)) marks.events[name] = now();
  };
  const eventOf = (data) => {
    if (typeof data !== "string") return null;
    const m = /^4([23])\\d*\\[(?:"([a-z_]+)")?/.exec(data);
    return m ? (m[1] === "3" ? "ack" : m[2]) : null;
  };
  const Native = window.WebSocket;
  class BenchWebSocket extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      mark("ws: new");
      this.addEventListener("open", () => mark("ws: open"));
      this.addEventListener("message", (e) => {
        // join_room_success, as an event or as the join_room ack: the only reply that carries a token.
        if (marks.joinAt === null && typeof e.data === "string" && e.data.includes('"ok":true') && e.data.includes('"token"')) {
          marks.joinAt = now();
          mark("joined");
        }
        const ev = eventOf(e.data);
        if (ev) mark("recv " + ev);
      });
    }
    send(data) {
      const ev = eventOf(data);
      if (ev) mark("send " + ev);
      return super.send(data);
    }
  }
  window.WebSocket = BenchWebSocket;
  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      mark("getUserMedia: called");
      const stream = await gum(c);
      mark("getUserMedia: resolved");
      return stream;
    };
  }
  if (window.RTCPeerConnection) {
    const NativePc = window.RTCPeerConnection;
    class BenchPc extends NativePc {
      constructor(...args) {
        super(...args);
        mark("pc: created");
        this.addEventListener("connectionstatechange", () => mark("pc: " + this.connectionState));
        this.addEventListener("track", (e) => mark("pc: track " + e.track.kind));
      }
      async setRemoteDescription(d) {
        if (d && d.type) mark("pc: setRemoteDescription " + d.type);
        return super.setRemoteDescription(d);
      }
    }
    window.RTCPeerConnection = BenchPc;
  }
  document.addEventListener("DOMContentLoaded", () => mark("page: DOMContentLoaded"));
  window.addEventListener("load", () => mark("page: load"));
  const frame = (how, width, height) => {
    if (marks.frameAt !== null) return;
    marks.frameAt = now();
    marks.frameHow = how;
    marks.frameSize = [width, height];
    mark("video: first frame");
  };
  const hooked = new WeakSet();
  const timer = setInterval(() => {
    for (const v of Array.from(document.querySelectorAll("video"))) {
      if (!hooked.has(v)) {
        hooked.add(v);
        if ("requestVideoFrameCallback" in v) {
          v.requestVideoFrameCallback((_t, meta) => frame("requestVideoFrameCallback", meta.width, meta.height));
        }
        v.addEventListener("loadedmetadata", () => mark("video: loadedmetadata"));
      }
      const decoded = v.getVideoPlaybackQuality ? v.getVideoPlaybackQuality().totalVideoFrames : 0;
      if (decoded > 0 && v.videoWidth > 0) frame("getVideoPlaybackQuality", v.videoWidth, v.videoHeight);
    }
    if (marks.frameAt !== null) clearInterval(timer);
  }, 5);
})();`;

export async function marks(page: Page): Promise<Marks> {
  const m = await page.evaluate(() => {
    const bench = (window as unknown as { __bench: Marks }).__bench;
    // Navigation and resource timing (ms after timeOrigin): where page loading time goes.
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const res = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const scripts = res.filter((r) => r.initiatorType === "script" || r.name.endsWith(".js"));
    return {
      bench,
      nav: nav
        ? { responseStart: nav.responseStart, responseEnd: nav.responseEnd, domInteractive: nav.domInteractive }
        : undefined,
      scriptsEnd: scripts.length ? Math.max(...scripts.map((r) => r.responseEnd)) : undefined,
      jsBytes: res.filter((r) => r.name.endsWith(".js")).reduce((n, r) => n + (r.encodedBodySize || 0), 0),
      cssBytes: res.filter((r) => r.name.endsWith(".css")).reduce((n, r) => n + (r.encodedBodySize || 0), 0),
    };
  });
  const add = (name: string, offset: number | undefined) => {
    if (offset !== undefined && offset > 0) m.bench.events[name] = m.bench.timeOrigin + offset;
  };
  add("nav: first byte of HTML", m.nav?.responseStart);
  add("nav: HTML loaded", m.nav?.responseEnd);
  add("nav: scripts loaded", m.scriptsEnd);
  add("nav: DOM interactive", m.nav?.domInteractive);
  m.bench.counts["nav: scripts loaded"] = m.jsBytes;
  m.bench.jsBytes = m.jsBytes;
  m.bench.cssBytes = m.cssBytes;
  return m.bench;
}
