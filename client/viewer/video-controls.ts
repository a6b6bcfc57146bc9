// The viewer's video controls: sound, snapshot, recording, connection stats, picture-in-picture and full
// screen (Low delay has its own module, low-delay.ts). They send changes to the page's state (state.ts); render
// applies them to the <video> and the DOM.
import {
  downloadBlob,
  makeSeekable,
  recordingSupported,
  Recording,
  snapshotPng,
  timestampedName,
} from "../lib/media/capture.js";
import { formatDelay } from "../lib/rtc/delay/frame-match.js";
import { ViewerDelay } from "../lib/rtc/delay/viewer-delay.js";
import type { Receiver } from "../lib/rtc/receiver.js";
import { statsRows, summarizeStats, type StatsSummary } from "../lib/rtc/stats.js";
import { formatClock } from "../lib/ui/countdown.js";
import { toast } from "../lib/ui/dom.js";
import type { LowDelayControl } from "./low-delay.js";
import type { ViewerElements } from "./render.js";
import type { ViewerChange, ViewerState } from "./state.js";

export class VideoControls {
  readonly #el: ViewerElements;
  readonly #state: () => ViewerState;
  readonly #receiver: Receiver;
  readonly #update: (change: ViewerChange) => void;
  #recording: Recording | undefined;
  #recTimer: ReturnType<typeof setInterval> | undefined;
  #statsTimer: ReturnType<typeof setInterval> | undefined;
  #stats: StatsSummary | undefined;
  /** The glass-to-glass delay, measured while the stats panel is open (lib/rtc/delay/). */
  readonly #delay: ViewerDelay;

  /** `state` reads the page's state as it is now; `update` sends it a change. */
  constructor(
    el: ViewerElements,
    state: () => ViewerState,
    receiver: Receiver,
    update: (change: ViewerChange) => void,
  ) {
    this.#el = el;
    this.#state = state;
    this.#receiver = receiver;
    this.#update = update;
    this.#delay = new ViewerDelay(el.video, () => receiver.link);
    update({
      type: "capabilities",
      canRecord: recordingSupported(),
      pip: "pictureInPictureEnabled" in document && document.pictureInPictureEnabled,
    });
    el.video.addEventListener("enterpictureinpicture", () => update({ type: "pip", active: true }));
    el.video.addEventListener("leavepictureinpicture", () => update({ type: "pip", active: false }));
    document.addEventListener("fullscreenchange", () => {
      update({ type: "fullscreen", on: document.fullscreenElement !== null });
      this.wake();
    });
  }

  get recording(): boolean {
    return this.#recording !== undefined;
  }

  toggleSound(): void {
    const state = this.#state();
    if (!state.audio) return;
    this.#update({ type: "muted", muted: !state.muted });
    // Unmuting is a user gesture, so play() is allowed even where autoplay with sound is not.
    void this.#el.video.play().catch(() => {});
  }

