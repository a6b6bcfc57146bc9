// Viewer page (laptop): make a code or type the phone's, join the room as a viewer, answer the camera's offer
// and show its video, with sound, snapshot, recording, full screen and connection stats.
import { isRoomCode, type ClientConfig, type RoomCode } from "../signaling/protocol.js";
import { downloadBlob, recordingSupported, Recording, snapshotPng, timestampedName } from "./lib/capture.js";
import { createCodeInput } from "./lib/code-input.js";
import { formatClock, startCountdown } from "./lib/countdown.js";
import { $, copyText, renderCodeDigits, setStatus, toast, type Tone } from "./lib/dom.js";
import { fetchClientConfig, FALLBACK_CONFIG, generateCode, hasTurn, HttpFailure } from "./lib/ice-config.js";
import { joinErrorText, linkEndText } from "./lib/messages.js";
import type { LinkEnd } from "./lib/peer-link.js";
import { renderQr } from "./lib/qr.js";
import { Receiver } from "./lib/receiver.js";
import { JoinError, RoomSession } from "./lib/room-session.js";
import { statsRows, summarizeStats, type StatsSummary } from "./lib/stats.js";
import { adoptKeyFromUrl, generateWithAccessKey, KeyPromptCancelled } from "./lib/access-key.js";
import { askForAccessKey } from "./lib/access-prompt.js";
import { freshRtcConfig } from "./lib/rtc-config.js";

const el = {
  status: $("status"),
  roomChip: $("room-chip"),
  leave: $<HTMLButtonElement>("leave"),
  startNotice: $("start-notice"),
  startNoticeTitle: $("start-notice-title"),
  startNoticeBody: $("start-notice-body"),
  createCode: $<HTMLButtonElement>("create-code"),
  codeError: $("code-error"),
  qr: $("qr"),
  code: $("code"),
  expiry: $("expiry"),
  countdown: $("countdown"),
  shareLink: $<HTMLInputElement>("share-link"),
  copyLink: $<HTMLButtonElement>("copy-link"),
  stage: $("stage"),
  video: $<HTMLVideoElement>("video"),
  liveBadge: $("live-badge"),
  recBadge: $("rec-badge"),
  recTime: $("rec-time"),
  stats: $("stats"),
  overlay: $("overlay"),
  overlaySpinner: $("overlay-spinner"),
  overlayTitle: $("overlay-title"),
  overlayBody: $("overlay-body"),
  unmute: $<HTMLButtonElement>("unmute"),
  unmuteIcon: $("unmute-icon"),
  unmuteLabel: $("unmute-label"),
  snapshot: $<HTMLButtonElement>("snapshot"),
  record: $<HTMLButtonElement>("record"),
  recordLabel: $("record-label"),
  toggleStats: $<HTMLButtonElement>("toggle-stats"),
  fullscreen: $<HTMLButtonElement>("fullscreen"),
  fullscreenIcon: $("fullscreen-icon"),
};

/** After the camera vanishes, keep the video view this long before showing the QR again: a phone reload or
 * a network blip comes back within it, and the layout does not jump back and forth. */
const CAMERA_GONE_GRACE_MS = 8_000;

const session = new RoomSession("viewer");
adoptKeyFromUrl();
// Fresh for every connection attempt: TURN credentials are short-lived (rtc-config.ts).
const receiver = new Receiver(session, () => freshRtcConfig(session.code));
const codeInput = createCodeInput($("code-input"), (code) => void joinTyped(code));

const state = {
  config: FALLBACK_CONFIG as ClientConfig,
  /** The code this page made, with its expiry: only then is there a countdown to show. */
  created: undefined as { code: RoomCode; expiresAt: number } | undefined,
  joining: undefined as RoomCode | undefined,
  /** The join under way came from the page's URL (not typed): show nothing else until it settles. */
  fromUrl: false,
  /** A camera has been in the room since we joined: the code is in use and no longer expires. */
  cameraSeen: false,
  cameraGoneAt: undefined as number | undefined,
  end: undefined as LinkEnd | undefined,
  bye: false,
  /** The server lost the room (restart) while the video kept playing: waiting for the camera's new code. */
  roomLost: false,
  recording: undefined as Recording | undefined,
  stats: undefined as StatsSummary | undefined,
};
let stopCountdown: (() => void) | undefined;
let goneTimer: ReturnType<typeof setTimeout> | undefined;

