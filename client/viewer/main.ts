// Viewer page (laptop), wiring only: read the URL, create the state, connect the room, the receiver and the
// video controls to it, and render present(state) after every change.
import type { RoomCode } from "../../signaling/protocol.js";
import { fetchClientConfig } from "../lib/api.js";
import { adoptKeyFromUrl } from "../lib/room/access-key.js";
import { freshRtcConfig } from "../lib/rtc/rtc-config.js";
import { showLevel, watchAudioLevel } from "../lib/media/audio-level.js";
import { watchFrameProgress } from "../lib/media/frame-progress.js";
import { spaced } from "../lib/messages.js";
import { cameraLink, createCode, problemTicking, readPageParams, sayGoodbye, toProblem } from "../lib/room/pairing.js";
import { RoomSession } from "../lib/room/room-session.js";
import { Receiver } from "../lib/rtc/receiver.js";
import { createCodeInput } from "../lib/ui/code-input.js";
import { everySecondWhile } from "../lib/ui/countdown.js";
import { copyText, renderCodeDigits, toast } from "../lib/ui/dom.js";
import { renderQr } from "../lib/ui/qr.js";
import { present } from "./present.js";
import { renderViewer, viewerElements } from "./render.js";
import {
  cameraJoined,
  CAMERA_GONE_GRACE_MS,
  framesRead,
  initialViewerState,
  joined,
  left,
  STALL_MS,
  syncRoom,
} from "./state.js";
import { VideoControls } from "./video-controls.js";

const params = readPageParams(location.search);
const el = viewerElements();
const state = initialViewerState({
  touch: matchMedia("(hover: none) and (pointer: coarse)").matches,
  clean: params.clean,
});
const session = new RoomSession("viewer");
adoptKeyFromUrl();
// Fresh for every connection attempt: TURN credentials are short-lived (rtc-config.ts).
const receiver = new Receiver(session, () => freshRtcConfig(session.code));
const controls = new VideoControls(el, state, receiver, () => render());
const codeInput = createCodeInput(el.codeInput, {
  onComplete: (code) => void joinTyped(code),
  onIncomplete: (digits) => {
    state.problem = { kind: "incomplete", digits };
    render();
  },
  onChange: () => {
    if (state.problem && !problemTicking(state.problem, Date.now())) state.problem = undefined;
    render();
  },
});
let goneTimer: ReturnType<typeof setTimeout> | undefined;
let stopMeter: () => void = () => {};

function render(): void {
  syncRoom(state, {
    connection: session.connection,
    code: session.code,
    cameraInRoom: session.members.some((p) => p.type === "camera"),
    link: receiver.state,
  });
  state.audio = (receiver.stream?.getAudioTracks().length ?? 0) > 0;
  state.muted = el.video.muted;
  const now = Date.now();
  renderViewer(el, present(state, now));
  ticker.set(
    problemTicking(state.problem, now) ||
      (state.notice !== undefined && "problem" in state.notice && problemTicking(state.notice.problem, now)),
  );
}
const ticker = everySecondWhile(render);

// ---------- pairing ----------

/** Keeps an eye on the <video>'s frames: no new one for a while is a frozen picture (state.ts STALL_MS). */
const newFrame = watchFrameProgress(el.video);
setInterval(() => {
  const before = state.lastFrameAt;
  framesRead(state, newFrame(), el.video.srcObject !== null && el.video.videoWidth > 0, Date.now());
  if (state.picture && (before !== state.lastFrameAt || Date.now() - (state.lastFrameAt ?? 0) >= STALL_MS)) render();
}, 500);

async function createAndJoin(): Promise<void> {
  state.creating = true;
  // One complaint at a time: a rate limit refuses the create and the typed join alike.
  state.notice = undefined;
  state.problem = undefined;
  render();
  try {
    await join(await createCode());
  } catch (err) {
    state.notice = { title: "Couldn't create a code", problem: toProblem(err, Date.now()) };
  } finally {
    state.creating = false;
    render();
  }
}

async function joinTyped(code: RoomCode): Promise<void> {
  codeInput.setBusy(true);
  state.problem = undefined;
  state.notice = undefined;
  try {
    await join(code);
  } catch (err) {
    state.problem = toProblem(err, Date.now());
    codeInput.setInvalid(true);
    codeInput.focus();
  } finally {
    codeInput.setBusy(false);
    render();
  }
}

/** Joins `code` as a viewer and shows the pairing view's QR code and link. Throws ServerRefusal. */
async function join(code: RoomCode): Promise<void> {
  state.joining = code;
  render();
  try {
    await session.join(code);
  } finally {
    state.joining = undefined;
    state.fromUrl = false;
  }
  joined(state);
  codeInput.clear();
  history.replaceState(null, "", `/viewer?code=${code}${state.clean ? "&clean=1" : ""}`);
  await showPairing(code);
}

