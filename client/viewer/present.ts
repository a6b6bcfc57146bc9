// present(state): what the laptop's page shows, as data. Pure and exhaustive: the status line and the stage
// come from the same decisions, so they cannot disagree, and every state is unit-tested (present.test.ts).
import { hasTurn } from "../lib/api.js";
import { type ConsoleView, presentConsole } from "../lib/console/laptop-console.js";
import {
  isNoPath,
  linkEndText,
  PHONE_CAMERA_TITLE,
  phoneCameraCause,
  phoneCameraText,
  spaced,
} from "../lib/messages.js";
import { problemText } from "../lib/room/pairing.js";
import { formatClock } from "../lib/ui/countdown.js";
import type { Tone } from "../lib/ui/dom.js";
import { cleanStage, type StageOverlay } from "./present-clean.js";
import { CAMERA_GONE_GRACE_MS, isStalled, type ViewerState } from "./state.js";

/** The waiting line (design of issue 16); the words follow it in their own element. */
export const WAITING_TEXT = "Waiting for the phone to allow this laptop — check that it shows:";
export const DECLINED_TEXT = "The phone declined this laptop.";
export const REMOVED_TEXT = "The phone removed this laptop.";

export interface Status {
  text: string;
  tone: Tone;
  /** A stable machine name for tests and CSS (`data-state`). */
  name: string;
}

/** loading: joining a code from the URL, before we know which of the others it is. */
export type View = "loading" | "start" | "pairing" | "watch";

export interface ViewerView {
  view: View;
  clean: boolean;
  status: Status;
  header: { chip: string | undefined; leave: string | undefined };
  start: {
    /** `retry`: a Try again button joins this code. */
    notice: { title: string; body: string; retry: string | undefined } | undefined;
    codeError: string | undefined;
    createLabel: string;
    createBusy: boolean;
  };
  pairing: { title: string; hint: string; share: ViewerState["share"] };
  /** What the <video> plays, and whether muted (the sound button's state). */
  video: { stream: MediaStream | undefined; muted: boolean };
  stage: {
    state: "live" | "connecting" | "interrupted" | "waiting";
    /** In full screen without the mouse moving: the controls fade. */
    idle: boolean;
    /** The phone verified or allowed this laptop, and the link is up. */
    verified: boolean;
    /** `words`: the words to compare, while the phone is asked about this laptop. */
    overlay: StageOverlay | undefined;
    liveBadge: boolean;
    recording: string | undefined;
  };
  controls: {
    sound: { enabled: boolean; on: boolean; label: string; title: string };
    snapshot: boolean;
    record: { enabled: boolean; on: boolean; label: string };
    stats: ViewerState["stats"];
    lowDelay: boolean;
    pip: { shown: boolean; enabled: boolean; on: boolean };
    fullscreen: boolean;
  };
  /** The phone's camera controls (issue 18): offered only while watching, and not in the clean view. */
  console: ConsoleView;
}

export function present(state: ViewerState, now: number): ViewerView {
  const view = currentView(state, now);
  const ctx = { role: "viewer" as const, maxViewers: state.config.maxViewers };
  const soundOn = state.audio && !state.muted;
  const recordingTime = state.recording === undefined ? undefined : formatClock(Math.floor(state.recording));
  return {
    view,
    clean: state.clean,
    status: status(state, view, now),
    header: {
      chip: state.code && view !== "start" ? `Code ${spaced(state.code)}` : undefined,
      leave: view === "start" ? undefined : view === "pairing" ? "Cancel" : "Leave",
    },
    start: {
      notice: state.notice
        ? {
            title: state.notice.title,
            body: "body" in state.notice ? state.notice.body : problemText(state.notice.problem, ctx, now),
            retry: state.notice.retry,
          }
        : undefined,
      codeError: state.problem ? problemText(state.problem, ctx, now) : undefined,
      createLabel: state.creating ? "Creating…" : "Create code",
      createBusy: state.creating,
    },
    pairing: {
      ...(state.bye
        ? {
            title: "The phone stopped the camera",
            hint: "Scan the code again, or type it on the phone, to start again.",
          }
        : { title: "Scan with your phone", hint: "The code works as long as this page stays open." }),
      share: state.share,
    },
    video: { stream: state.stream, muted: state.muted },
    stage: {
      ...(state.clean ? cleanStage(state, now, status(state, view, now).text, asked(state)) : stage(state, now)),
      idle: state.idle,
      verified: (state.access === "verified" || state.access === "allowed") && state.link !== "idle",
      recording: recordingTime,
    },
    controls: {
      sound: {
        enabled: state.audio,
        on: soundOn,
        label: !state.audio ? "No sound" : soundOn ? "Sound on" : state.touch ? "Tap for sound" : "Click for sound",
        title: !state.audio ? "The phone's microphone is off" : "Sound on/off (M)",
      },
      snapshot: state.picture,
      record: {
        enabled: state.recording !== undefined || (state.picture && state.canRecord),
        on: state.recording !== undefined,
        label: recordingTime === undefined ? "Record" : `Stop ${recordingTime}`,
      },
      stats: state.stats,
      lowDelay: state.lowDelay,
      pip: { shown: state.pip.supported, enabled: state.picture || state.pip.active, on: state.pip.active },
      fullscreen: state.fullscreen,
    },
    console: viewerConsole(state, view),
  };
}