// ---------- pairing ----------

async function createCode(): Promise<void> {
  el.createCode.disabled = true;
  el.createCode.textContent = "Creating…";
  try {
    const generated = await generateWithAccessKey(generateCode, askForAccessKey);
    const created = { code: generated.code, expiresAt: Date.parse(generated.expiresAt) };
    rememberCreated(created);
    await join(generated.code, created);
  } catch (err) {
    if (err instanceof KeyPromptCancelled) return;
    const text =
      err instanceof HttpFailure && err.code === "RATE_LIMITED"
        ? `Too many new codes from this network. Try again in ${err.retryAfterSeconds ?? 60} seconds.`
        : err instanceof JoinError
          ? joinErrorText(err, "viewer", state.config.maxViewers)
          : "Could not reach the codecam server. Check the connection and try again.";
    showNotice("Couldn't create a code", text);
  } finally {
    el.createCode.disabled = false;
    el.createCode.textContent = "Create code";
  }
}

async function joinTyped(code: RoomCode): Promise<void> {
  codeInput.setBusy(true);
  el.codeError.hidden = true;
  try {
    await join(code, undefined);
  } catch (err) {
    codeInput.setInvalid(true);
    el.codeError.textContent =
      err instanceof JoinError ? joinErrorText(err, "viewer", state.config.maxViewers) : "Could not join. Try again.";
    el.codeError.hidden = false;
    codeInput.focus();
  } finally {
    codeInput.setBusy(false);
    render();
  }
}

/** Joins `code` as a viewer. `created` marks a code this page made (it shows a countdown). Throws JoinError. */
async function join(code: RoomCode, created: { code: RoomCode; expiresAt: number } | undefined): Promise<void> {
  state.joining = code;
  render();
  void fetchClientConfig(code).then((config) => {
    state.config = config;
    render();
  });
  try {
    await session.join(code);
  } finally {
    state.joining = undefined;
    state.fromUrl = false;
  }
  state.created = created;
  state.cameraSeen = false;
  state.end = undefined;
  state.bye = false;
  state.roomLost = false;
  hideNotice();
  codeInput.clear();
  history.replaceState(null, "", `/viewer?code=${code}`);
  await showPairing(code);
  render();
}

async function showPairing(code: RoomCode): Promise<void> {
  const config = await fetchClientConfig(code);
  // The QR opens the camera page with autostart: scanning it is the user's intent to start the camera, and
  // the browser's own permission prompt is the confirmation. Browsers that want a tap anyway fall back to a
  // "Start camera" button there (camera.ts), so the worst case is the one tap the issue allows.
  const link = `${config.shareOrigin.replace(/\/$/, "")}/camera?code=${code}&autostart=1`;
  renderCodeDigits(el.code, code);
  el.shareLink.value = link;
  await renderQr(el.qr, link);
  stopCountdown?.();
  stopCountdown = undefined;
  if (state.created?.code === code) {
    stopCountdown = startCountdown(el.countdown, state.created.expiresAt, onCodeExpired);
  }
  render();
}

/** The pairing window is over and no phone came: leave, so the code is freed, and offer a new one. */
function onCodeExpired(): void {
  if (state.cameraSeen) return;
  void leave();
  showNotice("The code expired", "No phone joined in time. Create a new code to try again.");
}

async function leave(): Promise<void> {
  stopRecording(false);
  // Give the goodbye a moment on the wire: closing the connection at once can drop it.
  if (receiver.sayBye()) await new Promise((r) => setTimeout(r, 150));
  receiver.close();
  stopCountdown?.();
  stopCountdown = undefined;
  state.created = undefined;
  state.cameraSeen = false;
  state.roomLost = false;
  state.end = undefined;
  await session.leave();
  history.replaceState(null, "", "/viewer");
  el.video.srcObject = null;
  render();
}

