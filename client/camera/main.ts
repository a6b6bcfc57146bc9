// Camera page (phone), wiring only: read the URL, create the state, connect the room, the links and the
// controls to it, and render present(state) after every change.
import { isRoomCode } from "../../signaling/protocol.js";
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
import { problemTicking, readPageParams } from "../lib/room/pairing.js";
import { RoomSession } from "../lib/room/room-session.js";
import { Broadcast } from "../lib/rtc/broadcast.js";
import { CameraDelay } from "../lib/rtc/delay/camera-delay.js";
import { Gatekeeper } from "../lib/rtc/gatekeeper.js";
import {
  adoptQrLaptop,
  forgetAllLaptops,
  isRemembered,
  qrLaptop,
  remember,
  rememberedCount,
} from "../lib/trust/laptops.js";
import { createCodeInput } from "../lib/ui/code-input.js";
import { everySecondWhile } from "../lib/ui/countdown.js";
import { ConsoleHost } from "./console-host.js";
import { indicatorElements, renderIndicator } from "./console-indicator.js";
import { LowDelayHost } from "./low-delay-host.js";
import { MediaControl } from "./media-control.js";
import { createRoomFlow } from "./room-flow.js";
import { present } from "./present.js";
import { cameraElements, fillChoices, renderCamera } from "./render.js";
import { applyChange, initialCameraState, type CameraChange } from "./state.js";

const params = readPageParams(location.search);
const el = cameraElements();
const indicatorEl = indicatorElements();
/** Made once the media and the links exist (below); renders before then have no console to tell. */
let consoleHost: ConsoleHost | undefined;
let state = initialCameraState({
  pageOrigin: `${location.protocol}//${location.host}`,
  online: navigator.onLine,
  settingsOpen: matchMedia("(min-width: 820px) and (min-aspect-ratio: 1/1)").matches,
});
const session = new RoomSession("camera");
adoptKeyFromUrl();
// At once, before anything else could read or send the address: `#v=` names the laptop that showed the QR code.
if (params.code) adoptQrLaptop(params.code);
// Fresh for every connection attempt: TURN credentials are short-lived (rtc-config.ts).
// The delay shown on the laptop: every link's encoded video frames are watched (rtc/delay/camera-delay.ts).
const broadcast = new Broadcast(session, (code) => freshRtcConfig(code), new CameraDelay());
const gatekeeper = new Gatekeeper(session, broadcast, {
  qrLaptop,
  isRemembered,
  remember,
  maxViewers: () => state.config.maxViewers,
});
const wakeLock = new ScreenWakeLock();
// A laptop's Low delay (issue 20, item 5) shrinks what its own link sends; made before the first update reads it.
const lowDelay = new LowDelayHost({
  broadcast,
  height: () => media.video?.getSettings().height,
  onChange: () => update(),
});
/**
 * The one way this page's state changes: apply `change`, copy in the room's live readings (RoomSession and
 * Broadcast keep their own), and render.
 */
function update(change?: CameraChange): void {
  const problemBefore = state.mediaProblem;
  if (change) state = applyChange(state, change);
  state = applyChange(state, {
    type: "room",
    room: {
      members: gatekeeper.members,
      qrLaptop: session.code !== undefined && qrLaptop(session.code) !== undefined,
      remembered: rememberedCount(),
      connection: session.connection,
      code: session.code,
      viewers: broadcast.viewerCount,
      connecting: broadcast.connectingCount,
      anyConnected: broadcast.anyConnected,
      lastFailure: broadcast.lastFailure,
      lowDelay: lowDelay.viewers,
    },
  });
  // The laptops hear why there is no picture, and when there is one after all (link message "camera").
  if (state.mediaProblem !== problemBefore) broadcast.broadcast({ t: "camera", problem: state.mediaProblem ?? null });
  render();
}

