// The camera page's pairing steps: join a code (typed or from the link), make one, leave, stop, and move to a
// new code when the server lost the room. They send changes to the page's state; main.ts wires them to buttons.
import type { RoomCode } from "../../signaling/protocol.js";
import { fetchClientConfig } from "../lib/api.js";
import type { ScreenWakeLock } from "../lib/media/wake-lock.js";
import { spaced } from "../lib/messages.js";
import { createCode, sayGoodbye, toProblem } from "../lib/room/pairing.js";
import type { RoomSession } from "../lib/room/room-session.js";
import type { Broadcast } from "../lib/rtc/broadcast.js";
import type { CodeInput } from "../lib/ui/code-input.js";
import { toast } from "../lib/ui/dom.js";
import type { MediaControl } from "./media-control.js";
import type { CameraChange } from "./state.js";

export interface RoomFlowDeps {
  /** The code the page's URL named (a laptop's link). */
  linkCode: RoomCode | undefined;
  session: RoomSession;
  broadcast: Broadcast;
  media: MediaControl;
  codeInput: CodeInput;
  wakeLock: ScreenWakeLock;
  update: (change?: CameraChange) => void;
}

export function createRoomFlow(deps: RoomFlowDeps) {
  const { linkCode: linkCodeParam, session, broadcast, media, codeInput, wakeLock, update } = deps;
  /** The last code we streamed to, so "Start camera" after Stop goes back to the same viewers. */
  let lastCode: RoomCode | undefined;

  /** The code is complete (typed, or from the URL): open the camera and join, both at once. */
  async function joinCode(code: RoomCode): Promise<void> {
    codeInput.setBusy(true);
    update({ type: "problem", problem: undefined });
    const wasOn = media.stream !== undefined;
    const opening = media.ensure();
    try {
      // A camera that did not open stays in the room: the laptop hears why over the link (link message
      // "camera") instead of waiting for a picture, and gets one the moment Try again opens the camera.
      await Promise.all([opening, join(code, false)]);
      keepScreenOn();
    } catch (err) {
      // The camera opened for this code only: a wrong or ended code must not leave it on (issue 19).
      if (!wasOn && (await opening)) media.stop();
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
    const trusted = created || code === linkCodeParam;
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

  return { joinCode, createAndJoin, leaveRoom, stopAll, moveToNewCode, keepScreenOn };
}
