// The phone's camera and microphone: open, switch camera, change quality or frame rate, microphone on/off,
// and the remembered choice. Every change of what is sent goes to the viewers through Broadcast.setTrack; every
// change the page shows goes to the page's state as a change (state.ts), never to the DOM.
import {
  DEFAULT_CHOICE,
  facingOf,
  FRAME_RATES,
  listCameras,
  MediaAccessError,
  nextCamera,
  openCamera,
  openMicrophone,
  QUALITY_PRESETS,
  stopStream,
  videoConstraints,
  type CameraChoice,
  type FrameRate,
} from "../lib/media/media.js";
import { watchAudioLevel } from "../lib/media/audio-level.js";
import type { Broadcast } from "../lib/rtc/broadcast.js";
import { toast } from "../lib/ui/dom.js";
import type { CameraChange, CameraState } from "./state.js";

const SETTINGS_KEY = "codecam:camera-choice";

export interface MediaControlDeps {
  /** The page's state as it is now. */
  state: () => CameraState;
  /** Sends a change to the page's state (which renders it). */
  update: (change: CameraChange) => void;
  broadcast: Broadcast;
  /** The microphone's level, while it is on. */
  onLevel: (level: number) => void;
  /** The OS took the camera away (another app, a phone call). */
  onLost: () => void;
}

export class MediaControl {
  /** The camera (and microphone) as the preview shows it; its tracks are what the viewers get. */
  stream: MediaStream | undefined;
  choice: CameraChoice = loadChoice();
  /** The cameras the browser lists (labels only appear once the camera is allowed). */
  cameras: MediaDeviceInfo[] = [];
  readonly #d: MediaControlDeps;
  #opening: Promise<boolean> | undefined;
  #stopMeter: () => void = () => {};

  constructor(deps: MediaControlDeps) {
    this.#d = deps;
  }

  get video(): MediaStreamTrack | undefined {
    return this.stream?.getVideoTracks()[0];
  }

  /** Opens the camera if it is not open. Resolves false (the state says why) when the browser refuses. */
  ensure(): Promise<boolean> {
    if (this.stream) return Promise.resolve(true);
    this.#opening ??= this.#open().finally(() => (this.#opening = undefined));
    return this.#opening;
  }

  async #open(): Promise<boolean> {
    const { state, broadcast, update } = this.#d;
    update({ type: "camera-starting" });
    try {
      // The microphone as the holder left it (Stop keeps the choice); a refused microphone never costs the camera.
      const wantMic = state().micOn;
      const stream = await openCamera(this.choice, wantMic).catch((err: unknown) => {
        if (!wantMic) throw err;
        return openCamera(this.choice, false);
      });
      this.stream = stream;
      const video = stream.getVideoTracks()[0];
      if (video) {
        video.addEventListener("ended", this.#onEnded);
        broadcast.setTrack("video", video);
      }
      broadcast.setTrack("audio", stream.getAudioTracks()[0] ?? null);
      update({ type: "camera-started", mirror: video ? facingOf(video) === "user" : false });
      const audio = stream.getAudioTracks()[0];
      update({ type: "mic", on: audio !== undefined });
      if (audio) this.#stopMeter = watchAudioLevel(new MediaStream([audio]), this.#d.onLevel);
      void this.refreshCameras();
      return true;
    } catch (err) {
      console.warn("codecam: camera refused", err);
      update({ type: "camera-stopped", problem: MediaAccessError.from(err).problem });
      return false;
    } finally {
      this.#readTrack();
    }
  }

