// present(state): what the phone's page shows, as data. Pure and exhaustive, so the status line, the stage
// and the controls cannot disagree, and every state is unit-tested without a browser (present.test.ts).
import { hasTurn } from "../lib/api.js";
import { type IndicatorView, presentIndicator } from "../lib/console/phone-indicator.js";
import { describeProblem, type MediaProblem } from "../lib/media/media.js";
import { linkEndText, plural, spaced } from "../lib/messages.js";
import { problemText, viewerAddress } from "../lib/room/pairing.js";
import type { Member } from "../lib/rtc/gatekeeper.js";
import type { Tone } from "../lib/ui/dom.js";
import type { CameraState } from "./state.js";

/** The request card's words (issue 16), exported for the tests. */
export const REQUEST_TEXT = "Someone else is asking to watch. If it isn't you, deny it and make a new code.";
export const NOT_SCANNED_TEXT = "This is not the laptop whose QR code you scanned.";
export const COMPARE_TEXT = "Check that the laptop shows the same words.";
/** This phone has no network: said instead of blaming the path between the devices (issue 19). */
export const NO_NETWORK_TEXT = "No network — reconnecting…";

export interface RequestCard {
  /** The viewer's socket id: Allow and Deny answer this one. */
  id: string;
  /** The three words, separated by single spaces. */
  words: string;
  notScanned: boolean;
  remember: boolean;
}

export interface MemberItem {
  id: string;
  label: string;
  verified: boolean;
  /** The Remove button's accessible name. */
  removeLabel: string;
}

export interface Status {
  text: string;
  tone: Tone;
  /** A stable machine name for tests and CSS (`data-state`). */
  name: string;
}

export interface CameraView {
  /** setup: not in a room; live: in a room, waiting for or streaming to viewers. */
  view: "setup" | "live";
  status: Status;
  stage: {
    cameraOn: boolean;
    mirror: boolean;
    /** The "Start camera" card. */
    placeholder: boolean;
    startLabel: string;
    startBusy: boolean;
    startHint: string;
    blocked: { problem: MediaProblem; title: string; body: string; secureLink: boolean; retry: boolean } | undefined;
    liveBadge: boolean;
    /** Viewers on the badge, or undefined for no badge. */
    viewersBadge: number | undefined;
  };
  share: {
    /** The code boxes (setup) or the code people type on the laptop (live). */
    panel: "pair" | "share";
    /** The code big with the laptop's address, until the first viewer; then a one-line reminder. */
    big: boolean;
    viewerUrl: string;
    code: string | undefined;
    chip: string | undefined;
    /** Every viewer place is taken: said instead of the "More viewers" invitation. */
    full: string | undefined;
    error: string | undefined;
    createBusy: boolean;
  };
  /** One card per viewer waiting for the holder's answer, oldest first. */
  requests: RequestCard[];
  /** Every viewer in the room, each with a Remove button; hidden while there is none. */
  members: MemberItem[];
  /** The remote console's line on the preview ("Focus set from the laptop") and its Lock button (issue 18). */
  indicator: IndicatorView;
  controls: {
    /** "Forget remembered laptops" in the settings. */
    forget: { enabled: boolean; hint: string };
    shown: boolean;
    switchShown: boolean;
    switchBusy: boolean;
    micOn: boolean;
    micBusy: boolean;
    micLabel: string;
    /** The microphone's level meter shows while the microphone is on (the meter itself moves on its own). */
    meter: boolean;
    mirror: boolean;
    stopLabel: string;
    stopTitle: string;
    settingsShown: boolean;
    settingsOpen: boolean;
    /** The camera picker: every camera by name (phones list each rear lens), the one in use selected. */
    cameras: { options: CameraState["cameras"]; selected: string | undefined; enabled: boolean };
    quality: string;
    fps: string;
    actual: string;
  };
}

