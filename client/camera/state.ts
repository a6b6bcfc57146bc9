// CameraState: everything the phone's page shows is computed from this one object (present.ts). main.ts
// changes it only through these functions and copies the live objects' readings in with syncRoom().
import type { ClientConfig, RoomCode } from "../../signaling/protocol.js";
import { FALLBACK_CONFIG } from "../lib/api.js";
import type { MediaProblem } from "../lib/media/media.js";
import type { PairingProblem } from "../lib/room/pairing.js";
import type { ConnectionState } from "../lib/room/room-session.js";
import type { LinkEnd } from "../lib/rtc/peer-link.js";

export interface TrackReading {
  width: number | undefined;
  height: number | undefined;
  fps: number | undefined;
}

export interface CameraState {
  config: ClientConfig;
  /** "https://host:port" of this page: the "insecure" explanation names it. */
  pageOrigin: string;
  connection: ConnectionState;
  /** The room this page is in (or getting back into), as RoomSession says. */
  code: RoomCode | undefined;
  camera: "off" | "starting" | "on";
  mediaProblem: MediaProblem | undefined;
  micOn: boolean;
  mirror: boolean;
  /** Beside a wide preview there is room to keep the camera settings open; on a phone they fold away. */
  settingsOpen: boolean;
  cameraCount: number;
  track: TrackReading | undefined;
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
}

export function initialCameraState(init: Pick<CameraState, "pageOrigin" | "settingsOpen">): CameraState {
  return {
    config: FALLBACK_CONFIG,
    connection: "connecting",
    code: undefined,
    camera: "off",
    mediaProblem: undefined,
    micOn: false,
    mirror: false,
    cameraCount: 0,
    track: undefined,
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
    ...init,
  };
}

/** The readings of RoomSession and Broadcast, copied in before every render. */
export interface RoomReading {
  connection: ConnectionState;
  code: RoomCode | undefined;
  viewers: number;
  connecting: number;
  anyConnected: boolean;
  lastFailure: LinkEnd | undefined;
}

export function syncRoom(state: CameraState, room: RoomReading): void {
  state.connection = room.connection;
  state.code = room.code;
  state.viewers = room.viewers;
  state.connecting = room.connecting;
  state.anyConnected = room.anyConnected;
  if (room.viewers > 0) {
    // A viewer came: the code did its job, the share panel shrinks to a reminder, old failures are history.
    state.created = false;
    state.failure = undefined;
  } else if (room.lastFailure) {
    state.failure = room.lastFailure;
  }
  if (!room.code) state.created = false;
}

export function joined(state: CameraState, created: boolean): void {
  state.created = created;
  state.failure = undefined;
  state.problem = undefined;
}

export function cameraStarted(state: CameraState, mirror: boolean): void {
  state.camera = "on";
  state.mirror = mirror;
  state.mediaProblem = undefined;
}

export function cameraStopped(state: CameraState, problem?: MediaProblem): void {
  state.camera = "off";
  state.micOn = false;
  state.track = undefined;
  state.mediaProblem = problem;
}
