// Viewer page (laptop), wiring only: read the URL, create the state, connect the room, the receiver and the
// video controls to it, and render present(state) after every change.
import { ErrorCode, type RoomCode } from "../../signaling/protocol.js";
import { fetchClientConfig } from "../lib/api.js";
import { adoptKeyFromUrl } from "../lib/room/access-key.js";
import { showLevel, watchAudioLevel } from "../lib/media/audio-level.js";
import { watchFrameProgress } from "../lib/media/frame-progress.js";
import { spaced } from "../lib/messages.js";
import { cameraLink, createCode, problemTicking, readPageParams, sayGoodbye, toProblem } from "../lib/room/pairing.js";
import { RoomSession } from "../lib/room/room-session.js";
import { Receiver } from "../lib/rtc/receiver.js";
import { createCodeInput } from "../lib/ui/code-input.js";
import { everySecondWhile } from "../lib/ui/countdown.js";
import { copyText, toast } from "../lib/ui/dom.js";
import { DECLINED_TEXT, present, REMOVED_TEXT } from "./present.js";
import { renderViewer, viewerElements } from "./render.js";
import { applyChange, CAMERA_GONE_GRACE_MS, initialViewerState, type ViewerChange } from "./state.js";
import { ViewerConsole, consoleElements } from "./console-ui.js";
import { viewerIdentity } from "./identity.js";
import { LowDelayControl } from "./low-delay.js";
import { VideoControls, wireVideoControls } from "./video-controls.js";

const params = readPageParams(location.search);
const el = viewerElements();
/** The phone's camera controls (issue 18); made below, after renders that have nothing to show in it. */
let consoleUi: ViewerConsole | undefined;
let state = initialViewerState({
  touch: matchMedia("(hover: none) and (pointer: coarse)").matches,
  clean: params.clean,
});
const session = new RoomSession("viewer");
adoptKeyFromUrl();
const identity = viewerIdentity();
const receiver = new Receiver(session, () => identity.rtcConfig(session.code));

/**
 * The one way this page's state changes: apply `change`, copy in the room's live readings (RoomSession and
 * Receiver keep their own), and render.
 */
function update(change?: ViewerChange): void {
  if (change) state = applyChange(state, change);
  state = applyChange(state, {
    type: "room",
    room: {
      connection: session.connection,
      code: session.code,
      cameraInRoom: session.members.some((p) => p.type === "camera"),
      link: receiver.state,
      audio: (receiver.stream?.getAudioTracks().length ?? 0) > 0,
      access: receiver.access.state,
      words: receiver.access.words?.join(" "),
    },
  });
  render();
}

function render(): void {
  const now = Date.now();
  const view = present(state, now);
  renderViewer(el, view);
  consoleUi?.render(view.console);
  ticker.set(
    problemTicking(state.problem, now) ||
      (state.notice !== undefined && "problem" in state.notice && problemTicking(state.notice.problem, now)),
  );
}
const ticker = everySecondWhile(render);

const controls = new VideoControls(el, () => state, receiver, update);
consoleUi = new ViewerConsole(consoleElements(), receiver, update);
const lowDelay = new LowDelayControl(receiver, () => state, update);
const codeInput = createCodeInput(el.codeInput, {
  onComplete: (code) => void joinTyped(code),
  onIncomplete: (digits) => update({ type: "problem", problem: { kind: "incomplete", digits } }),
  onChange: () => update({ type: "typed", now: Date.now() }),
});
let goneTimer: ReturnType<typeof setTimeout> | undefined;
let stopMeter: () => void = () => {};

// ---------- pairing ----------

/** Keeps an eye on the <video>'s frames: no new one for a while is a frozen picture (state.ts STALL_MS). */
const newFrame = watchFrameProgress(el.video);
setInterval(() => {
  const picture = el.video.srcObject !== null && el.video.videoWidth > 0;
  update({ type: "frames", grew: newFrame(), picture, now: Date.now() });
}, 500);

async function createAndJoin(): Promise<void> {
  // One complaint at a time: a rate limit refuses the create and the typed join alike.
  update({ type: "notice", notice: undefined });
  update({ type: "problem", problem: undefined });
  update({ type: "creating", creating: true });
  try {
    await join(await createCode());
    // The button that had focus is gone with the start view: keyboard and screen-reader users land on the new one.
    if (document.body.dataset.view === "pairing") el.pairingTitle.focus();
  } catch (err) {
    update({ type: "notice", notice: { title: "Couldn't create a code", problem: toProblem(err, Date.now()) } });
  } finally {
    update({ type: "creating", creating: false });
  }
}

async function joinTyped(code: RoomCode): Promise<void> {
  codeInput.setBusy(true);
  update({ type: "problem", problem: undefined });
  update({ type: "notice", notice: undefined });
  try {
    await join(code);
  } catch (err) {
    update({ type: "problem", problem: toProblem(err, Date.now()) });
    codeInput.setInvalid(true);
    codeInput.focus();
  } finally {
    codeInput.setBusy(false);
    update();
  }
}

/** Joins `code` as a viewer and shows the pairing view's QR code and link. Throws ServerRefusal. */
async function join(code: RoomCode, fromUrl = false): Promise<void> {
  update({ type: "joining", code, fromUrl });
  try {
    await session.join(code);
  } finally {
    update({ type: "joining", code: undefined });
  }
  update({ type: "joined" });
  codeInput.clear();
  history.replaceState(null, "", `/viewer?code=${code}${state.clean ? "&clean=1" : ""}`);
  await showPairing(code);
}

