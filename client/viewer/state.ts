// ViewerState: everything the laptop's page shows is computed from this one object (present.ts). It changes
// only through applyChange(): main.ts and the video controls send changes, never write the state themselves.
import type { ClientConfig, RoomCode } from "../../signaling/protocol.js";
import { consoleGone, consoleReceived, INITIAL_CONSOLE, type ConsoleState } from "../lib/console/laptop-console.js";
import type { ConsoleMessage } from "../lib/console/messages.js";
import { FALLBACK_CONFIG } from "../lib/api.js";
import type { MediaProblem } from "../lib/media/media.js";
import type { PairingProblem } from "../lib/room/pairing.js";
import type { ConnectionState } from "../lib/room/room-session.js";
import type { LinkEnd } from "../lib/rtc/peer-link.js";
import type { AccessState } from "../lib/rtc/link-messages.js";
import type { ReceiverState } from "../lib/rtc/receiver.js";
import { problemTicking } from "../lib/room/pairing.js";

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
  notice: Notice | undefined;
  /** The stream the <video> shows: kept after its link ends, so the last picture stays during a reconnect. */
  stream: MediaStream | undefined;
  /** What the pairing view offers the phone: the code and the link its QR code encodes. */
  share: { code: RoomCode; link: string } | undefined;
  /** The connection stats panel: open or not, and its rows (label, value). */
  stats: { shown: boolean; rows: ReadonlyArray<readonly [string, string]> };
  /** In full screen the controls fade after a while without the mouse moving. */
  idle: boolean;
  /** What the camera said about this laptop on the newest link, and the words to compare (design of issue 16). */
  access: AccessState | undefined;
  words: string | undefined;
  /** The phone turned this laptop away; it stays said after the link and the room are gone. */
  refused: "denied" | "removed" | undefined;
  /** The phone's camera controls, as the phone reported them (issue 18); only a verified laptop gets any. */
  console: ConsoleState;
  /** The phone said its camera could not open, and why (link message "camera"). */
  phoneCamera: MediaProblem | undefined;
  /** Low delay (issue 20, item 5): the phone sends this laptop a smaller picture, sooner (low-delay.ts). */
  lowDelay: boolean;
}

/** `retry`: the code a Try again button joins (a full room may have a place again in a moment). */
export type Notice = ({ title: string; problem: PairingProblem } | { title: string; body: string }) & {
  retry?: RoomCode | undefined;
};

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
    stream: undefined,
    share: undefined,
    stats: { shown: false, rows: [] },
    idle: false,
    access: undefined,
    words: undefined,
    refused: undefined,
    console: INITIAL_CONSOLE,
    phoneCamera: undefined,
    lowDelay: false,
    ...init,
  };
}

/** The readings of RoomSession and Receiver, copied in before every render. */
export interface RoomReading {
  connection: ConnectionState;
  code: RoomCode | undefined;
  cameraInRoom: boolean;
  link: ReceiverState;
  /** The stream on screen has a sound track. */
  audio: boolean;
  access: AccessState | undefined;
  words: string | undefined;
}

/** Every way the viewer page's state changes. */
export type ViewerChange =
  | { type: "room"; room: RoomReading }
  | { type: "config"; config: ClientConfig }
  | { type: "problem"; problem: PairingProblem | undefined }
  | { type: "typed"; now: number }
  | { type: "notice"; notice: Notice | undefined }
  | { type: "creating"; creating: boolean }
  /** A join starts (`fromUrl`: the page's own link) or settles (`code` undefined). */
  | { type: "joining"; code: RoomCode | undefined; fromUrl?: boolean }
  /** Joined a code: a fresh start for everything about the camera. */
  | { type: "joined" }
  | { type: "left" }
  | { type: "share"; share: ViewerState["share"] }
  | { type: "camera-joined" }
  | { type: "camera-left"; now: number }
  | { type: "room-lost"; lost: boolean }
  | { type: "link"; link: ReceiverState }
  | { type: "link-ended"; end: LinkEnd }
  | { type: "bye" }
  /** The decoded frame count, read every half second: a count that stops growing is a stall. */
  | { type: "frames"; grew: boolean; picture: boolean; now: number }
  | { type: "stream"; stream: MediaStream }
  | { type: "muted"; muted: boolean }
  | { type: "capabilities"; canRecord: boolean; pip: boolean }
  | { type: "recording"; seconds: number | undefined }
  | { type: "pip"; active: boolean }
  | { type: "fullscreen"; on: boolean }
  | { type: "stats"; shown: boolean; rows?: ReadonlyArray<readonly [string, string]> }
  | { type: "idle"; idle: boolean }
  | { type: "refused"; why: "denied" | "removed" }
  | { type: "phone-camera"; problem: MediaProblem | undefined }
  /** The camera said something about this laptop's access (link-messages.ts "access"). */
  | { type: "access-said"; state: AccessState }
  /** The phone's console said something; the panel opens or closes; the link it came on is gone. */
  | { type: "console-message"; msg: ConsoleMessage }
  | { type: "console-open"; open: boolean }
  | { type: "console-gone" }
  | { type: "low-delay"; on: boolean };

