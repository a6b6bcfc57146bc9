// Camera page (phone): open the camera, join a code as the camera (or make one), and stream to every viewer
// in the room; switch cameras, quality and microphone without re-pairing.
import { ErrorCode, isRoomCode, type ClientConfig, type RoomCode } from "../signaling/protocol.js";
import { Broadcast } from "./lib/broadcast.js";
import { createCodeInput } from "./lib/code-input.js";
import { startCountdown } from "./lib/countdown.js";
import { $, renderCodeDigits, setStatus, toast, type Tone } from "./lib/dom.js";
import { fetchClientConfig, FALLBACK_CONFIG, generateCode, hasTurn, HttpFailure } from "./lib/ice-config.js";
import {
  assertMediaAvailable,
  DEFAULT_CHOICE,
  describeProblem,
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
  type Quality,
} from "./lib/media.js";
import { joinErrorText, linkEndText, plural } from "./lib/messages.js";
import type { LinkEnd } from "./lib/peer-link.js";
import { JoinError, RoomSession } from "./lib/room-session.js";
import { ScreenWakeLock } from "./lib/wake-lock.js";
import { adoptKeyFromUrl, generateWithAccessKey, KeyPromptCancelled, loadAccessKey } from "./lib/access-key.js";
import { askForAccessKey } from "./lib/access-prompt.js";
import { freshRtcConfig } from "./lib/rtc-config.js";

const el = {
  roomChip: $("room-chip"),
  stage: $("stage"),
  preview: $<HTMLVideoElement>("preview"),
  liveBadge: $("live-badge"),
  viewersBadge: $("viewers-badge"),
  viewersCount: $("viewers-count"),
  placeholder: $("placeholder"),
  start: $<HTMLButtonElement>("start"),
  startHint: $("start-hint"),
  blocked: $("blocked"),
  blockedTitle: $("blocked-title"),
  blockedBody: $("blocked-body"),
  blockedLink: $<HTMLAnchorElement>("blocked-link"),
  retry: $<HTMLButtonElement>("retry"),
  status: $("status"),
  pairPanel: $("pair-panel"),
  codeError: $("code-error"),
  createCode: $<HTMLButtonElement>("create-code"),
  sharePanel: $("share-panel"),
  viewerUrl: $("viewer-url"),
  viewerUrlSmall: $("viewer-url-small"),
  codeSmall: $("code-small"),
  shareBig: $("share-big"),
  shareSmall: $("share-small"),
  code: $("code"),
  expiry: $("expiry"),
  countdown: $("countdown"),
  controls: $("controls"),
  mic: $<HTMLButtonElement>("mic"),
  micIcon: $("mic-icon"),
  mirror: $<HTMLButtonElement>("mirror"),
  stop: $<HTMLButtonElement>("stop"),
  switch: $<HTMLButtonElement>("switch"),
  settingsToggle: $<HTMLButtonElement>("settings-toggle"),
  settings: $("settings"),
  cameraSelect: $<HTMLSelectElement>("camera-select"),
  quality: $<HTMLSelectElement>("quality"),
  fps: $<HTMLSelectElement>("fps"),
  actual: $("actual"),
};

const SETTINGS_KEY = "codecam:camera-choice";

const session = new RoomSession("camera");
adoptKeyFromUrl();
// Fresh for every connection attempt: TURN credentials are short-lived (rtc-config.ts).
const broadcast = new Broadcast(session, (code) => freshRtcConfig(code));
const wakeLock = new ScreenWakeLock();
const codeInput = createCodeInput($("code-input"), (code) => void joinCode(code));

