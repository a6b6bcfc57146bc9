// CameraState: everything the phone's page shows is computed from this one object (present.ts). It changes
// only through applyChange(): main.ts and the media module send changes, never write the state themselves.
import type { ClientConfig, RoomCode } from "../../signaling/protocol.js";
import type { IndicatorState } from "../lib/console/phone-indicator.js";
import { FALLBACK_CONFIG } from "../lib/api.js";
import type { FrameRate, MediaProblem, Quality } from "../lib/media/media.js";
import { problemTicking, type PairingProblem } from "../lib/room/pairing.js";
import type { ConnectionState } from "../lib/room/room-session.js";
import type { Member } from "../lib/rtc/gatekeeper.js";
import type { LinkEnd } from "../lib/rtc/peer-link.js";

export interface TrackReading {
  width: number | undefined;
  height: number | undefined;
  fps: number | undefined;
}

/** One camera the browser lists, as the picker shows it. */
export interface CameraOption {
  deviceId: string;
  label: string;
}

export interface CameraState {
  config: ClientConfig;
  /** "https://host:port" of this page: the "insecure" explanation names it. */
  pageOrigin: string;
  connection: ConnectionState;
  /** The browser says this device has a network (navigator.onLine). */
  online: boolean;
  /** The room this page is in (or getting back into), as RoomSession says. */
  code: RoomCode | undefined;
  camera: "off" | "starting" | "on";
  mediaProblem: MediaProblem | undefined;
  micOn: boolean;
  mirror: boolean;
  /** Beside a wide preview there is room to keep the camera settings open; on a phone they fold away. */
  settingsOpen: boolean;
  /** The cameras the browser lists (labels only appear once the camera is allowed) and the one in use. */
  cameras: readonly CameraOption[];
  cameraId: string | undefined;
  quality: Quality;
  fps: FrameRate;
  track: TrackReading | undefined;
  /** A camera switch or a microphone change is under way: its button waits. */
  switching: boolean;
  micBusy: boolean;
  joining: RoomCode | undefined;
  creating: boolean;
  /** This phone made the code it is in: the share panel shows it big until a viewer comes. */
  created: boolean;
  /** Connected viewers, links still connecting, and whether any link carries video (lingering ones too). */
  viewers: number;
  connecting: number;
  anyConnected: boolean;
  /** Why the last link failed before it ever connected; stays on screen through the retries. */
  failure: LinkEnd | undefined;
  /** The server lost our room (restart): a new code is being made while the video keeps going. */
  moving: boolean;
  /** What the code boxes hold now. */
  typed: string;
  problem: PairingProblem | undefined;
  /** Every viewer in the room and what the Gatekeeper decided about it (lib/rtc/gatekeeper.ts). */
  members: readonly Member[];
  /** This page was opened from a laptop's QR link for the code it is in: that laptop needs no question. */
  qrLaptop: boolean;
  /** Laptops this phone remembers ("Remember this laptop"). */
  remembered: number;
  /** Viewers whose link sends in Low delay, as they asked (camera/low-delay-host.ts). */
  lowDelay: readonly string[];
  /** Requests whose "Remember this laptop" box is ticked, by viewer id. */
  rememberTicked: readonly string[];
  /** The holder locked the remote console (issue 18): laptops' commands are refused. */
  consoleLocked: boolean;
  /** The last change a laptop made through the console, for the indicator. */
  consoleLast: IndicatorState["last"];
}

export function initialCameraState(
  init: Pick<CameraState, "pageOrigin" | "settingsOpen"> & Partial<CameraState>,
): CameraState {
  return {
    config: FALLBACK_CONFIG,
    connection: "connecting",
    online: true,
    code: undefined,
    camera: "off",
    mediaProblem: undefined,
    micOn: false,
    mirror: false,
    cameras: [],
    cameraId: undefined,
    quality: "720p",
    fps: 30,
    track: undefined,
    switching: false,
    micBusy: false,
    joining: undefined,
    creating: false,
    created: false,
    viewers: 0,
    connecting: 0,
    anyConnected: false,
    failure: undefined,
    moving: false,
    typed: "",
    problem: undefined,
    members: [],
    qrLaptop: false,
    remembered: 0,
    lowDelay: [],
    rememberTicked: [],
    consoleLocked: false,
    consoleLast: undefined,
    ...init,
  };
}

/** The readings of RoomSession, Broadcast and the Gatekeeper, copied in before every render. */
export interface RoomReading {
  members: readonly Member[];
  qrLaptop: boolean;
  remembered: number;
  connection: ConnectionState;
  code: RoomCode | undefined;
  viewers: number;
  connecting: number;
  anyConnected: boolean;
  lastFailure: LinkEnd | undefined;
  lowDelay: readonly string[];
}