function rememberCreated(created: { code: RoomCode; expiresAt: number }): void {
  try {
    sessionStorage.setItem(`codecam:created:${created.code}`, String(created.expiresAt));
  } catch {
    // storage disabled: the countdown just won't survive a reload
  }
}
function recallCreated(code: RoomCode): { code: RoomCode; expiresAt: number } | undefined {
  try {
    const expiresAt = Number(sessionStorage.getItem(`codecam:created:${code}`));
    return expiresAt > Date.now() ? { code, expiresAt } : undefined;
  } catch {
    return undefined;
  }
}

function showNotice(title: string, body: string): void {
  el.startNoticeTitle.textContent = title;
  el.startNoticeBody.textContent = body;
  el.startNotice.hidden = false;
}
function hideNotice(): void {
  el.startNotice.hidden = true;
}

// ---------- room and media events ----------

session.on("connection", () => render());
session.on("joined", () => {
  if (hasCamera()) state.cameraSeen = true;
  render();
});
session.on("peer_joined", (peer) => {
  if (peer.type !== "camera") return;
  state.cameraSeen = true;
  state.bye = false;
  state.end = undefined;
  render();
});
session.on("peer_left", (peer) => {
  if (peer.type !== "camera") return;
  state.cameraGoneAt = Date.now();
  clearTimeout(goneTimer);
  goneTimer = setTimeout(render, CAMERA_GONE_GRACE_MS + 50);
  render();
});
session.on("lost", (error, code) => {
  if (receiver.state !== "idle") {
    // The server forgot the room (it restarted), but the video goes peer to peer and keeps playing. The camera
    // makes a new code and sends it over the video connection ("moved" below); we follow it there.
    state.roomLost = true;
    render();
    return;
  }
  if (state.created?.code === code) {
    state.created = undefined;
    toast("The server restarted, so here is a new code");
    void createCode();
    return;
  }
  void leave().then(() => showNotice(`Code ${code} ended`, joinErrorText(error, "viewer")));
});

receiver.on("stream", (stream) => {
  if (el.video.srcObject !== stream) el.video.srcObject = stream;
  void el.video.play().catch(() => {});
  render();
});
receiver.on("state", (s) => {
  if (s !== "idle") {
    state.bye = false;
    state.cameraSeen = true;
  }
  // The last failure stays on screen through the camera's retries, until the video is back.
  if (s === "live") state.end = undefined;
  render();
});
receiver.on("ended", (end) => {
  state.end = end;
  stopRecording(true);
  if (state.roomLost) {
    // No server room and no video: nothing left to wait for.
    void leave().then(() =>
      showNotice("The connection ended", "The server restarted and the phone did not come back. Pair again with a new code."),
    );
    return;
  }
  render();
});
receiver.on("bye", () => {
  state.bye = true;
  stopRecording(true);
  render();
});
receiver.on("moved", (code) => {
  if (session.code === code) return; // already there, or rejoining it on our own
  void session.join(code).then(
    () => {
      state.roomLost = false;
      state.created = undefined;
      history.replaceState(null, "", `/viewer?code=${code}`);
      void showPairing(code);
      toast(`Reconnected · new code ${code}`);
      render();
    },
    (err: unknown) => console.warn("codecam: could not follow the camera to its new code", err),
  );
});

function hasCamera(): boolean {
  return session.members.some((p) => p.type === "camera");
}
/** A decoded frame is on screen (its size is known only then): what "Live" means, not the connection state. */
function hasPicture(): boolean {
  return el.video.srcObject !== null && el.video.videoWidth > 0;
}
function hasAudio(): boolean {
  return (receiver.stream?.getAudioTracks().length ?? 0) > 0;
}

// ---------- rendering ----------

/** loading: joining a code from the URL, before we know which of the others it is. */
type View = "loading" | "start" | "pairing" | "watch";