const state = {
  config: FALLBACK_CONFIG as ClientConfig,
  choice: loadChoice(),
  /** The camera (and microphone) as the preview shows it; its tracks are what the viewers get. */
  stream: undefined as MediaStream | undefined,
  starting: false,
  micOn: false,
  mirror: false,
  /** The cameras the browser lists (labels only appear once the camera is allowed). */
  cameras: [] as MediaDeviceInfo[],
  mediaError: undefined as MediaAccessError | undefined,
  joining: undefined as RoomCode | undefined,
  /** The code this phone made, with its expiry: the share panel shows it big with a countdown. */
  created: undefined as { code: RoomCode; expiresAt: number } | undefined,
  /** A viewer has connected since we joined: the code is in use, no countdown any more. */
  viewerSeen: false,
  unreachable: undefined as LinkEnd | undefined,
  /** The server lost our room (restart): a new code is being made while the video keeps going. */
  moving: false,
  /** Beside a wide preview there is room to keep the camera settings open; on a phone they fold away. */
  settingsOpen: matchMedia("(min-width: 820px) and (min-aspect-ratio: 1/1)").matches,
  /** The last code we streamed to, so "Start camera" after Stop goes back to the same viewers. */
  lastCode: undefined as RoomCode | undefined,
};
let stopCountdown: (() => void) | undefined;

// ---------- camera ----------

/** Opens the camera if it is not open. Returns false (and shows why) when the browser refuses. */
async function ensureCamera(): Promise<boolean> {
  if (state.stream) return true;
  if (state.starting) return waitForCamera();
  state.starting = true;
  state.mediaError = undefined;
  render();
  try {
    const stream = await openCamera(state.choice, state.micOn);
    state.stream = stream;
    el.preview.srcObject = stream;
    void el.preview.play().catch(() => {});
    const video = stream.getVideoTracks()[0];
    if (video) {
      state.mirror = facingOf(video) === "user";
      video.addEventListener("ended", onTrackEnded);
      broadcast.setTrack("video", video);
    }
    broadcast.setTrack("audio", stream.getAudioTracks()[0] ?? null);
    void refreshCameras();
    keepScreenOnWhenStreaming();
    return true;
  } catch (err) {
    state.mediaError = MediaAccessError.from(err);
    console.warn("codecam: camera refused", err);
    return false;
  } finally {
    state.starting = false;
    render();
  }
}

async function refreshCameras(): Promise<void> {
  state.cameras = await listCameras();
  render();
}

function waitForCamera(): Promise<boolean> {
  return new Promise((resolve) => {
    const check = () => (state.starting ? setTimeout(check, 50) : resolve(state.stream !== undefined));
    check();
  });
}

/** The OS took the camera away (another app, a phone call): say so rather than freeze silently. */
function onTrackEnded(this: MediaStreamTrack): void {
  if (state.stream?.getVideoTracks()[0] !== this) return;
  void stopAll();
  state.mediaError = new MediaAccessError("in-use", "the camera track ended");
  render();
}

/**
 * Swaps the camera for `choice` (another camera, quality or frame rate) while streaming. Phones cannot open
 * two cameras at once, so the old track stops first; every link then gets the new track through
 * RTCRtpSender.replaceTrack, which needs no renegotiation: viewers see a short freeze, never a re-pair.
 */
async function reacquire(choice: CameraChoice): Promise<void> {
  const stream = state.stream;
  const old = stream?.getVideoTracks()[0];
  if (!stream || !old) return;
  old.removeEventListener("ended", onTrackEnded);
  old.stop();
  let fresh: MediaStream;
  try {
    fresh = await openCamera(choice, false);
  } catch (err) {
    console.warn("codecam: switching cameras failed, going back", err);
    toast(MediaAccessError.from(err).message);
    try {
      fresh = await openCamera(state.choice, false);
    } catch (again) {
      state.mediaError = MediaAccessError.from(again);
      void stopAll();
      return;
    }
    choice = state.choice;
  }
  const track = fresh.getVideoTracks()[0]!;
  track.addEventListener("ended", onTrackEnded);
  stream.removeTrack(old);
  stream.addTrack(track);
  broadcast.setTrack("video", track);
  state.choice = choice;
  state.mirror = facingOf(track) === "user";
  saveChoice(choice);
  render();
}

async function switchCamera(): Promise<void> {
  const track = state.stream?.getVideoTracks()[0];
  if (!track) return;
  el.switch.disabled = true;
  try {
    const before = track.getSettings().deviceId;
    await reacquire(nextCamera(track, await listCameras(), state.choice));
    const after = state.stream?.getVideoTracks()[0]?.getSettings().deviceId;
    if (before && before === after) toast("This device has only one camera");
  } finally {
    el.switch.disabled = false;
  }
}

