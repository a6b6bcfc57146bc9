// The viewer's video controls: sound, snapshot, recording, connection stats, picture-in-picture and full
// screen. They change the state and the <video>; main.ts renders after each.
import {
  downloadBlob,
  makeSeekable,
  recordingSupported,
  Recording,
  snapshotPng,
  timestampedName,
} from "../lib/media/capture.js";
import type { Receiver } from "../lib/rtc/receiver.js";
import { statsRows, summarizeStats, type StatsSummary } from "../lib/rtc/stats.js";
import { formatClock } from "../lib/ui/countdown.js";
import { toast } from "../lib/ui/dom.js";
import { renderStats, type ViewerElements } from "./render.js";
import type { ViewerState } from "./state.js";

export class VideoControls {
  readonly #el: ViewerElements;
  readonly #state: ViewerState;
  readonly #receiver: Receiver;
  readonly #update: () => void;
  #recording: Recording | undefined;
  #recTimer: ReturnType<typeof setInterval> | undefined;
  #statsTimer: ReturnType<typeof setInterval> | undefined;
  #stats: StatsSummary | undefined;

  constructor(el: ViewerElements, state: ViewerState, receiver: Receiver, update: () => void) {
    this.#el = el;
    this.#state = state;
    this.#receiver = receiver;
    this.#update = update;
    state.canRecord = recordingSupported();
    state.pip.supported = "pictureInPictureEnabled" in document && document.pictureInPictureEnabled;
    el.video.addEventListener("enterpictureinpicture", () => this.#setPip(true));
    el.video.addEventListener("leavepictureinpicture", () => this.#setPip(false));
    document.addEventListener("fullscreenchange", () => {
      state.fullscreen = document.fullscreenElement !== null;
      this.wake();
      update();
    });
  }

  get recording(): boolean {
    return this.#recording !== undefined;
  }

  toggleSound(): void {
    if (!this.#state.audio) return;
    const video = this.#el.video;
    video.muted = !video.muted;
    this.#state.muted = video.muted;
    // Unmuting is a user gesture, so play() is allowed even where autoplay with sound is not.
    void video.play().catch(() => {});
    this.#update();
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
    if (!stream || !this.#state.canRecord) return;
    try {
      this.#recording = new Recording(stream);
    } catch (err) {
      toast("This browser can't record this video");
      console.warn("codecam: MediaRecorder failed", err);
      return;
    }
    const tick = () => {
      this.#state.recording = this.#recording?.elapsedSeconds ?? 0;
      this.#update();
    };
    tick();
    this.#recTimer = setInterval(tick, 250);
  }

  /** Ends a recording; with `save` the file downloads (also when the video ends, so nothing recorded is lost). */
  stopRecording(save: boolean): void {
    const recording = this.#recording;
    if (!recording) return;
    this.#recording = undefined;
    this.#state.recording = undefined;
    clearInterval(this.#recTimer);
    this.#update();
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
    const { stats, toggleStats } = this.#el;
    const show = stats.hidden;
    stats.hidden = !show;
    toggleStats.setAttribute("aria-pressed", String(show));
    clearInterval(this.#statsTimer);
    this.#stats = undefined;
    if (!show) return;
    const sample = async () => {
      const reports = (await this.#receiver.link?.stats()) ?? [];
      this.#stats = summarizeStats(reports, "inbound", this.#stats);
      renderStats(stats, statsRows(this.#stats));
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
    const stage = this.#el.stage;
    stage.dataset.idle = "false";
    clearTimeout(this.#idleTimer);
    if (document.fullscreenElement) this.#idleTimer = setTimeout(() => (stage.dataset.idle = "true"), 3_000);
  }

  #setPip(active: boolean): void {
    this.#state.pip.active = active;
    this.#update();
  }
}