function currentView(): View {
  if (!session.code && !state.roomLost) return state.joining && state.fromUrl ? "loading" : "start";
  if (state.roomLost || receiver.state !== "idle" || hasCamera()) return "watch";
  const goneRecently = state.cameraGoneAt !== undefined && Date.now() - state.cameraGoneAt < CAMERA_GONE_GRACE_MS;
  return state.cameraSeen && (goneRecently || state.bye) ? "watch" : "pairing";
}

function statusLine(view: View): [text: string, tone: Tone, state: string] {
  const live = (receiver.state === "live" || receiver.state === "unstable") && hasPicture();
  if (session.connection === "offline") {
    return live
      ? ["Live · reconnecting to the server (the video keeps playing)", "warn", "live-offline"]
      : ["Can't reach the codecam server. Reconnecting…", "warn", "offline"];
  }
  if (state.roomLost && live) {
    return ["Live · the server restarted; waiting for the phone's new code", "warn", "live-moving"];
  }
  if (state.joining) return [`Joining ${spaced(state.joining)}…`, "busy", "joining"];
  if (view === "start" || view === "loading") {
    return session.connection === "connecting" ? ["Connecting…", "busy", "connecting"] : ["Ready", "idle", "idle"];
  }
  if (view === "pairing") return ["Waiting for the phone to join…", "busy", "waiting"];
  switch (receiver.state) {
    case "live":
      // Connected is not live: the camera connects while its own permission prompt may still be up.
      return hasPicture() ? ["Live", "ok", "live"] : ["The phone is starting its camera…", "busy", "camera-starting"];
    case "unstable":
      return ["The connection is unstable. Trying to keep the video going…", "warn", "unstable"];
    case "connecting":
      if (noPath(state.end)) return [headline(linkEndText(state.end, hasTurn(state.config))), "error", "failed"];
      return ["Connecting to the camera…", "busy", "connecting"];
    case "idle":
      if (state.bye) return ["The phone stopped the camera", "idle", "stopped"];
      if (noPath(state.end)) return [headline(linkEndText(state.end, hasTurn(state.config))), "error", "failed"];
      if (!hasCamera()) return ["The phone disconnected. Waiting for it to come back…", "warn", "camera-gone"];
      if (state.end) return [linkEndText(state.end, hasTurn(state.config)), "warn", "reconnecting"];
      return ["The phone is starting its camera…", "busy", "camera-starting"];
  }
}

function render(): void {
  const view = currentView();
  document.body.dataset.view = view;
  $("start-view").hidden = view !== "start";
  $("pairing-view").hidden = view !== "pairing";
  $("watch-view").hidden = view !== "watch";
  const [text, tone, name] = statusLine(view);
  setStatus(el.status, text, tone, name);

  const code = session.code;
  el.roomChip.hidden = !code || view === "start";
  if (code) el.roomChip.textContent = `Code ${spaced(code)}`;
  el.leave.hidden = view === "start";
  el.leave.textContent = view === "pairing" ? "Cancel" : "Leave";
  el.expiry.hidden = !(state.created && state.created.code === code && !state.cameraSeen);

  renderStage();
}

