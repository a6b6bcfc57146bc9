import { describe, expect, it } from "vitest";
import { type FrameSource, watchFrameProgress } from "./frame-progress.js";

/** A <video> as each browser reports a live stream: frames are presented by calling `present()`. */
function fakeVideo(opts: { rvfc: boolean; countsDecoded: boolean }) {
  let callbacks: (() => void)[] = [];
  const video = {
    currentTime: 0,
    decoded: 0,
    getVideoPlaybackQuality: () => ({ totalVideoFrames: opts.countsDecoded ? video.decoded : 0 }),
    ...(opts.rvfc
      ? {
          requestVideoFrameCallback(cb: () => void) {
            callbacks.push(cb);
            return callbacks.length;
          },
        }
      : {}),
    /** A frame arrives: decoded, presented (the callbacks run once, as in a browser), the clock moves on. */
    present() {
      video.decoded += 1;
      video.currentTime += 1 / 30;
      const due = callbacks;
      callbacks = [];
      for (const cb of due) cb();
    },
  };
  return video satisfies FrameSource;
}

describe("watchFrameProgress", () => {
  it("sees Firefox's live frames, which getVideoPlaybackQuality never counts", () => {
    const video = fakeVideo({ rvfc: true, countsDecoded: false });
    const progressed = watchFrameProgress(video);
    video.present();
    expect(progressed()).toBe(true);
    video.present();
    video.present();
    expect(progressed()).toBe(true);
  });

  it("says no once the frames stop, and yes again when they come back", () => {
    const video = fakeVideo({ rvfc: true, countsDecoded: false });
    const progressed = watchFrameProgress(video);
    video.present();
    expect(progressed()).toBe(true);
    expect(progressed()).toBe(false);
    expect(progressed()).toBe(false);
    video.present();
    expect(progressed()).toBe(true);
  });

  it("says no before the first frame", () => {
    const video = fakeVideo({ rvfc: true, countsDecoded: true });
    expect(watchFrameProgress(video)()).toBe(false);
  });

  it("counts decoded frames where nothing is presented (a Chromium tab in the background)", () => {
    const video = fakeVideo({ rvfc: true, countsDecoded: true });
    const progressed = watchFrameProgress(video);
    video.decoded += 5;
    expect(progressed()).toBe(true);
    expect(progressed()).toBe(false);
  });

  it("does not take a running clock for a moving picture where frames can be counted", () => {
    // A frozen picture with live sound: the stream's position keeps moving on the audio.
    const video = fakeVideo({ rvfc: true, countsDecoded: false });
    const progressed = watchFrameProgress(video);
    video.currentTime += 2;
    expect(progressed()).toBe(false);
  });

  it("falls back to the playback position in a browser without requestVideoFrameCallback", () => {
    const video = fakeVideo({ rvfc: false, countsDecoded: false });
    const progressed = watchFrameProgress(video);
    expect(progressed()).toBe(false);
    video.present();
    expect(progressed()).toBe(true);
    expect(progressed()).toBe(false);
  });

  it("takes a count that falls (a new stream on the element) as a new start, then sees its frames", () => {
    const video = fakeVideo({ rvfc: false, countsDecoded: true });
    const progressed = watchFrameProgress(video);
    for (let i = 0; i < 10; i++) video.present();
    expect(progressed()).toBe(true);
    video.decoded = 0;
    video.currentTime = 0;
    expect(progressed()).toBe(false);
    video.present();
    expect(progressed()).toBe(true);
  });

  it("works on an element with none of the frame APIs, reading only the position", () => {
    const video = { currentTime: 0 };
    const progressed = watchFrameProgress(video);
    video.currentTime = 0.5;
    expect(progressed()).toBe(true);
  });
});