  async refreshCameras(): Promise<void> {
    this.cameras = await listCameras();
    this.#d.update({
      type: "cameras",
      cameras: this.cameras.map((cam, i) => ({ deviceId: cam.deviceId, label: cam.label || `Camera ${i + 1}` })),
    });
  }

  /** Turns camera and microphone off; the camera light goes off. */
  stop(): void {
    this.#stopMeter();
    this.video?.removeEventListener("ended", this.#onEnded);
    stopStream(this.stream);
    this.stream = undefined;
    this.#d.update({ type: "camera-stopped", problem: this.#d.state().mediaProblem });
  }

  readonly #onEnded = (e: Event) => {
    if (this.video === e.target) this.#d.onLost();
  };

  /**
   * Swaps the camera for `choice` (another camera, quality or frame rate) while streaming. Phones cannot open
   * two cameras at once, so the old track stops first; every link then gets the new track through
   * RTCRtpSender.replaceTrack, which needs no renegotiation: viewers see a short freeze, never a re-pair.
   */
  async reacquire(choice: CameraChoice): Promise<void> {
    const stream = this.stream;
    const old = stream?.getVideoTracks()[0];
    if (!stream || !old) return;
    old.removeEventListener("ended", this.#onEnded);
    old.stop();
    let fresh: MediaStream;
    try {
      fresh = await openCamera(choice, false);
    } catch (err) {
      console.warn("codecam: switching cameras failed, going back", err);
      toast(MediaAccessError.from(err).message);
      try {
        fresh = await openCamera(this.choice, false);
      } catch (again) {
        this.#d.update({ type: "media-problem", problem: MediaAccessError.from(again).problem });
        this.#d.onLost();
        return;
      }
      choice = this.choice;
    }
    const track = fresh.getVideoTracks()[0]!;
    track.addEventListener("ended", this.#onEnded);
    stream.removeTrack(old);
    stream.addTrack(track);
    this.#d.broadcast.setTrack("video", track);
    this.#d.update({ type: "mirror", mirror: facingOf(track) === "user" });
    this.#remember(choice);
  }

  async switchCamera(): Promise<void> {
    const track = this.video;
    if (!track) return;
    const before = track.getSettings().deviceId;
    this.#d.update({ type: "busy", what: "switching", busy: true });
    try {
      await this.reacquire(nextCamera(track, await listCameras(), this.choice));
    } finally {
      this.#d.update({ type: "busy", what: "switching", busy: false });
    }
    if (before && before === this.video?.getSettings().deviceId) toast("This device has only one camera");
  }

  /** Quality or frame rate changed: try the running track first (seamless), else open the camera again. */
  async applyChoice(choice: CameraChoice): Promise<void> {
    const track = this.video;
    if (!track) return this.#remember(choice);
    const { deviceId: _d, facingMode: _f, ...shape } = videoConstraints(choice);
    try {
      await track.applyConstraints(shape);
      this.#remember(choice);
    } catch {
      await this.reacquire(choice);
    }
  }

  async toggleMic(): Promise<void> {
    const { state, broadcast, update } = this.#d;
    const stream = this.stream;
    if (!stream) return;
    update({ type: "busy", what: "micBusy", busy: true });
    try {
      if (state().micOn) {
        this.#stopMeter();
        for (const track of stream.getAudioTracks()) {
          track.stop();
          stream.removeTrack(track);
        }
        broadcast.setTrack("audio", null);
        update({ type: "mic", on: false });
      } else {
        const track = await openMicrophone();
        stream.addTrack(track);
        broadcast.setTrack("audio", track);
        update({ type: "mic", on: true });
        this.#stopMeter = watchAudioLevel(new MediaStream([track]), this.#d.onLevel);
      }
    } catch (err) {
      const problem = MediaAccessError.from(err).problem;
      toast(
        problem === "denied"
          ? "Microphone access is blocked in the browser's site settings"
          : "The microphone could not start",
      );
    } finally {
      update({ type: "busy", what: "micBusy", busy: false });
    }
  }

  #remember(choice: CameraChoice): void {
    this.choice = choice;
    saveChoice(choice);
    this.#d.update({ type: "choice", quality: choice.quality, fps: choice.fps });
    this.#readTrack();
  }

  #readTrack(): void {
    const settings = this.video?.getSettings();
    this.#d.update({
      type: "track",
      track: settings ? { width: settings.width, height: settings.height, fps: settings.frameRate } : undefined,
      cameraId: settings?.deviceId,
    });
  }
}

function loadChoice(): CameraChoice {
  try {
    const saved = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? "{}") as Partial<CameraChoice>;
    return {
      facing: saved.facing === "user" ? "user" : DEFAULT_CHOICE.facing,
      quality: saved.quality && saved.quality in QUALITY_PRESETS ? saved.quality : DEFAULT_CHOICE.quality,
      fps: FRAME_RATES.includes(saved.fps as FrameRate) ? (saved.fps as FrameRate) : DEFAULT_CHOICE.fps,
    };
  } catch {
    return { ...DEFAULT_CHOICE };
  }
}

/** Remembers quality, frame rate and which way the camera faced (not the device id: it changes per site). */
function saveChoice(choice: CameraChoice): void {
  try {
    const { deviceId: _d, ...rest } = choice;
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(rest));
  } catch {
    // storage disabled: the defaults apply next time
  }
}