function renderStage(): void {
  const picture = hasPicture();
  const live = receiver.state === "live" && picture;
  let stage: "live" | "connecting" | "interrupted" | "waiting";
  let title = "";
  let body = "";
  let spinner = true;
  if (live) stage = "live";
  else if (receiver.state === "live") {
    stage = "connecting";
    title = "The phone is starting its camera…";
  } else if (receiver.state === "unstable") {
    stage = "interrupted";
    title = "The connection is unstable";
    body = "Waiting for the picture to come back…";
  } else if (receiver.state === "connecting") {
    stage = picture ? "interrupted" : "connecting";
    title = noPath(state.end) ? "Can't connect to the phone. Trying again…" : "Connecting to the camera…";
    if (noPath(state.end)) body = linkEndText(state.end, hasTurn(state.config));
  } else {
    stage = picture ? "interrupted" : "waiting";
    if (state.bye) {
      title = "The phone stopped the camera";
      body = "The video comes back here when it starts again.";
      spinner = false;
    } else if (noPath(state.end)) {
      title = "Can't connect to the phone";
      body = linkEndText(state.end, hasTurn(state.config));
      spinner = false;
    } else if (!hasCamera()) {
      title = "The phone disconnected";
      body = "Waiting for it to come back…";
    } else {
      title = state.end ? "Reconnecting to the camera…" : "The phone is starting its camera…";
    }
  }
  el.stage.dataset.state = stage;
  el.overlay.hidden = stage === "live";
  el.overlaySpinner.hidden = !spinner;
  el.overlayTitle.textContent = title;
  el.overlayBody.textContent = body;
  el.liveBadge.hidden = !live;

  const audio = hasAudio();
  el.unmute.disabled = !audio;
  const soundOn = audio && !el.video.muted;
  el.unmute.setAttribute("aria-pressed", String(soundOn));
  el.unmuteIcon.setAttribute("href", `/icons.svg#${soundOn ? "volume" : "volume-off"}`);
  el.unmuteLabel.textContent = !audio ? "No sound" : soundOn ? "Sound on" : "Tap for sound";
  el.unmute.title = !audio ? "The phone's microphone is off" : "Sound on/off (M)";
  el.snapshot.disabled = !picture;
  el.record.disabled = !state.recording && (!picture || !recordingSupported());
}

/** The connection never worked (as opposed to working and dropping): ICE found no path between the devices. */
function noPath(end: LinkEnd | undefined): end is LinkEnd {
  return end !== undefined && !end.wasConnected && (end.reason === "no-path" || end.reason === "timeout");
}

/** The first sentence: the header has room for the what, the video area below explains the what-to-do. */
function headline(text: string): string {
  return /^.*?\.(?=\s|$)/.exec(text)?.[0]?.replace(/\.$/, "") ?? text;
}

function spaced(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

// ---------- video controls ----------

function toggleSound(): void {
  if (!hasAudio()) return;
  el.video.muted = !el.video.muted;
  // Unmuting is a user gesture, so play() is allowed even where autoplay with sound is not.
  void el.video.play().catch(() => {});
  render();
}

async function takeSnapshot(): Promise<void> {
  try {
    downloadBlob(await snapshotPng(el.video), timestampedName("png"));
    toast("Snapshot saved");
  } catch (err) {
    toast("No picture to save yet");
    console.warn("codecam: snapshot failed", err);
  }
}

let recTimer: ReturnType<typeof setInterval> | undefined;

function toggleRecording(): void {
  if (state.recording) return stopRecording(true);
  const stream = receiver.stream;
  if (!stream || !recordingSupported()) return;
  try {
    state.recording = new Recording(stream);
  } catch (err) {
    toast("This browser can't record this video");
    console.warn("codecam: MediaRecorder failed", err);
    return;
  }
  el.record.setAttribute("aria-pressed", "true");
  el.recBadge.hidden = false;
  const tick = () => {
    const t = formatClock(Math.floor(state.recording?.elapsedSeconds ?? 0));
    el.recTime.textContent = t;
    el.recordLabel.textContent = `Stop ${t}`;
  };
  tick();
  recTimer = setInterval(tick, 250);
  render();
}

/** Ends a recording; with `save` the file downloads (also when the video ends, so nothing recorded is lost). */
function stopRecording(save: boolean): void {
  const recording = state.recording;
  if (!recording) return;
  state.recording = undefined;
  clearInterval(recTimer);
  el.record.setAttribute("aria-pressed", "false");
  el.recordLabel.textContent = "Record";
  el.recBadge.hidden = true;
  void recording.stop().then((blob) => {
    if (!save || blob.size === 0) return;
    downloadBlob(blob, timestampedName(recording.extension));
    toast(`Recording saved (${formatClock(Math.floor(recording.elapsedSeconds))})`);
  });
  render();
}

let statsTimer: ReturnType<typeof setInterval> | undefined;

function toggleStats(): void {
  const show = el.stats.hidden;
  el.stats.hidden = !show;
  el.toggleStats.setAttribute("aria-pressed", String(show));
  clearInterval(statsTimer);
  state.stats = undefined;
  if (!show) return;
  const sample = async () => {
    const reports = (await receiver.link?.stats()) ?? [];
    state.stats = summarizeStats(reports, "inbound", state.stats);
    el.stats.replaceChildren(
      ...statsRows(state.stats).flatMap(([label, value]) => {
        const dt = document.createElement("dt");
        dt.textContent = label;
        const dd = document.createElement("dd");
        dd.textContent = value;
        return [dt, dd];
      }),
    );
  };
  void sample();
  statsTimer = setInterval(() => void sample(), 1_000);
}

function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void el.stage.requestFullscreen?.().catch(() => toast("Full screen is not available here"));
}