function render(): void {
  const secureHref = `${state.config.shareOrigin.replace(/\/$/, "")}${location.pathname}${location.search}`;
  const view = present(state, Date.now());
  renderCamera(el, view, { stream: media.stream, secureHref });
  renderIndicator(indicatorEl, view.indicator, view.stage.cameraOn);
  // After a camera change (lens, size, frame rate) verified laptops get the new capabilities.
  consoleHost?.refresh(state);
  lowDelay.refresh();
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
// Laptops adjust the camera from their console (issue 18); only verified ones, unless the holder locks it.
consoleHost = new ConsoleHost({ broadcast, gatekeeper, media, update });
update({ type: "choice", quality: media.choice.quality, fps: media.choice.fps });
const { joinCode, createAndJoin, stopAll, moveToNewCode, keepScreenOn } = createRoomFlow({
  linkCode: params.code,
  session,
  broadcast,
  media,
  codeInput,
  wakeLock,
  update,
});

// ---------- events ----------

session.on("connection", () => update());
// A phone that loses its network must say so, not blame the path between the devices (issue 19).
for (const event of ["online", "offline"])
  addEventListener(event, () => update({ type: "online", online: navigator.onLine }));
session.on("lost", (error, code) => {
  if (error.code === "CODE_NOT_FOUND" && media.stream) return void moveToNewCode(code);
  broadcast.stop();
  update({ type: "problem", problem: { kind: "refused", code: error.code, prefix: `Code ${spaced(code)} ended.` } });
});
broadcast.on("change", () => update());
broadcast.on("link", (_id, link) =>
  link.on("connected", () => state.mediaProblem && link.send({ t: "camera", problem: state.mediaProblem })),
);
gatekeeper.on("change", () => update());
broadcast.on("unreachable", (_id, end) => update({ type: "link-failed", end }));

fillChoices(
  el,
  Object.entries(QUALITY_PRESETS).map(([value, preset]) => [value, preset.label]),
  FRAME_RATES,
);

function startOrJoin(): void {
  update({ type: "media-problem", problem: undefined });
  const code = codeInput.value;
  const started = isRoomCode(code) && !session.code ? joinCode(code) : media.ensure().then(keepScreenOn);
  // "Start camera" hides itself: focus goes to the controls rather than falling back to the page body.
  void started.then(() => {
    if (media.stream && (document.activeElement === document.body || document.activeElement === null))
      el.controls.focus();
  });
}
el.start.addEventListener("click", startOrJoin);
el.retry.addEventListener("click", startOrJoin);
el.createCode.addEventListener("click", () => void createAndJoin());
el.stop.addEventListener("click", () => void stopAll());
el.switch.addEventListener("click", () => void media.switchCamera());
el.mic.addEventListener("click", () => void media.toggleMic());
el.mirror.addEventListener("click", () => update({ type: "mirror", mirror: !state.mirror }));
el.settingsToggle.addEventListener("click", () => update({ type: "settings-toggled" }));
indicatorEl.lock.addEventListener("click", () => consoleHost?.setLocked(!state.consoleLocked));
el.forgetLaptops.addEventListener("click", () => {
  forgetAllLaptops();
  update();
});
// Request cards and the member list are redrawn by render: their buttons are handled here, by viewer id.
el.requests.addEventListener("click", (e) => {
  const action = actionOf(e);
  if (action?.name === "allow") gatekeeper.allow(action.id, state.rememberTicked.includes(action.id));
  else if (action?.name === "deny") gatekeeper.deny(action.id);
});
el.requests.addEventListener("change", (e) => {
  const action = actionOf(e);
  if (action?.name === "remember")
    update({ type: "remember-ticked", id: action.id, ticked: (e.target as HTMLInputElement).checked });
});
el.memberList.addEventListener("click", (e) => {
  const action = actionOf(e);
  if (action?.name === "remove") gatekeeper.remove(action.id);
});

/** The data-action of the control an event came from, and the viewer id of its card or list item. */
function actionOf(e: Event): { name: string; id: string } | undefined {
  const control = (e.target as Element).closest<HTMLElement>("[data-action]");
  const id = control?.closest<HTMLElement>("[data-id]")?.dataset.id;
  return control?.dataset.action && id ? { name: control.dataset.action, id } : undefined;
}
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