/** Quality or frame rate changed: try the running track first (seamless), else open the camera again. */
async function applyChoice(choice: CameraChoice): Promise<void> {
  const track = state.stream?.getVideoTracks()[0];
  if (!track) {
    state.choice = choice;
    saveChoice(choice);
    return;
  }
  const { deviceId: _d, facingMode: _f, ...shape } = videoConstraints(choice);
  try {
    await track.applyConstraints(shape);
    state.choice = choice;
    saveChoice(choice);
    render();
  } catch {
    await reacquire(choice);
  }
}

async function toggleMic(): Promise<void> {
  const stream = state.stream;
  if (!stream) return;
  el.mic.disabled = true;
  try {
    if (state.micOn) {
      for (const track of stream.getAudioTracks()) {
        track.stop();
        stream.removeTrack(track);
      }
      broadcast.setTrack("audio", null);
      state.micOn = false;
    } else {
      const track = await openMicrophone();
      stream.addTrack(track);
      broadcast.setTrack("audio", track);
      state.micOn = true;
    }
  } catch (err) {
    const problem = MediaAccessError.from(err).problem;
    toast(problem === "denied" ? "Microphone access is blocked in the browser's site settings" : "The microphone could not start");
  } finally {
    el.mic.disabled = false;
    render();
  }
}

// ---------- pairing ----------

/** The code is complete (typed, or from the URL): open the camera and join, both at once. */
async function joinCode(code: RoomCode): Promise<void> {
  codeInput.setBusy(true);
  el.codeError.hidden = true;
  try {
    const [cameraOk] = await Promise.all([ensureCamera(), join(code)]);
    if (!cameraOk) {
      // Joined without a camera would leave the laptop waiting for a picture that never comes.
      broadcast.stop();
      await session.leave();
      render();
    }
  } catch (err) {
    codeInput.setInvalid(true);
    el.codeError.textContent = err instanceof JoinError ? joinErrorText(err, "camera") : "Could not join. Try again.";
    el.codeError.hidden = false;
    codeInput.focus();
  } finally {
    codeInput.setBusy(false);
    render();
  }
}

async function createCode(): Promise<void> {
  el.createCode.disabled = true;
  try {
    const [generated, cameraOk] = await Promise.all([generateWithAccessKey(generateCode, askForAccessKey), ensureCamera()]);
    if (!cameraOk) return;
    await join(generated.code, { code: generated.code, expiresAt: Date.parse(generated.expiresAt) });
  } catch (err) {
    if (err instanceof KeyPromptCancelled) return;
    el.codeError.textContent =
      err instanceof HttpFailure && err.code === ErrorCode.RATE_LIMITED
        ? `Too many new codes from this network. Try again in ${err.retryAfterSeconds ?? 60} seconds.`
        : err instanceof JoinError
          ? joinErrorText(err, "camera")
          : "Could not reach the codecam server. Check the connection and try again.";
    el.codeError.hidden = false;
  } finally {
    el.createCode.disabled = false;
    render();
  }
}

/** Joins `code` as the camera and starts offering to its viewers. Throws JoinError. */
async function join(code: RoomCode, created?: { code: RoomCode; expiresAt: number }): Promise<void> {
  state.joining = code;
  render();
  void fetchClientConfig(code).then((config) => {
    state.config = config;
    render();
  });
  broadcast.prepare(code);
  try {
    await session.join(code);
  } catch (err) {
    broadcast.cancelPrepared();
    throw err;
  } finally {
    state.joining = undefined;
  }
  state.created = created;
  state.viewerSeen = false;
  state.unreachable = undefined;
  state.lastCode = code;
  el.codeError.hidden = true;
  codeInput.set(code);
  // autostart in the address: a reload (pull-to-refresh on a phone happens by accident) resumes the stream.
  history.replaceState(null, "", `/camera?code=${code}&autostart=1`);
  renderCodeDigits(el.code, code);
  stopCountdown?.();
  stopCountdown = created ? startCountdown(el.countdown, created.expiresAt, onCodeExpired) : undefined;
  // Offers go out now, while the camera may still be opening (a permission prompt can take seconds): the
  // connection is made meanwhile, and the picture follows through replaceTrack the moment there is one.
  broadcast.start();
  keepScreenOnWhenStreaming();
  render();
}

