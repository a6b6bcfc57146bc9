// Whether a <video> has shown a new frame since the last look: the viewer's frozen-picture check reads it.
// Firefox never counts a live stream's frames in getVideoPlaybackQuality() (totalVideoFrames stays 0), so that
// count alone made every Firefox laptop say "The picture stopped" over live video.

/** What this module reads of an HTMLVideoElement (the unit tests pass a plain object). */
export interface FrameSource {
  readonly currentTime: number;
  getVideoPlaybackQuality?(): { totalVideoFrames: number };
  requestVideoFrameCallback?(callback: () => void): number;
}

/**
 * Starts watching `video` and returns a reader that says whether a new frame came since its previous call.
 * Any one witness is enough:
 * - frames presented (requestVideoFrameCallback): Chromium, Safari, Firefox 132 and later;
 * - frames decoded (getVideoPlaybackQuality().totalVideoFrames): Chromium counts them even in a background tab,
 *   where nothing is presented; Firefox leaves it at 0 for a live stream;
 * - only in a browser without requestVideoFrameCallback: the playback position (currentTime) moving on. It is the
 *   weakest witness, since a live stream's clock can keep running on its sound while the picture is frozen.
 * A count that falls (a new stream on the element) is a new starting point, not a frame.
 */
export function watchFrameProgress(video: FrameSource): () => boolean {
  let presented = 0;
  const onFrame = () => {
    presented += 1;
    video.requestVideoFrameCallback?.(onFrame);
  };
  const canPresent = typeof video.requestVideoFrameCallback === "function";
  if (canPresent) video.requestVideoFrameCallback?.(onFrame);

  const readings = () => ({
    presented,
    decoded: video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0,
    position: canPresent ? 0 : video.currentTime,
  });
  let last = readings();
  return () => {
    const now = readings();
    const progressed = now.presented > last.presented || now.decoded > last.decoded || now.position > last.position;
    last = now;
    return progressed;
  };
}
