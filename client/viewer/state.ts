// ViewerState: everything the laptop's page shows is computed from this one object (present.ts). main.ts
// changes it through these functions and copies the live objects' readings in with syncRoom().
import type { ClientConfig, RoomCode } from "../../signaling/protocol.js";
import { FALLBACK_CONFIG } from "../lib/api.js";
import type { PairingProblem } from "../lib/room/pairing.js";
import type { ConnectionState } from "../lib/room/room-session.js";
import type { LinkEnd } from "../lib/rtc/peer-link.js";
import type { ReceiverState } from "../lib/rtc/receiver.js";

/** After the camera vanishes, keep the video view this long before showing the QR again: a phone reload or
 * a network blip comes back within it, and the layout does not jump back and forth. */
export const CAMERA_GONE_GRACE_MS = 8_000;
/** No new decoded frame for this long while connected: the picture froze, so the page stops saying "Live". */
export const STALL_MS = 2_000;

export interface ViewerState {
  config: ClientConfig;
  connection: ConnectionState;
  /** The room this page is in (or getting back into), as RoomSession says. */
  code: RoomCode | undefined;
  joining: RoomCode | undefined;
  /** The join under way came from the page's URL (not typed): show nothing else until it settles. */
  fromUrl: boolean;
  creating: boolean;
  /** A camera is a member of the room now. */
  cameraInRoom: boolean;
  /** A camera has been in the room since we joined. */
  cameraSeen: boolean;
  cameraGoneAt: number | undefined;
  link: ReceiverState;
  end: LinkEnd | undefined;
  /** The phone stopped the camera on purpose. */
  bye: boolean;
  /** The server lost the room (restart) while the video kept playing: waiting for the camera's new code. */
  roomLost: boolean;
  /** A decoded frame is on screen (the video's size is known only then). */
  picture: boolean;
  /** When the decoded frame count last grew (for stall detection). */
  lastFrameAt: number | undefined;
  audio: boolean;
  muted: boolean;
  /** Seconds recorded so far, while recording. */
  recording: number | undefined;
  canRecord: boolean;
  pip: { supported: boolean; active: boolean };
  fullscreen: boolean;
  /** A device with a touchscreen and no mouse: "Tap for sound", else "Click for sound". */
  touch: boolean;
  /** ?clean=1: the video alone, for an OBS Browser Source. */
  clean: boolean;
  /** A failed typed join, under the code boxes. */
  problem: PairingProblem | undefined;
  /** A failed create, link join or ended code, on the start view. */
  notice: { title: string; problem: PairingProblem } | { title: string; body: string } | undefined;
}

export function initialViewerState(init: Pick<ViewerState, "touch" | "clean"> & Partial<ViewerState>): ViewerState {
  return {
    config: FALLBACK_CONFIG,
    connection: "connecting",
    code: undefined,
    joining: undefined,
    fromUrl: false,
    creating: false,
    cameraInRoom: false,
    cameraSeen: false,
    cameraGoneAt: undefined,
    link: "idle",
    end: undefined,
    bye: false,
    roomLost: false,
    picture: false,
    lastFrameAt: undefined,
    audio: false,
    muted: true,
    recording: undefined,
    canRecord: false,
    pip: { supported: false, active: false },
    fullscreen: false,
    problem: undefined,
    notice: undefined,
    ...init,
  };
}

export interface RoomReading {
  connection: ConnectionState;
  code: RoomCode | undefined;
  cameraInRoom: boolean;
  link: ReceiverState;
}

export function syncRoom(state: ViewerState, room: RoomReading): void {
  state.connection = room.connection;
  state.code = room.code;
  state.cameraInRoom = room.cameraInRoom;
  state.link = room.link;
  if (room.cameraInRoom || room.link !== "idle") state.cameraSeen = true;
}

/** Joined `code`: a fresh start for everything about the camera. */
export function joined(state: ViewerState): void {
  state.cameraSeen = false;
  state.cameraGoneAt = undefined;
  state.end = undefined;
  state.bye = false;
  state.roomLost = false;
  state.problem = undefined;
  state.notice = undefined;
}

export function left(state: ViewerState): void {
  joined(state);
  state.picture = false;
  state.lastFrameAt = undefined;
}

export function cameraJoined(state: ViewerState): void {
  state.cameraSeen = true;
  state.bye = false;
  state.end = undefined;
}

/** The decoded frame count, read every half second: a count that stops growing is a stall. */
export function framesRead(state: ViewerState, grew: boolean, picture: boolean, now: number): void {
  state.picture = picture;
  if (grew || state.lastFrameAt === undefined) state.lastFrameAt = now;
}

/** The picture is on screen but no new frame came for STALL_MS. */
export function isStalled(state: ViewerState, now: number): boolean {
  return state.picture && state.lastFrameAt !== undefined && now - state.lastFrameAt >= STALL_MS;
}
