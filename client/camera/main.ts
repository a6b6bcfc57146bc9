// Camera page (phone), wiring only: read the URL, create the state, connect the room, the links and the
// controls to it, and render present(state) after every change.
import { isRoomCode, type RoomCode } from "../../signaling/protocol.js";
import { fetchClientConfig } from "../lib/api.js";
import { adoptKeyFromUrl } from "../lib/room/access-key.js";
import { freshRtcConfig } from "../lib/rtc/rtc-config.js";
import { showLevel } from "../lib/media/audio-level.js";
import {
  assertMediaAvailable,
  MediaAccessError,
  QUALITY_PRESETS,
  FRAME_RATES,
  type FrameRate,
  type Quality,
} from "../lib/media/media.js";
import { ScreenWakeLock } from "../lib/media/wake-lock.js";
import { spaced } from "../lib/messages.js";
import { createCode, problemTicking, readPageParams, sayGoodbye, toProblem } from "../lib/room/pairing.js";
import { RoomSession } from "../lib/room/room-session.js";
import { Broadcast } from "../lib/rtc/broadcast.js";
import { createCodeInput } from "../lib/ui/code-input.js";
import { toast } from "../lib/ui/dom.js";
import { everySecondWhile } from "../lib/ui/countdown.js";
import { MediaControl } from "./media-control.js";
import { present } from "./present.js";
import { cameraElements, fillChoices, renderCamera } from "./render.js";
import { applyChange, initialCameraState, type CameraChange } from "./state.js";

const params = readPageParams(location.search);
const el = cameraElements();
let state = initialCameraState({
  pageOrigin: `${location.protocol}//${location.host}`,
  settingsOpen: matchMedia("(min-width: 820px) and (min-aspect-ratio: 1/1)").matches,
});
const session = new RoomSession("camera");
adoptKeyFromUrl();
// Fresh for every connection attempt: TURN credentials are short-lived (rtc-config.ts).
const broadcast = new Broadcast(session, (code) => freshRtcConfig(code));
const wakeLock = new ScreenWakeLock();
/**
 * The one way this page's state changes: apply `change`, copy in the room's live readings (RoomSession and
 * Broadcast keep their own), and render.
 */
function update(change?: CameraChange): void {
  if (change) state = applyChange(state, change);
  state = applyChange(state, {
    type: "room",
    room: {
      connection: session.connection,
      code: session.code,
      viewers: broadcast.viewerCount,
      connecting: broadcast.connectingCount,
      anyConnected: broadcast.anyConnected,
      lastFailure: broadcast.lastFailure,
    },
  });
  render();
}

function render(): void {
  const secureHref = `${state.config.shareOrigin.replace(/\/$/, "")}${location.pathname}${location.search}`;
  renderCamera(el, present(state, Date.now()), { stream: media.stream, secureHref });
  // A rate limit counts down on screen.
  ticker.set(problemTicking(state.problem, Date.now()));
}
const ticker = everySecondWhile(render);

const media = new MediaControl({
  state: () => state,
  update,
  broadcast,
  onLevel: (level) => showLevel(el.micMeter, level),
  onLost: () => {
    // The OS took the camera away (another app, a phone call): say so rather than freeze silently.
    void stopAll().then(() => update({ type: "media-problem", problem: state.mediaProblem ?? "in-use" }));
  },
});
const codeInput = createCodeInput(el.codeInput, {
  onComplete: (code) => void joinCode(code),
  onIncomplete: (digits) => update({ type: "problem", problem: { kind: "incomplete", digits } }),
  onChange: (value) => update({ type: "typed", value, now: Date.now() }),
});
update({ type: "choice", quality: media.choice.quality, fps: media.choice.fps });
/** The last code we streamed to, so "Start camera" after Stop goes back to the same viewers. */
let lastCode: RoomCode | undefined;

// ---------- pairing ----------

/** The code is complete (typed, or from the URL): open the camera and join, both at once. */
async function joinCode(code: RoomCode): Promise<void> {
  codeInput.setBusy(true);
  update({ type: "problem", problem: undefined });
  try {
    const [cameraOk] = await Promise.all([media.ensure(), join(code, false)]);
    // Joined without a camera would leave the laptop waiting for a picture that never comes.
    if (!cameraOk) await leaveRoom();
    keepScreenOn();
  } catch (err) {
    update({ type: "problem", problem: toProblem(err, Date.now()) });
    codeInput.setInvalid(true);
    codeInput.focus();
  } finally {
    codeInput.setBusy(false);
    update();
  }
}

async function createAndJoin(): Promise<void> {
  update({ type: "problem", problem: undefined });
  update({ type: "creating", creating: true });
  try {
    const [code, cameraOk] = await Promise.all([createCode(), media.ensure()]);
    if (cameraOk) await join(code, true);
    keepScreenOn();
  } catch (err) {
    update({ type: "problem", problem: toProblem(err, Date.now()) });
  } finally {
    update({ type: "creating", creating: false });
  }
}