/** Every way the camera page's state changes. */
export type CameraChange =
  | { type: "room"; room: RoomReading }
  | { type: "config"; config: ClientConfig }
  | { type: "online"; online: boolean }
  | { type: "typed"; value: string; now: number }
  | { type: "problem"; problem: PairingProblem | undefined }
  | { type: "creating"; creating: boolean }
  | { type: "joining"; code: RoomCode | undefined }
  /** Joined a room; `created`: with a code this page made. */
  | { type: "joined"; created: boolean }
  | { type: "link-failed"; end: LinkEnd }
  | { type: "moving"; moving: boolean }
  | { type: "camera-starting" }
  | { type: "camera-started"; mirror: boolean }
  /** The camera is off; `problem` says why when the browser refused or took it away. */
  | { type: "camera-stopped"; problem: MediaProblem | undefined }
  | { type: "media-problem"; problem: MediaProblem | undefined }
  | { type: "cameras"; cameras: readonly CameraOption[] }
  | { type: "track"; track: TrackReading | undefined; cameraId: string | undefined }
  | { type: "choice"; quality: Quality; fps: FrameRate }
  | { type: "mirror"; mirror: boolean }
  | { type: "mic"; on: boolean }
  | { type: "busy"; what: "switching" | "micBusy"; busy: boolean }
  | { type: "settings-toggled" }
  | { type: "remember-ticked"; id: string; ticked: boolean }
  | { type: "console-locked"; locked: boolean }
  | { type: "console-changed"; last: IndicatorState["last"] };

/** The state after `change`: pure, the one place the camera page's state changes (STYLE.md "Pages"). */
export function applyChange(s: CameraState, change: CameraChange): CameraState {
  switch (change.type) {
    case "room":
      return syncRoom(s, change.room);
    case "config":
      return { ...s, config: change.config };
    case "online":
      return { ...s, online: change.online };
    case "typed":
      // Typing again clears the last complaint, except a rate limit, which keeps counting down.
      return { ...s, typed: change.value, problem: problemTicking(s.problem, change.now) ? s.problem : undefined };
    case "problem":
      return { ...s, problem: change.problem };
    case "creating":
      return { ...s, creating: change.creating };
    case "joining":
      return { ...s, joining: change.code };
    case "joined":
      return { ...s, created: change.created, failure: undefined, problem: undefined };
    case "link-failed":
      return { ...s, failure: change.end };
    case "moving":
      return { ...s, moving: change.moving };
    case "camera-starting":
      return { ...s, camera: "starting", mediaProblem: undefined };
    case "camera-started":
      return { ...s, camera: "on", mirror: change.mirror, mediaProblem: undefined };
    case "camera-stopped":
      // micOn stays: it is the holder's choice for the page's life, and the next Start opens the microphone too.
      return { ...s, camera: "off", track: undefined, mediaProblem: change.problem };
    case "media-problem":
      return { ...s, mediaProblem: change.problem };
    case "cameras":
      return { ...s, cameras: change.cameras };
    case "track":
      return { ...s, track: change.track, cameraId: change.cameraId };
    case "choice":
      return { ...s, quality: change.quality, fps: change.fps };
    case "mirror":
      return { ...s, mirror: change.mirror };
    case "mic":
      return { ...s, micOn: change.on };
    case "busy":
      return { ...s, [change.what]: change.busy };
    case "settings-toggled":
      return { ...s, settingsOpen: !s.settingsOpen };
    case "remember-ticked": {
      const others = s.rememberTicked.filter((id) => id !== change.id);
      return { ...s, rememberTicked: change.ticked ? [...others, change.id] : others };
    }
    case "console-locked":
      return { ...s, consoleLocked: change.locked };
    case "console-changed":
      return { ...s, consoleLast: change.last };
  }
}

function syncRoom(s: CameraState, room: RoomReading): CameraState {
  const next = {
    ...s,
    connection: room.connection,
    code: room.code,
    viewers: room.viewers,
    connecting: room.connecting,
    anyConnected: room.anyConnected,
    members: room.members,
    qrLaptop: room.qrLaptop,
    remembered: room.remembered,
    lowDelay: room.lowDelay,
    // A box ticked for a request that is gone is forgotten with it.
    rememberTicked: s.rememberTicked.filter((id) => room.members.some((m) => m.id === id && m.status === "pending")),
  };
  if (room.viewers > 0) {
    // A viewer came: the code did its job, the share panel shrinks to a reminder, old failures are history.
    next.created = false;
    next.failure = undefined;
  } else if (room.lastFailure) {
    next.failure = room.lastFailure;
  }
  if (!room.code) next.created = false;
  return next;
}