async function showPairing(code: RoomCode): Promise<void> {
  const [config, laptop] = await Promise.all([fetchClientConfig(code), identity.fingerprint]);
  update({ type: "config", config });
  update({ type: "share", share: { code, link: cameraLink(config.shareOrigin, code, laptop) } });
}

async function leave(): Promise<void> {
  controls.stopRecording(false);
  await sayGoodbye(() => (receiver.sayBye() ? 1 : 0));
  receiver.close();
  await session.leave();
  history.replaceState(null, "", "/viewer");
  update({ type: "left" });
}

// ---------- room and media events ----------

session.on("connection", () => update());
session.on("joined", () => update());
session.on("peer_joined", (peer) => {
  if (peer.type === "camera") update({ type: "camera-joined" });
});
session.on("peer_left", (peer) => {
  if (peer.type !== "camera") return;
  clearTimeout(goneTimer);
  goneTimer = setTimeout(render, CAMERA_GONE_GRACE_MS + 50);
  update({ type: "camera-left", now: Date.now() });
});
session.on("lost", (error, code) => {
  if (receiver.state !== "idle") {
    // The server forgot the room (it restarted), but the video goes peer to peer and keeps playing. The camera
    // makes a new code and sends it over the video connection ("moved" below); we follow it there.
    return update({ type: "room-lost", lost: true });
  }
  void leave().then(() =>
    update({
      type: "notice",
      notice: { title: `Code ${spaced(code)} ended`, problem: { kind: "refused", code: error.code } },
    }),
  );
});

session.on("removed", () => {
  // No rejoin: the phone's holder chose this. The page says so where a new pairing starts.
  const declined = state.refused === "denied";
  void leave().then(() => {
    update({ type: "refused", why: declined ? "denied" : "removed" });
    update({
      type: "notice",
      notice: {
        title: declined ? DECLINED_TEXT : REMOVED_TEXT,
        body: "Ask whoever holds the phone to let this laptop watch, or pair with a new code.",
      },
    });
  });
});
receiver.on("camera", (problem) => update({ type: "phone-camera", problem: problem ?? undefined }));
receiver.on("access", () => {
  const said = receiver.access.state;
  update(said ? { type: "access-said", state: said } : undefined);
});

receiver.on("stream", (stream) => {
  update({ type: "stream", stream });
  void el.video.play().catch(() => {
    update({ type: "muted", muted: true });
    void el.video.play().catch(() => {});
  });
  stopMeter();
  stopMeter = watchAudioLevel(stream, (level) => showLevel(el.meter, level));
});
receiver.on("state", (link) => update({ type: "link", link }));
receiver.on("ended", (end) => {
  update({ type: "link-ended", end });
  controls.stopRecording(true);
  if (state.roomLost) {
    // No server room and no video: nothing left to wait for.
    void leave().then(() =>
      update({
        type: "notice",
        notice: {
          title: "The connection ended",
          body: "The server restarted and the phone did not come back. Pair again with a new code.",
        },
      }),
    );
  }
});
receiver.on("bye", () => {
  update({ type: "bye" });
  controls.stopRecording(true);
  stopMeter();
});
receiver.on("moved", (code) => {
  if (session.code === code) return; // already there, or rejoining it on our own
  void session.join(code).then(
    () => {
      update({ type: "room-lost", lost: false });
      history.replaceState(null, "", `/viewer?code=${code}${state.clean ? "&clean=1" : ""}`);
      void showPairing(code);
      // The clean view is an OBS source: a notice over the picture would be broadcast.
      if (!state.clean) toast(`Reconnected · new code ${spaced(code)}`);
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
wireVideoControls(el, controls, lowDelay, render);
window.addEventListener("pagehide", () => receiver.sayBye());
// A recording in progress is lost with the tab: ask first.
window.addEventListener("beforeunload", (e) => {
  if (controls.recording) e.preventDefault();
});

// ---------- start ----------

void fetchClientConfig(params.code).then((config) => update({ type: "config", config }));
/** Joins the code of the page's link, or a full room's again (Try again); says why when it cannot. */
function joinLink(code: RoomCode): void {
  update({ type: "notice", notice: undefined });
  join(code, true).catch((err: unknown) => {
    const problem = toProblem(err, Date.now());
    // A full room is worth another try: the address and the boxes keep the code, and Try again rejoins.
    const retry = problem.kind === "refused" && problem.code === ErrorCode.ROOM_FULL ? code : undefined;
    if (retry) codeInput.set(code);
    else history.replaceState(null, "", "/viewer");
    update({ type: "notice", notice: { title: `Couldn't join ${spaced(code)}`, problem, retry } });
  });
}
el.startNoticeRetry.addEventListener("click", () => state.notice?.retry && joinLink(state.notice.retry));
// docs/PROTOCOL.md "Page URLs": /viewer?code=NNNNNN joins as soon as the page loads.
if (params.code) joinLink(params.code);
else if (params.badCode) {
  update({
    type: "notice",
    notice: { title: "That link has no valid code", body: "A code is six digits. Type it below or create a new one." },
  });
}
update();