  async snapshot(): Promise<void> {
    try {
      downloadBlob(await snapshotPng(this.#el.video), timestampedName("png"));
      toast("Snapshot saved");
    } catch (err) {
      toast("No picture to save yet");
      console.warn("codecam: snapshot failed", err);
    }
  }

  toggleRecording(): void {
    if (this.#recording) {
      this.stopRecording(true);
      return;
    }
    const stream = this.#receiver.stream;
    if (!stream || !this.#state().canRecord) return;
    try {
      this.#recording = new Recording(stream);
    } catch (err) {
      toast("This browser can't record this video");
      console.warn("codecam: MediaRecorder failed", err);
      return;
    }
    const tick = () => this.#update({ type: "recording", seconds: this.#recording?.elapsedSeconds ?? 0 });
    tick();
    this.#recTimer = setInterval(tick, 250);
  }

  /** Ends a recording; with `save` the file downloads (also when the video ends, so nothing recorded is lost). */
  stopRecording(save: boolean): void {
    const recording = this.#recording;
    if (!recording) return;
    this.#recording = undefined;
    clearInterval(this.#recTimer);
    this.#update({ type: "recording", seconds: undefined });
    void recording.stop().then(
      async (blob) => {
        if (!save) return;
        // A recording of nothing (the picture had stopped, or it lasted less than a chunk) is no file at all.
        if (blob.size === 0) return toast("Nothing was recorded: no video arrived while recording");
        const file = await makeSeekable(blob).catch((err: unknown) => {
          console.warn("codecam: could not index the recording; saving it as recorded", err);
          return blob;
        });
        downloadBlob(file, timestampedName(recording.extension));
        toast(`Recording saved (${formatClock(Math.floor(recording.elapsedSeconds))})`);
      },
      (err: unknown) => {
        console.warn("codecam: recording failed", err);
        if (save) toast("The recording failed and could not be saved");
      },
    );
  }

  toggleStats(): void {
    const show = !this.#state().stats.shown;
    this.#update({ type: "stats", shown: show });
    clearInterval(this.#statsTimer);
    this.#stats = undefined;
    if (!show) {
      this.#delay.stop();
      return;
    }
    this.#delay.start();
    const sample = async () => {
      const reports = (await this.#receiver.link?.stats()) ?? [];
      this.#stats = summarizeStats(reports, "inbound", this.#stats);
      // The resolution row shows what Low delay does: the lines that really arrive.
      const mode: [string, string] = ["Mode", this.#state().lowDelay ? "Low delay" : "Smooth"];
      const rows = [mode, ...statsRows(this.#stats, formatDelay(this.#delay.estimate()))];
      // A sample that lands after the panel closed changes nothing.
      if (this.#state().stats.shown) this.#update({ type: "stats", shown: true, rows });
    };
    void sample();
    this.#statsTimer = setInterval(() => void sample(), 1_000);
  }

  async togglePip(): Promise<void> {
    try {
      if (document.pictureInPictureElement) await document.exitPictureInPicture();
      else await this.#el.video.requestPictureInPicture();
    } catch (err) {
      console.warn("codecam: picture-in-picture failed", err);
      toast("Picture-in-picture is not available here");
    }
  }

  toggleFullscreen(): void {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void this.#el.stage.requestFullscreen?.().catch(() => toast("Full screen is not available here"));
  }

  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Shows the controls again; in full screen they fade after a few seconds without the mouse moving. */
  wake(): void {
    // Pointer moves come many times a second: only a change of state is worth a render.
    if (this.#state().idle) this.#update({ type: "idle", idle: false });
    clearTimeout(this.#idleTimer);
    if (document.fullscreenElement)
      this.#idleTimer = setTimeout(() => this.#update({ type: "idle", idle: true }), 3_000);
  }
}

/** The watch view's buttons and keyboard shortcuts, each bound to the one action it names. */
export function wireVideoControls(
  el: ViewerElements,
  controls: VideoControls,
  lowDelay: LowDelayControl,
  render: () => void,
): void {
  el.unmute.addEventListener("click", () => controls.toggleSound());
  el.lowDelay.addEventListener("click", () => lowDelay.toggle());
  el.snapshot.addEventListener("click", () => void controls.snapshot());
  el.record.addEventListener("click", () => controls.toggleRecording());
  el.toggleStats.addEventListener("click", () => controls.toggleStats());
  el.pip.addEventListener("click", () => void controls.togglePip());
  el.fullscreen.addEventListener("click", () => controls.toggleFullscreen());
  el.video.addEventListener("dblclick", () => controls.toggleFullscreen());
  el.video.addEventListener("resize", render);
  el.video.addEventListener("loadedmetadata", render);
  el.stage.addEventListener("pointermove", () => controls.wake());
  document.addEventListener("keydown", (e) => {
    if (document.body.dataset.view !== "watch" || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target instanceof HTMLInputElement) return;
    const actions: Record<string, () => void> = {
      f: () => controls.toggleFullscreen(),
      m: () => controls.toggleSound(),
      s: () => void controls.snapshot(),
      r: () => controls.toggleRecording(),
      i: () => controls.toggleStats(),
      p: () => void controls.togglePip(),
      l: () => lowDelay.toggle(),
    };
    const action = actions[e.key.toLowerCase()];
    if (action) {
      e.preventDefault();
      action();
    }
  });
}