/** Joins `code` as the camera and starts offering to its viewers. Throws ServerRefusal. */
async function join(code: RoomCode, created: boolean): Promise<void> {
  update({ type: "joining", code });
  // A code this page made or got from its link is worth preparing for while the join is on the wire. A typed
  // one may be a typo, and asking /api/config about a wrong code counts as a failed join (docs/PROTOCOL.md
  // "HTTP"): then the config waits for the join's answer.
  const trusted = created || code === params.code;
  if (trusted) prepareFor(code);
  try {
    await session.join(code);
  } catch (err) {
    broadcast.cancelPrepared();
    throw err;
  } finally {
    update({ type: "joining", code: undefined });
  }
  if (!trusted) prepareFor(code);
  update({ type: "joined", created });
  lastCode = code;
  codeInput.set(code);
  // autostart in the address: a reload (pull-to-refresh on a phone happens by accident) resumes the stream.
  history.replaceState(null, "", `/camera?code=${code}&autostart=1`);
  // Offers go out now, while the camera may still be opening (a permission prompt can take seconds): the
  // connection is made meanwhile, and the picture follows through replaceTrack the moment there is one.
  broadcast.start();
  keepScreenOn();
  update();
}

/** Loads the code's ICE config (with TURN credentials) and builds the first viewer's link ahead of need. */
function prepareFor(code: RoomCode): void {
  void fetchClientConfig(code).then((config) => update({ type: "config", config }));
  broadcast.prepare(code);
}

function keepScreenOn(): void {
  if (session.code && media.stream) void wakeLock.enable();
}

async function leaveRoom(): Promise<void> {
  await sayGoodbye(() => broadcast.broadcast({ t: "bye" }));
  broadcast.stop();
  await session.leave();
  await wakeLock.disable();
  history.replaceState(null, "", lastCode ? `/camera?code=${lastCode}` : "/camera");
}

/** Stop: viewers hear "the phone stopped" (not "connection lost"), the camera light goes off. */
async function stopAll(): Promise<void> {
  await leaveRoom();
  media.stop();
  update();
}

/** The server forgot our room (it restarted). With the camera on, make a new code and tell the viewers over
 * the video connection, which kept running; they follow on their own (viewer "moved"). */
async function moveToNewCode(lostCode: RoomCode): Promise<void> {
  update({ type: "moving", moving: true });
  for (let attempt = 0; attempt < 5 && media.stream; attempt += 1) {
    try {
      const code = await createCode();
      await join(code, true);
      broadcast.broadcast({ t: "room", code });
      toast(`The server restarted · new code ${spaced(code)}`);
      break;
    } catch (err) {
      console.warn(`codecam: could not replace code ${lostCode}`, err);
      await new Promise((r) => setTimeout(r, 1_000 * 2 ** attempt));
    }
  }
  update({ type: "moving", moving: false });
}

// ---------- events ----------

session.on("connection", () => update());
session.on("lost", (error, code) => {
  if (error.code === "CODE_NOT_FOUND" && media.stream) return void moveToNewCode(code);
  broadcast.stop();
  update({ type: "problem", problem: { kind: "refused", code: error.code, prefix: `Code ${spaced(code)} ended.` } });
});
broadcast.on("change", () => update());
broadcast.on("unreachable", (_id, end) => update({ type: "link-failed", end }));

fillChoices(
  el,
  Object.entries(QUALITY_PRESETS).map(([value, preset]) => [value, preset.label]),
  FRAME_RATES,
);

function startOrJoin(): void {
  update({ type: "media-problem", problem: undefined });
  const code = codeInput.value;
  if (isRoomCode(code) && !session.code) void joinCode(code);
  else void media.ensure().then(keepScreenOn);
}
el.start.addEventListener("click", startOrJoin);
el.retry.addEventListener("click", startOrJoin);
el.createCode.addEventListener("click", () => void createAndJoin());
el.stop.addEventListener("click", () => void stopAll());
el.switch.addEventListener("click", () => void media.switchCamera());
el.mic.addEventListener("click", () => void media.toggleMic());
el.mirror.addEventListener("click", () => update({ type: "mirror", mirror: !state.mirror }));
el.settingsToggle.addEventListener("click", () => update({ type: "settings-toggled" }));
el.cameraSelect.addEventListener(
  "change",
  () => void media.reacquire({ ...media.choice, deviceId: el.cameraSelect.value }),
);
el.quality.addEventListener(
  "change",
  () => void media.applyChoice({ ...media.choice, quality: el.quality.value as Quality }),
);
el.fps.addEventListener(
  "change",
  () => void media.applyChoice({ ...media.choice, fps: Number(el.fps.value) as FrameRate }),
);
// Leaving the page on purpose: tell viewers "stopped" rather than letting them wait out a timeout.
window.addEventListener("pagehide", () => broadcast.broadcast({ t: "bye" }));

// ---------- start ----------

void fetchClientConfig(params.code).then((config) => update({ type: "config", config }));
try {
  assertMediaAvailable();
  if (params.code) {
    codeInput.set(params.code);
    update({ type: "typed", value: params.code, now: Date.now() });
    // docs/PROTOCOL.md "Page URLs": ?code= fills the code and joins on the first tap; &autostart=1 starts now.
    // The socket is already connecting and the ICE config loading; the camera opens in parallel with both.
    if (params.autostart) void joinCode(params.code);
  } else {
    void startIfAllowed();
  }
} catch (err) {
  update({ type: "media-problem", problem: MediaAccessError.from(err).problem });
}
update();

/** A returning user who already allowed the camera sees the preview at once; nobody else gets a prompt unasked. */
async function startIfAllowed(): Promise<void> {
  try {
    const status = await navigator.permissions.query({ name: "camera" as PermissionName });
    if (status.state === "granted") await media.ensure();
  } catch {
    // Firefox and older Safari cannot query the camera permission: wait for the tap.
  }
}