/** The state after `change`: pure, the one place the viewer page's state changes (STYLE.md "Pages"). */
export function applyChange(s: ViewerState, change: ViewerChange): ViewerState {
  switch (change.type) {
    case "room": {
      const { room } = change;
      const cameraSeen = s.cameraSeen || room.cameraInRoom || room.link !== "idle";
      return { ...s, ...room, cameraSeen };
    }
    case "config":
      return { ...s, config: change.config };
    case "problem":
      return { ...s, problem: change.problem };
    case "typed":
      // Typing again clears the last complaint, except a rate limit, which keeps counting down.
      return s.problem && !problemTicking(s.problem, change.now) ? { ...s, problem: undefined } : s;
    case "notice":
      return { ...s, notice: change.notice };
    case "creating":
      return { ...s, creating: change.creating };
    case "joining":
      return change.code
        ? { ...s, joining: change.code, fromUrl: change.fromUrl ?? s.fromUrl }
        : { ...s, joining: undefined, fromUrl: false };
    case "joined":
      return fresh(s);
    case "left":
      return { ...fresh(s), picture: false, lastFrameAt: undefined, stream: undefined, share: undefined };
    case "share":
      return { ...s, share: change.share };
    case "camera-joined":
      return { ...s, cameraSeen: true, bye: false, end: undefined, phoneCamera: undefined };
    case "phone-camera":
      return { ...s, phoneCamera: change.problem };
    case "camera-left":
      return { ...s, cameraGoneAt: change.now };
    case "room-lost":
      return { ...s, roomLost: change.lost };
    case "link":
      // The last failure stays on screen through the camera's retries, until the video is back.
      return {
        ...s,
        link: change.link,
        bye: change.link === "idle" ? s.bye : false,
        end: change.link === "live" ? undefined : s.end,
      };
    case "link-ended":
      return { ...s, end: change.end };
    case "bye":
      return { ...s, bye: true };
    case "frames":
      return {
        ...s,
        picture: change.picture,
        lastFrameAt: change.grew || s.lastFrameAt === undefined ? change.now : s.lastFrameAt,
      };
    case "stream":
      // The clean view (an OBS source) has no sound button: it plays with sound where autoplay allows it.
      return { ...s, stream: change.stream, muted: s.clean ? false : s.muted };
    case "muted":
      return { ...s, muted: change.muted };
    case "capabilities":
      return { ...s, canRecord: change.canRecord, pip: { ...s.pip, supported: change.pip } };
    case "recording":
      return { ...s, recording: change.seconds };
    case "pip":
      return { ...s, pip: { ...s.pip, active: change.active } };
    case "fullscreen":
      return { ...s, fullscreen: change.on };
    case "stats":
      return { ...s, stats: { shown: change.shown, rows: change.shown ? (change.rows ?? s.stats.rows) : [] } };
    case "idle":
      return { ...s, idle: change.idle };
    case "refused":
      // "Declined" stays the reason when the server's removal follows the Deny.
      return { ...s, refused: s.refused ?? change.why };
    case "access-said":
      if (change.state === "denied" || change.state === "removed")
        return applyChange(s, { type: "refused", why: change.state });
      // Asked again, or let in (the phone reloaded and forgot a Deny): the old refusal no longer holds.
      return { ...s, refused: undefined };
    case "console-message":
      return { ...s, console: consoleReceived(s.console, change.msg) };
    case "console-open":
      return { ...s, console: { ...s.console, open: change.open } };
    case "console-gone":
      return { ...s, console: consoleGone(s.console) };
    case "low-delay":
      return { ...s, lowDelay: change.on };
  }
}

function fresh(s: ViewerState): ViewerState {
  return {
    ...s,
    cameraSeen: false,
    cameraGoneAt: undefined,
    end: undefined,
    bye: false,
    roomLost: false,
    problem: undefined,
    notice: undefined,
    refused: undefined,
    console: consoleGone(s.console),
    phoneCamera: undefined,
  };
}

/** The picture is on screen but no new frame came for STALL_MS. */
export function isStalled(state: ViewerState, now: number): boolean {
  return state.picture && state.lastFrameAt !== undefined && now - state.lastFrameAt >= STALL_MS;
}