function keepScreenOnWhenStreaming(): void {
  if (session.code && state.stream) void wakeLock.enable();
}

/** No viewer came before the code's time ran out: free it, so nobody can pick it up later, and say so. */
function onCodeExpired(): void {
  if (state.viewerSeen || broadcast.viewerCount > 0) return;
  void leaveRoom().then(() => {
    el.codeError.textContent = "The code expired before a laptop joined. Create a new one.";
    el.codeError.hidden = false;
    codeInput.clear();
    render();
  });
}

async function leaveRoom(): Promise<void> {
  // Give the goodbye a moment on the wire: closing the connections at once can drop it.
  if (broadcast.broadcast({ t: "bye" }) > 0) await new Promise((r) => setTimeout(r, 150));
  broadcast.stop();
  stopCountdown?.();
  stopCountdown = undefined;
  state.created = undefined;
  await session.leave();
  await wakeLock.disable();
  history.replaceState(null, "", state.lastCode ? `/camera?code=${state.lastCode}` : "/camera");
}

/** Stop: viewers hear "the phone stopped" (not "connection lost"), the camera light goes off. */
async function stopAll(): Promise<void> {
  await leaveRoom();
  stopStream(state.stream);
  state.stream = undefined;
  state.micOn = false;
  el.preview.srcObject = null;
  render();
}

/** The server forgot our room (it restarted). With the camera on, make a new code and tell the viewers over
 * the video connection, which kept running; they follow on their own (viewer.ts "moved"). */
async function moveToNewCode(lostCode: RoomCode): Promise<void> {
  state.moving = true;
  render();
  for (let attempt = 0; attempt < 5 && state.stream; attempt += 1) {
    try {
      const generated = await generateCode(loadAccessKey());
      await join(generated.code, { code: generated.code, expiresAt: Date.parse(generated.expiresAt) });
      broadcast.broadcast({ t: "room", code: generated.code });
      toast(`The server restarted · new code ${spaced(generated.code)}`);
      break;
    } catch (err) {
      console.warn(`codecam: could not replace code ${lostCode}`, err);
      await new Promise((r) => setTimeout(r, 1_000 * 2 ** attempt));
    }
  }
  state.moving = false;
  render();
}

// ---------- events ----------

session.on("connection", () => render());
session.on("lost", (error, code) => {
  if (error.code === ErrorCode.CODE_NOT_FOUND && state.stream) {
    void moveToNewCode(code);
    return;
  }
  broadcast.stop();
  stopCountdown?.();
  state.created = undefined;
  el.codeError.textContent = `Code ${spaced(code)} ended. ${joinErrorText(error, "camera")}`;
  el.codeError.hidden = false;
  render();
});
broadcast.on("change", () => {
  if (broadcast.viewerCount > 0) {
    state.viewerSeen = true;
    state.unreachable = undefined;
  }
  render();
});
broadcast.on("unreachable", (_id, end) => {
  state.unreachable = end;
  render();
});

// ---------- rendering ----------

function statusLine(): [text: string, tone: Tone, state: string] {
  const viewers = broadcast.viewerCount;
  if (state.mediaError) return [state.mediaError.message, "error", "blocked"];
  if (session.connection === "offline" && session.code) {
    return broadcast.anyConnected
      ? ["Streaming · reconnecting to the server", "warn", "streaming-offline"]
      : ["Can't reach the codecam server. Reconnecting…", "warn", "offline"];
  }
  if (state.moving) return ["The server restarted. Making a new code…", "busy", "moving"];
  if (state.starting) return ["Starting the camera…", "busy", "starting"];
  if (state.joining) return [`Joining ${spaced(state.joining)}…`, "busy", "joining"];
  if (session.code) {
    if (viewers > 0) return [`Streaming to ${plural(viewers, "viewer")}`, "ok", "streaming"];
    // A failure stays on screen through the retries: flashing "Connecting…" in between would hide the reason.
    const failure = state.unreachable ?? broadcast.lastFailure;
    if (failure) return [linkEndText(failure, hasTurn(state.config)), "error", "failed"];
    if (broadcast.connectingCount > 0) return ["Connecting to the laptop…", "busy", "connecting"];
    return ["Waiting for a viewer…", "busy", "waiting"];
  }
  if (state.stream) return ["Camera on · not shared yet", "idle", "preview"];
  return ["Camera off", "idle", "off"];
}