export function present(state: CameraState, now: number): CameraView {
  const inRoom = state.code !== undefined;
  const cameraOn = state.camera === "on";
  const big = inRoom && state.created && state.viewers === 0;
  const ctx = { role: "camera" as const, maxViewers: state.config.maxViewers };
  return {
    view: inRoom ? "live" : "setup",
    status: status(state),
    stage: {
      cameraOn,
      mirror: cameraOn && state.mirror,
      placeholder: !cameraOn && state.mediaProblem === undefined,
      startLabel: state.camera === "starting" ? "Starting…" : "Start camera",
      startBusy: state.camera === "starting",
      startHint:
        state.typed.length === 6 && !inRoom
          ? `Then it joins code ${spaced(state.typed)}.`
          : "Your browser will ask to use the camera.",
      blocked: blocked(state),
      liveBadge: inRoom && state.viewers > 0,
      viewersBadge: inRoom && cameraOn && state.viewers > 0 ? state.viewers : undefined,
    },
    share: {
      panel: inRoom ? "share" : "pair",
      big,
      viewerUrl: viewerAddress(state.config.shareOrigin),
      code: state.code,
      chip: inRoom && !big && state.code ? `Code ${spaced(state.code)}` : undefined,
      full:
        inRoom && state.viewers >= state.config.maxViewers
          ? `The room is full: ${state.viewers} of ${state.config.maxViewers} viewers are watching.`
          : undefined,
      error: state.problem ? problemText(state.problem, ctx, now) : undefined,
      createBusy: state.creating,
    },
    requests: state.members
      .filter((m) => m.status === "pending" && m.words)
      .sort((a, b) => (a.askedAt ?? 0) - (b.askedAt ?? 0))
      .map((m) => ({
        id: m.id,
        words: (m.words ?? []).join(" "),
        notScanned: m.notScanned,
        remember: state.rememberTicked.includes(m.id),
      })),
    members: state.members.map((m, i) => ({
      id: m.id,
      label: `${memberLabel(m)}${m.status === "verified" && state.lowDelay.includes(m.id) ? " · low delay" : ""}`,
      verified: m.status === "verified",
      removeLabel: `Remove viewer ${i + 1}`,
    })),
    indicator: presentIndicator(
      {
        last: state.consoleLast,
        locked: state.consoleLocked,
        laptops: cameraOn ? state.members.filter((m) => m.status === "verified").length : 0,
      },
      now,
    ),
    controls: {
      forget: {
        enabled: state.remembered > 0,
        hint:
          state.remembered > 0
            ? `This phone remembers ${plural(state.remembered, "laptop")}: they watch without a question.`
            : "This phone remembers no laptops.",
      },
      shown: cameraOn,
      switchShown: state.cameras.length >= 2,
      switchBusy: state.switching,
      micOn: state.micOn,
      micBusy: state.micBusy,
      micLabel: state.micOn ? "Mic on" : "Mic off",
      meter: state.micOn,
      mirror: state.mirror,
      stopLabel: inRoom ? "Stop" : "Turn off",
      stopTitle: inRoom ? "Stop streaming" : "Turn the camera off",
      settingsShown: cameraOn && state.settingsOpen,
      settingsOpen: state.settingsOpen,
      cameras: { options: state.cameras, selected: state.cameraId, enabled: state.cameras.length >= 2 },
      quality: state.quality,
      fps: String(state.fps),
      actual:
        state.track?.width && state.track.height
          ? `Camera delivers ${state.track.width}×${state.track.height} at ${Math.round(state.track.fps ?? 0)} fps`
          : "",
    },
  };
}

function status(state: CameraState): Status {
  if (state.mediaProblem) return { text: describeProblem(state.mediaProblem).title, tone: "error", name: "blocked" };
  if (state.code) {
    // No network here: the browser says so, or ICE found not one address of this device to offer. (Relay-only
    // ICE gathers nothing when the relay fails: that is the relay's trouble, and the failure names it.)
    const noNetwork = !state.online || (state.failure?.localCandidates === 0 && !state.failure.relay);
    if ((state.connection === "offline" || !state.online) && state.anyConnected)
      return { text: "Streaming · reconnecting to the server", tone: "warn", name: "streaming-offline" };
    if (noNetwork) return { text: NO_NETWORK_TEXT, tone: "warn", name: "no-network" };
    if (state.connection === "offline")
      return { text: "Can't reach the codecam server. Reconnecting…", tone: "warn", name: "offline" };
  }
  if (state.moving) return { text: "The server restarted. Making a new code…", tone: "busy", name: "moving" };
  if (state.code && state.members.some((m) => m.status === "pending"))
    return { text: "A laptop is asking to watch", tone: "warn", name: "asking" };
  if (state.camera === "starting") return { text: "Starting the camera…", tone: "busy", name: "starting" };
  if (state.joining) return { text: `Joining ${spaced(state.joining)}…`, tone: "busy", name: "joining" };
  if (state.code) {
    if (state.viewers > 0)
      return { text: `Streaming to ${plural(state.viewers, "viewer")}`, tone: "ok", name: "streaming" };
    // Said plainly: an answer from another device is what a relay that swaps answers would produce.
    if (state.qrLaptop && state.members.some((m) => m.notScanned && m.status !== "verified"))
      return {
        text: "A device that is not the laptop you scanned answered. This phone sends it nothing.",
        tone: "error",
        name: "not-scanned",
      };
    if (state.members.some((m) => m.refusal === "unverifiable"))
      return {
        text: "An answer could not be checked, so this phone sends nothing to that device.",
        tone: "error",
        name: "unverifiable",
      };
    // A failure stays on screen through the retries: flashing "Connecting…" in between would hide the reason.
    if (state.failure)
      return { text: linkEndText(state.failure, hasTurn(state.config)), tone: "error", name: "failed" };
    if (state.connecting > 0) return { text: "Connecting to the laptop…", tone: "busy", name: "connecting" };
    return { text: "Waiting for a viewer…", tone: "busy", name: "waiting" };
  }
  if (state.camera === "on") return { text: "Camera on · not shared yet", tone: "idle", name: "preview" };
  return { text: "Camera off", tone: "idle", name: "off" };
}

function blocked(state: CameraState): CameraView["stage"]["blocked"] {
  const problem = state.mediaProblem;
  if (!problem) return undefined;
  const { title, body } = describeProblem(problem, state.pageOrigin);
  return {
    problem,
    title,
    body,
    // On plain http the fix is a different address: link straight to the secure one when the server knows it.
    secureLink: problem === "insecure" && state.config.shareOrigin.startsWith("https:"),
    retry: problem !== "insecure" && problem !== "unsupported",
  };
}

/** What the member list says about one viewer. */
function memberLabel(m: Member): string {
  switch (m.status) {
    case "verified":
      return "Laptop · verified";
    case "pending":
      return "Waiting for you to allow";
    case "connecting":
      return m.notScanned ? "Not the laptop you scanned" : "Connecting…";
    case "refused":
      switch (m.refusal) {
        case "denied":
          return "Declined";
        case "expired":
          return "Not allowed in time";
        case "exchange":
          return "Failed the word check · disconnected";
        default:
          return "Could not be checked · gets nothing";
      }
  }
}