/** The console as presentConsole() words it, withdrawn outside the watch view and in the clean view. */
function viewerConsole(state: ViewerState, view: View): ConsoleView {
  const shown = presentConsole(state.console);
  if (view === "watch" && !state.clean) return shown;
  return { ...shown, available: false, open: false, tapToFocus: false };
}

function currentView(state: ViewerState, now: number): View {
  // The clean view (an OBS source) never shows the start page or the QR: it is the video or one quiet line.
  if (state.clean) return "watch";
  if (!state.code && !state.roomLost) return state.joining && state.fromUrl ? "loading" : "start";
  if (state.roomLost || state.link !== "idle" || state.cameraInRoom) return "watch";
  // The phone stopped on purpose: offer the code again, so it can pair once more.
  if (state.bye) return "pairing";
  const goneRecently = state.cameraGoneAt !== undefined && now - state.cameraGoneAt < CAMERA_GONE_GRACE_MS;
  return state.cameraSeen && goneRecently ? "watch" : "pairing";
}

function isLive(state: ViewerState): boolean {
  return (state.link === "live" || state.link === "unstable") && state.picture;
}

function status(state: ViewerState, view: View, now: number): Status {
  const turn = hasTurn(state.config);
  if (state.connection === "offline") {
    return isLive(state)
      ? { text: "Live · reconnecting to the server (the video keeps playing)", tone: "warn", name: "live-offline" }
      : { text: "Can't reach the codecam server. Reconnecting…", tone: "warn", name: "offline" };
  }
  if (state.roomLost && isLive(state)) {
    return { text: "Live · the server restarted; waiting for the phone's new code", tone: "warn", name: "live-moving" };
  }
  if (state.joining) return { text: `Joining ${spaced(state.joining)}…`, tone: "busy", name: "joining" };
  if (view === "start" || view === "loading") {
    return state.connection === "connecting"
      ? { text: "Connecting…", tone: "busy", name: "connecting" }
      : { text: "Ready", tone: "idle", name: "idle" };
  }
  if (state.bye && state.link === "idle")
    return { text: "The phone stopped the camera", tone: "idle", name: "stopped" };
  if (view === "pairing") return { text: "Waiting for the phone to join…", tone: "busy", name: "waiting" };
  if (state.refused === "denied") return { text: DECLINED_TEXT, tone: "error", name: "declined" };
  if (state.refused === "removed") return { text: REMOVED_TEXT, tone: "error", name: "removed" };
  if (waiting(state)) return { text: "Waiting for the phone's approval", tone: "busy", name: "pending" };
  if (state.phoneCamera && state.cameraInRoom)
    return { text: phoneCameraText(state.phoneCamera), tone: "error", name: "phone-camera" };
  switch (state.link) {
    case "live":
      // Connected is not live: the camera connects while its own permission prompt may still be up.
      if (!state.picture) return { text: "The phone is starting its camera…", tone: "busy", name: "camera-starting" };
      if (isStalled(state, now))
        return { text: "The picture stopped. Waiting for the phone…", tone: "warn", name: "stalled" };
      return { text: "Live", tone: "ok", name: "live" };
    case "unstable":
      return { text: "The connection is unstable. Trying to keep the video going…", tone: "warn", name: "unstable" };
    case "connecting":
      if (isNoPath(state.end)) return { text: headline(linkEndText(state.end, turn)), tone: "error", name: "failed" };
      return { text: "Connecting to the camera…", tone: "busy", name: "connecting" };
    case "idle":
      if (isNoPath(state.end)) return { text: headline(linkEndText(state.end, turn)), tone: "error", name: "failed" };
      if (!state.cameraInRoom && !state.cameraSeen)
        return { text: "Waiting for the phone to join…", tone: "busy", name: "waiting" };
      if (!state.cameraInRoom)
        return { text: "The phone disconnected. Waiting for it to come back…", tone: "warn", name: "camera-gone" };
      if (state.end) return { text: linkEndText(state.end, turn), tone: "warn", name: "reconnecting" };
      return { text: "The phone is starting its camera…", tone: "busy", name: "camera-starting" };
  }
}