function render(): void {
  const inRoom = session.code !== undefined;
  const cameraOn = state.stream !== undefined;
  document.body.dataset.view = inRoom ? "live" : "setup";
  const [text, tone, name] = statusLine();
  setStatus(el.status, text, tone, name);

  el.stage.dataset.camera = cameraOn ? "on" : "off";
  el.stage.dataset.mirror = String(cameraOn && state.mirror);
  el.placeholder.hidden = cameraOn || state.mediaError !== undefined;
  el.start.disabled = state.starting;
  el.start.textContent = state.starting ? "Starting…" : "Start camera";
  el.startHint.textContent =
    codeInput.value.length === 6 && !inRoom
      ? `Then it joins code ${spaced(codeInput.value)}.`
      : "Your browser will ask to use the camera.";

  renderBlocked();

  const viewers = broadcast.viewerCount;
  el.liveBadge.hidden = !(inRoom && viewers > 0);
  el.viewersBadge.hidden = !(inRoom && cameraOn && viewers > 0);
  el.viewersCount.textContent = String(viewers);
  el.viewersBadge.setAttribute("aria-label", plural(viewers, "viewer"));

  el.pairPanel.hidden = inRoom;
  el.sharePanel.hidden = !inRoom;
  const compact = !(state.created && viewers === 0);
  el.sharePanel.dataset.compact = String(compact);
  el.shareBig.hidden = compact;
  el.shareSmall.hidden = !compact;
  el.expiry.hidden = !(state.created && !state.viewerSeen);
  const viewerUrl = `${state.config.shareOrigin.replace(/^https?:\/\//, "").replace(/\/$/, "")}/viewer`;
  el.viewerUrl.textContent = viewerUrl;
  el.viewerUrlSmall.textContent = viewerUrl;
  if (session.code) el.codeSmall.textContent = spaced(session.code);
  el.roomChip.hidden = !inRoom || !compact;
  if (session.code) el.roomChip.textContent = `Code ${spaced(session.code)}`;

  el.controls.hidden = !cameraOn;
  el.switch.hidden = state.cameras.length < 2;
  el.mic.setAttribute("aria-pressed", String(state.micOn));
  el.mic.setAttribute("aria-label", state.micOn ? "Microphone on" : "Microphone off");
  el.mic.title = state.micOn ? "Microphone on: viewers hear this phone" : "Microphone off";
  el.micIcon.setAttribute("href", `/icons.svg#${state.micOn ? "mic" : "mic-off"}`);
  el.mirror.setAttribute("aria-pressed", String(state.mirror));
  el.stop.setAttribute("aria-label", inRoom ? "Stop streaming" : "Turn the camera off");
  el.stop.title = inRoom ? "Stop streaming" : "Turn the camera off";
  const settings = state.stream?.getVideoTracks()[0]?.getSettings();
  el.settings.hidden = !(cameraOn && state.settingsOpen);
  el.settingsToggle.setAttribute("aria-pressed", String(state.settingsOpen));
  el.settingsToggle.setAttribute("aria-expanded", String(state.settingsOpen));
  renderCameraOptions(settings?.deviceId);
  el.quality.value = state.choice.quality;
  el.fps.value = String(state.choice.fps);
  el.actual.textContent =
    settings?.width && settings.height
      ? `Camera delivers ${settings.width}×${settings.height} at ${Math.round(settings.frameRate ?? 0)} fps`
      : "";
}