let idleTimer: ReturnType<typeof setTimeout> | undefined;
function wakeControls(): void {
  el.stage.dataset.idle = "false";
  clearTimeout(idleTimer);
  if (document.fullscreenElement) idleTimer = setTimeout(() => (el.stage.dataset.idle = "true"), 3_000);
}

// ---------- wiring ----------

el.createCode.addEventListener("click", () => void createCode());
el.leave.addEventListener("click", () => void leave());
el.copyLink.addEventListener("click", async () => {
  toast((await copyText(el.shareLink.value, el.shareLink)) ? "Link copied" : "Select the link and copy it");
});
el.shareLink.addEventListener("focus", () => el.shareLink.select());
el.unmute.addEventListener("click", toggleSound);
el.snapshot.addEventListener("click", () => void takeSnapshot());
el.record.addEventListener("click", toggleRecording);
el.toggleStats.addEventListener("click", toggleStats);
el.fullscreen.addEventListener("click", toggleFullscreen);
el.video.addEventListener("dblclick", toggleFullscreen);
el.video.addEventListener("resize", render);
el.video.addEventListener("loadedmetadata", render);
el.stage.addEventListener("pointermove", wakeControls);
document.addEventListener("fullscreenchange", () => {
  const full = document.fullscreenElement !== null;
  el.fullscreenIcon.setAttribute("href", `/icons.svg#${full ? "minimize" : "maximize"}`);
  el.fullscreen.setAttribute("aria-label", full ? "Leave full screen" : "Full screen");
  wakeControls();
});
document.addEventListener("keydown", (e) => {
  if (document.body.dataset.view !== "watch" || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.target instanceof HTMLInputElement) return;
  const actions: Record<string, () => void> = {
    f: toggleFullscreen,
    m: toggleSound,
    s: () => void takeSnapshot(),
    r: toggleRecording,
    i: toggleStats,
  };
  const action = actions[e.key.toLowerCase()];
  if (action) {
    e.preventDefault();
    action();
  }
});
window.addEventListener("pagehide", () => receiver.sayBye());
// A recording in progress is lost with the tab: ask first.
window.addEventListener("beforeunload", (e) => {
  if (state.recording) e.preventDefault();
});

// ---------- start ----------

const initial = new URLSearchParams(location.search).get("code") ?? "";
void fetchClientConfig(isRoomCode(initial) ? initial : undefined).then((config) => {
  state.config = config;
  render();
});
if (isRoomCode(initial)) {
  // PROTOCOL.md "Page URLs": /viewer?code=NNNNNN joins as soon as the page loads.
  state.fromUrl = true;
  join(initial, recallCreated(initial)).catch((err: unknown) => {
    history.replaceState(null, "", "/viewer");
    showNotice(
      `Couldn't join ${spaced(initial)}`,
      err instanceof JoinError ? joinErrorText(err, "viewer", state.config.maxViewers) : "Could not reach the server.",
    );
    render();
  });
} else if (initial) {
  showNotice("That link has no valid code", "A code is six digits. Type it below or create a new one.");
}
render();