async function showPairing(code: RoomCode): Promise<void> {
  const config = await fetchClientConfig(code);
  state.config = config;
  const link = cameraLink(config.shareOrigin, code);
  renderCodeDigits(el.code, code);
  el.shareLink.value = link;
  await renderQr(el.qr, link);
  render();
}

async function leave(): Promise<void> {
  controls.stopRecording(false);
  await sayGoodbye(() => (receiver.sayBye() ? 1 : 0));
  receiver.close();
  await session.leave();
  left(state);
  history.replaceState(null, "", "/viewer");
  el.video.srcObject = null;
  render();
}

// ---------- room and media events ----------

session.on("connection", render);
session.on("joined", render);
session.on("peer_joined", (peer) => {
  if (peer.type !== "camera") return;
  cameraJoined(state);
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
    return render();
  }
  void leave().then(() => {
    state.notice = { title: `Code ${spaced(code)} ended`, problem: { kind: "refused", code: error.code } };
    render();
  });
});

receiver.on("stream", (stream) => {
  if (el.video.srcObject !== stream) el.video.srcObject = stream;
  // The clean view (an OBS source) has no sound button: it plays with sound where autoplay allows it.
  if (state.clean) el.video.muted = false;
  void el.video.play().catch(() => {
    el.video.muted = true;
    void el.video.play().catch(() => {});
  });
  stopMeter();
  stopMeter = watchAudioLevel(stream, (level) => showLevel(el.meter, level));
  render();
});
receiver.on("state", (s) => {
  if (s !== "idle") state.bye = false;
  // The last failure stays on screen through the camera's retries, until the video is back.
  if (s === "live") state.end = undefined;
  render();
});
receiver.on("ended", (end) => {
  state.end = end;
  controls.stopRecording(true);
  if (state.roomLost) {
    // No server room and no video: nothing left to wait for.
    void leave().then(() => {
      state.notice = {
        title: "The connection ended",
        body: "The server restarted and the phone did not come back. Pair again with a new code.",
      };
      render();
    });
    return;
  }
  render();
});
receiver.on("bye", () => {
  state.bye = true;
  controls.stopRecording(true);
  stopMeter();
  render();
});
receiver.on("moved", (code) => {
  if (session.code === code) return; // already there, or rejoining it on our own
  void session.join(code).then(
    () => {
      state.roomLost = false;
      history.replaceState(null, "", `/viewer?code=${code}${state.clean ? "&clean=1" : ""}`);
      void showPairing(code);
      toast(`Reconnected · new code ${spaced(code)}`);
    },
    (err: unknown) => console.warn("codecam: could not follow the camera to its new code", err),
  );
});

// ---------- wiring ----------

el.createCode.addEventListener("click", () => void createAndJoin());
el.leave.addEventListener("click", () => void leave());
el.copyLink.addEventListener("click", async () => {
  toast((await copyText(el.shareLink.value, el.shareLink)) ? "Link copied" : "Select the link and copy it");
});
el.shareLink.addEventListener("focus", () => el.shareLink.select());
el.unmute.addEventListener("click", () => controls.toggleSound());
el.snapshot.addEventListener("click", () => void controls.snapshot());
el.record.addEventListener("click", () => controls.toggleRecording());
el.toggleStats.addEventListener("click", () => controls.toggleStats());
el.pip.addEventListener("click", () => void controls.togglePip());
el.fullscreen.addEventListener("click", () => controls.toggleFullscreen());
el.video.addEventListener("dblclick", () => controls.toggleFullscreen());
el.video.addEventListener("resize", render);
el.video.addEventListener("loadedmetadata", render);
el.stage.addEventListener("pointermove", () => controls.wake());
document.addEventListener("keydown", (e) => {
  if (document.body.dataset.view !== "watch" || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.target instanceof HTMLInputElement) return;
  const actions: Record<string, () => void> = {
    f: () => controls.toggleFullscreen(),
    m: () => controls.toggleSound(),
    s: () => void controls.snapshot(),
    r: () => controls.toggleRecording(),
    i: () => controls.toggleStats(),
    p: () => void controls.togglePip(),
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
  if (controls.recording) e.preventDefault();
});

// ---------- start ----------

void fetchClientConfig(params.code).then((config) => {
  state.config = config;
  render();
});
if (params.code) {
  const code = params.code;
  // docs/PROTOCOL.md "Page URLs": /viewer?code=NNNNNN joins as soon as the page loads.
  state.fromUrl = true;
  join(code).catch((err: unknown) => {
    history.replaceState(null, "", "/viewer");
    state.notice = { title: `Couldn't join ${spaced(code)}`, problem: toProblem(err, Date.now()) };
    render();
  });
} else if (params.badCode) {
  state.notice = {
    title: "That link has no valid code",
    body: "A code is six digits. Type it below or create a new one.",
  };
}
render();