/** The camera picker: every camera by name (phones list each rear lens), the one in use selected. */
function renderCameraOptions(current: string | undefined): void {
  const ids = state.cameras.map((c) => c.deviceId).join();
  if (el.cameraSelect.dataset.ids !== ids) {
    el.cameraSelect.dataset.ids = ids;
    el.cameraSelect.replaceChildren(
      ...state.cameras.map((cam, i) => new Option(cam.label || `Camera ${i + 1}`, cam.deviceId)),
    );
  }
  if (current) el.cameraSelect.value = current;
  el.cameraSelect.disabled = state.cameras.length < 2;
}

function renderBlocked(): void {
  const problem = state.mediaError?.problem;
  el.blocked.hidden = !problem;
  if (!problem) return;
  const { title, body } = describeProblem(problem);
  el.blockedTitle.textContent = title;
  el.blockedBody.textContent = body;
  // On plain http the fix is a different address: link straight to the secure one when the server knows it.
  const secure = problem === "insecure" && state.config.shareOrigin.startsWith("https:");
  el.blockedLink.hidden = !secure;
  if (secure) el.blockedLink.href = `${state.config.shareOrigin.replace(/\/$/, "")}${location.pathname}${location.search}`;
  el.retry.hidden = problem === "insecure" || problem === "unsupported";
}

function spaced(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

// ---------- settings ----------

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

for (const [value, preset] of Object.entries(QUALITY_PRESETS)) el.quality.add(new Option(preset.label, value));
for (const fps of FRAME_RATES) el.fps.add(new Option(`${fps} fps`, String(fps)));

// ---------- wiring ----------

el.start.addEventListener("click", () => {
  const code = codeInput.value;
  if (isRoomCode(code) && !session.code) void joinCode(code);
  else void ensureCamera();
});
el.retry.addEventListener("click", () => {
  state.mediaError = undefined;
  const code = codeInput.value;
  if (isRoomCode(code) && !session.code) void joinCode(code);
  else void ensureCamera();
});
el.createCode.addEventListener("click", () => void createCode());
el.stop.addEventListener("click", () => void stopAll());
el.switch.addEventListener("click", () => void switchCamera());
el.mic.addEventListener("click", () => void toggleMic());
el.mirror.addEventListener("click", () => {
  state.mirror = !state.mirror;
  render();
});
el.settingsToggle.addEventListener("click", () => {
  state.settingsOpen = !state.settingsOpen;
  render();
});
el.cameraSelect.addEventListener("change", () => void reacquire({ ...state.choice, deviceId: el.cameraSelect.value }));
el.quality.addEventListener("change", () => void applyChoice({ ...state.choice, quality: el.quality.value as Quality }));
el.fps.addEventListener("change", () => void applyChoice({ ...state.choice, fps: Number(el.fps.value) as FrameRate }));
// Leaving the page on purpose: tell viewers "stopped" rather than letting them wait out a timeout.
window.addEventListener("pagehide", () => broadcast.broadcast({ t: "bye" }));

// ---------- start ----------

const params = new URLSearchParams(location.search);
const initialCode = params.get("code") ?? "";
void fetchClientConfig(isRoomCode(initialCode) ? initialCode : undefined).then((config) => {
  state.config = config;
  render();
});

try {
  assertMediaAvailable();
  if (isRoomCode(initialCode)) {
    codeInput.set(initialCode);
    // PROTOCOL.md "Page URLs": ?code= fills the code and joins on the first tap; &autostart=1 starts now.
    // The socket is already connecting and the ICE config loading; the camera opens in parallel with both.
    if (params.get("autostart") === "1") void joinCode(initialCode);
  } else {
    void startIfAllowed();
  }
} catch (err) {
  state.mediaError = MediaAccessError.from(err);
}
render();

/** A returning user who already allowed the camera sees the preview at once; nobody else gets a prompt unasked. */
async function startIfAllowed(): Promise<void> {
  try {
    const status = await navigator.permissions.query({ name: "camera" as PermissionName });
    if (status.state === "granted") await ensureCamera();
  } catch {
    // Firefox and older Safari cannot query the camera permission: wait for the tap.
  }
}
