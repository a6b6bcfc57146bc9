// Low delay on one link's video sender (issue 20, item 5): fewer lines sent means less to encode, send and decode
// on a busy phone or a slow link, so frames reach the laptop sooner, at a softer picture. The camera's track is
// left as it is: other laptops on other links keep the full picture (each link has its own sender).
// BENCHMARKS.md "Low delay (item 5)": scaleResolutionDownBy gave the steadiest tail of the levers tried;
// jitterBufferTarget 0 is Chromium's default already, so it is not one of them.

/** The most lines a link in low delay sends: 360p, a quarter of 720p's pixels. */
export const LOW_DELAY_LINES = 360;

/** The factor that brings a track `height` lines high down to LOW_DELAY_LINES or fewer; 1 when it is already. */
export function lowDelayScale(height: number | undefined): number {
  return height !== undefined && Number.isFinite(height) && height > LOW_DELAY_LINES ? height / LOW_DELAY_LINES : 1;
}

/** The part of RTCRtpSender this needs (a test's fake has just these). */
export type ParameterSender = Pick<RTCRtpSender, "getParameters" | "setParameters">;

/**
 * One video sender in or out of low delay. In: the first encoding scaled down to LOW_DELAY_LINES and
 * "maintain-framerate" (a busy encoder drops resolution, not frames). Out: scale 1 and the preference the sender
 * had before. Changes run one after another: setParameters takes the parameters of the latest getParameters only.
 */
export class LowDelaySender {
  readonly #sender: ParameterSender;
  #low = false;
  /** The sender's degradationPreference before low delay, given back when it ends (absent: the browser's default). */
  #before: RTCDegradationPreference | undefined;
  /** Low delay is on the sender now (its last setParameters went through). */
  #applied = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(sender: ParameterSender) {
    this.#sender = sender;
  }

  /** The setting asked for last (its parameters may still be on their way). */
  get low(): boolean {
    return this.#low;
  }

  /**
   * Turns low delay on or off for a track `height` lines high; again after the camera changes (another lens, size
   * or frame rate: replaceTrack keeps the parameters, but the factor depends on the height). Resolves false when
   * the browser refused the parameters (they stay as they were).
   */
  set(low: boolean, height: number | undefined): Promise<boolean> {
    this.#low = low;
    const next = this.#queue.then(() => this.#apply(low, height));
    this.#queue = next;
    return next;
  }

  async #apply(low: boolean, height: number | undefined): Promise<boolean> {
    const params = this.#sender.getParameters();
    // Before the first offer is answered a sender has no encodings yet; a link's data channel opens later.
    const encoding = params.encodings[0];
    if (!encoding) return false;
    encoding.scaleResolutionDownBy = low ? lowDelayScale(height) : 1;
    const before = this.#applied ? this.#before : params.degradationPreference;
    if (low) params.degradationPreference = "maintain-framerate";
    else if (before === undefined) delete params.degradationPreference;
    else params.degradationPreference = before;
    try {
      await this.#sender.setParameters(params);
    } catch (err) {
      console.warn("codecam: could not change the video sender for low delay", err);
      return false;
    }
    this.#before = before;
    this.#applied = low;
    return true;
  }
}