function stage(state: ViewerState, now: number): Omit<ViewerView["stage"], "recording" | "idle" | "verified"> {
  const turn = hasTurn(state.config);
  const overlay = (title: string, body = "", spinner = true) => ({ title, body, spinner });
  if (state.refused) {
    const title = state.refused === "denied" ? DECLINED_TEXT : REMOVED_TEXT;
    return {
      state: "waiting",
      overlay: overlay(title, "Ask whoever holds the phone, or make a new code.", false),
      liveBadge: false,
    };
  }
  const question = asked(state);
  if (question) return { state: "waiting", overlay: question, liveBadge: false };
  if (state.phoneCamera && state.cameraInRoom) {
    const body = `${phoneCameraCause(state.phoneCamera)} The picture comes as soon as the phone's camera starts.`;
    return { state: "waiting", overlay: overlay(PHONE_CAMERA_TITLE, body, false), liveBadge: false };
  }
  if (state.link === "live" && state.picture) {
    if (isStalled(state, now)) {
      return {
        state: "interrupted",
        overlay: overlay("The picture stopped", "No new frames from the phone for a few seconds. Waiting for them…"),
        liveBadge: false,
      };
    }
    return { state: "live", overlay: undefined, liveBadge: true };
  }
  const picture = state.picture;
  switch (state.link) {
    case "live":
      return { state: "connecting", overlay: overlay("The phone is starting its camera…"), liveBadge: false };
    case "unstable":
      return {
        state: "interrupted",
        overlay: overlay("The connection is unstable", "Waiting for the picture to come back…"),
        liveBadge: false,
      };
    case "connecting": {
      const noPath = isNoPath(state.end);
      return {
        state: picture ? "interrupted" : "connecting",
        overlay: overlay(
          noPath ? "Can't connect to the phone. Trying again…" : "Connecting to the camera…",
          noPath && state.end ? linkEndText(state.end, turn) : "",
        ),
        liveBadge: false,
      };
    }
    case "idle": {
      const s = picture ? "interrupted" : "waiting";
      if (state.bye) return { state: s, overlay: overlay("The phone stopped the camera", "", false), liveBadge: false };
      if (isNoPath(state.end))
        return {
          state: s,
          overlay: overlay("Can't connect to the phone", linkEndText(state.end, turn), false),
          liveBadge: false,
        };
      if (!state.cameraInRoom && !state.cameraSeen)
        return { state: s, overlay: overlay("Waiting for the phone…"), liveBadge: false };
      if (!state.cameraInRoom)
        return {
          state: s,
          overlay: overlay("The phone disconnected", "Waiting for it to come back…"),
          liveBadge: false,
        };
      return {
        state: s,
        overlay: overlay(
          state.end
            ? "Reconnecting to the camera…"
            : state.cameraSeen
              ? "The phone is starting its camera…"
              : "Waiting for the phone…",
        ),
        liveBadge: false,
      };
    }
  }
}

/** The waiting line with the words to compare, while the phone is asked about this laptop. */
function asked(state: ViewerState): StageOverlay | undefined {
  const words = state.refused ? undefined : waiting(state);
  return words ? { title: WAITING_TEXT, body: "", spinner: true, words } : undefined;
}

/** The words to show while the phone is asked about this laptop, else undefined. */
function waiting(state: ViewerState): string | undefined {
  return state.access === "pending" && state.link !== "idle" ? state.words : undefined;
}

/** The first sentence: the header has room for the what, the video area below explains the what-to-do. */
function headline(text: string): string {
  return /^.*?\.(?=\s|$)/.exec(text)?.[0]?.replace(/\.$/, "") ?? text;
}
