// Camera and microphone access: constraints from the user's choices (rear camera first), opening and switching
// cameras, and the plain-words reason when the browser refuses.

export type Facing = "user" | "environment";

export const QUALITY_PRESETS = {
  "480p": { width: 854, height: 480, label: "480p" },
  "720p": { width: 1280, height: 720, label: "720p HD" },
  "1080p": { width: 1920, height: 1080, label: "1080p Full HD" },
} as const;
export type Quality = keyof typeof QUALITY_PRESETS;
export const FRAME_RATES = [15, 24, 30, 60] as const;
export type FrameRate = (typeof FRAME_RATES)[number];

export interface CameraChoice {
  /** A specific camera (desktop webcams report no facing mode), else the facing mode decides. */
  deviceId?: string;
  facing: Facing;
  quality: Quality;
  fps: FrameRate;
}

/** The phone's rear camera is what people point at things; laptops without one fall back to their webcam. */
export const DEFAULT_CHOICE: CameraChoice = { facing: "environment", quality: "720p", fps: 30 };

/**
 * getUserMedia constraints for `choice`. Everything is `ideal`, never `exact`, so a camera that cannot do
 * 1080p60 still opens at the closest mode instead of failing with OverconstrainedError.
 */
export function videoConstraints(choice: CameraChoice): MediaTrackConstraints {
  const preset = QUALITY_PRESETS[choice.quality];
  return {
    ...(choice.deviceId ? { deviceId: { exact: choice.deviceId } } : { facingMode: { ideal: choice.facing } }),
    width: { ideal: preset.width },
    height: { ideal: preset.height },
    frameRate: { ideal: choice.fps },
  };
}

/** Echo cancellation matters: the laptop's speakers are often in the same room as the phone. */
export const AUDIO_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

/** Throws MediaAccessError when the page cannot use a camera at all (plain http on a LAN address). */
export function assertMediaAvailable(): MediaDevices {
  if (!window.isSecureContext) throw new MediaAccessError("insecure");
  if (!navigator.mediaDevices?.getUserMedia) throw new MediaAccessError("unsupported");
  return navigator.mediaDevices;
}

/** Opens the camera (and the microphone with `audio`). Throws MediaAccessError. */
export async function openCamera(choice: CameraChoice, audio: boolean): Promise<MediaStream> {
  const devices = assertMediaAvailable();
  try {
    return await devices.getUserMedia({ video: videoConstraints(choice), audio: audio ? AUDIO_CONSTRAINTS : false });
  } catch (err) {
    throw MediaAccessError.from(err);
  }
}

/** Opens the microphone alone (turned on after the camera started). Throws MediaAccessError. */
export async function openMicrophone(): Promise<MediaStreamTrack> {
  const devices = assertMediaAvailable();
  try {
    const stream = await devices.getUserMedia({ audio: AUDIO_CONSTRAINTS });
    const track = stream.getAudioTracks()[0];
    if (!track) throw new MediaAccessError("no-device");
    return track;
  } catch (err) {
    throw MediaAccessError.from(err);
  }
}

export async function listCameras(): Promise<MediaDeviceInfo[]> {
  try {
    return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === "videoinput");
  } catch {
    return [];
  }
}

/**
 * The camera to switch to from `current`. Phones report a facing mode, so we flip front/back (cycling through
 * the three or four rear lenses some phones list would be a chore). Webcams report none, so we step to the
 * next camera in the device list.
 */
export function nextCamera(current: MediaStreamTrack, cameras: MediaDeviceInfo[], choice: CameraChoice): CameraChoice {
  const settings = current.getSettings();
  if (settings.facingMode === "user" || settings.facingMode === "environment") {
    const { deviceId: _ignored, ...rest } = choice;
    return { ...rest, facing: settings.facingMode === "user" ? "environment" : "user" };
  }
  const index = cameras.findIndex((c) => c.deviceId === settings.deviceId);
  const next = cameras[(index + 1) % Math.max(cameras.length, 1)];
  return next?.deviceId ? { ...choice, deviceId: next.deviceId } : choice;
}

/** Which way the track's camera faces; webcams without a facing mode count as front-facing (they face you). */
export function facingOf(track: MediaStreamTrack): Facing {
  return track.getSettings().facingMode === "environment" ? "environment" : "user";
}

export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

export type MediaProblem = "insecure" | "unsupported" | "denied" | "in-use" | "no-device" | "constraints" | "other";

/** Why the camera could not be used, with the sentence to show the user. */
export class MediaAccessError extends Error {
  constructor(
    readonly problem: MediaProblem,
    readonly detail?: string,
  ) {
    super(describeProblem(problem).title);
    this.name = "MediaAccessError";
  }

  static from(err: unknown): MediaAccessError {
    if (err instanceof MediaAccessError) return err;
    const name = err instanceof Error || err instanceof DOMException ? err.name : "";
    const message = err instanceof Error || err instanceof DOMException ? err.message : String(err);
    switch (name) {
      case "NotAllowedError":
      case "PermissionDeniedError":
      case "SecurityError":
        return new MediaAccessError("denied", message);
      case "NotReadableError":
      case "TrackStartError":
      case "AbortError":
        return new MediaAccessError("in-use", message);
      case "NotFoundError":
      case "DevicesNotFoundError":
        return new MediaAccessError("no-device", message);
      case "OverconstrainedError":
      case "ConstraintNotSatisfiedError":
        return new MediaAccessError("constraints", message);
      default:
        return new MediaAccessError("other", message || name);
    }
  }
}

/** The words for a media problem; `pageOrigin` ("http://host:port") is the address the insecure case names. */
export function describeProblem(problem: MediaProblem, pageOrigin = ""): { title: string; body: string } {
  switch (problem) {
    case "insecure":
      return {
        title: "This address can't use the camera",
        body: `Browsers only allow the camera on secure pages. Open the https:// address of this page instead of ${pageOrigin || "this one"} (scan the QR code on the laptop, or type the address that starts with https://).`,
      };
    case "unsupported":
      return {
        title: "This browser can't share a camera",
        body: "Open this page in a current Chrome, Safari, Firefox or Edge.",
      };
    case "denied":
      return {
        title: "Camera access is blocked",
        body: "Allow the camera for this site: tap the icon next to the address bar (or open the browser's site settings), set Camera to Allow, then try again.",
      };
    case "in-use":
      return {
        title: "The camera is busy",
        body: "Another app or tab is using the camera. Close it (video calls, the camera app), then try again.",
      };
    case "no-device":
      return {
        title: "No camera found",
        body: "This device has no camera the browser can use. Connect one, or use your phone instead.",
      };
    case "constraints":
      return {
        title: "The camera can't do that",
        body: "Pick a lower quality or frame rate and try again.",
      };
    default:
      return {
        title: "The camera could not start",
        body: "Try again. If it keeps failing, restart the browser.",
      };
  }
}
