// The remote console on the phone (issue 18), wiring only: PhoneConsole over the links Broadcast keeps, with the
// Gatekeeper's word on who is verified, applied to the track MediaControl sends. The holder's lock and the last
// change a laptop made go to the page's state; the camera settings stay MediaControl's, so the phone's own
// pickers and the console read and change the same choice.
import { listLenses } from "../lib/console/capabilities.js";
import type { ConsoleFault, ConsoleMessage } from "../lib/console/messages.js";
import { type CameraChoiceChange, type ConsoleChange, PhoneConsole } from "../lib/console/phone-console.js";
import { CHANGE_SHOWN_MS } from "../lib/console/phone-indicator.js";
import { type FrameRate, videoConstraints } from "../lib/media/media.js";
import type { Broadcast } from "../lib/rtc/broadcast.js";
import type { Gatekeeper } from "../lib/rtc/gatekeeper.js";
import type { LinkMessage } from "../lib/rtc/link-messages.js";
import type { PeerLink } from "../lib/rtc/peer-link.js";
import type { MediaControl } from "./media-control.js";
import type { CameraChange, CameraState } from "./state.js";

export interface ConsoleHostDeps {
  broadcast: Broadcast;
  gatekeeper: Gatekeeper;
  media: MediaControl;
  update: (change?: CameraChange) => void;
}

export class ConsoleHost {
  readonly #d: ConsoleHostDeps;
  readonly #console: PhoneConsole;
  /** Links that have had the capabilities: each verified link gets them once, then after every camera change. */
  readonly #announced = new WeakSet<PeerLink>();
  /** What the camera is now (track, size, lens); a change re-sends the capabilities. */
  #camera = "";
  #fade: ReturnType<typeof setTimeout> | undefined;

  constructor(deps: ConsoleHostDeps) {
    this.#d = deps;
    const { broadcast, gatekeeper, media } = deps;
    this.#console = new PhoneConsole({
      send: (peer, msg) => void broadcast.linkTo(peer)?.send(msg),
      isVerified: (peer) => gatekeeper.members.some((m) => m.id === peer && m.status === "verified"),
      peers: () => gatekeeper.members.map((m) => m.id),
      track: () => media.video,
      lenses: async () => listLenses(await navigator.mediaDevices.enumerateDevices()),
      choose: (choice) => this.#choose(choice),
      base: () => {
        // The size and rate the holder chose; the lens stays the track's own.
        const { deviceId: _d, facingMode: _f, ...shape } = videoConstraints(media.choice);
        return shape;
      },
      supported: () => navigator.mediaDevices.getSupportedConstraints(),
      onChange: (change) => this.#changed(change),
    });
    broadcast.on("link", (id, link) => {
      link.on("message", (msg) => {
        if (isConsole(msg) && broadcast.linkTo(id) === link) this.#console.handle(id, msg);
      });
      link.on("closed", () => this.#console.forget(id));
    });
    // A laptop becomes verified (QR, remembered, Allow) or its link connects: it gets the capabilities then.
    gatekeeper.on("change", () => this.#announceNew());
    broadcast.on("change", () => this.#announceNew());
  }

  /** The holder's tap on Lock or Unlock. */
  setLocked(locked: boolean): void {
    this.#console.setLocked(locked);
    this.#d.update({ type: "console-locked", locked });
  }

  /**
   * Called after every change of the page's state: when the camera changed (another lens, size or frame rate,
   * from the phone's settings or from a laptop), every verified laptop gets the new capabilities.
   */
  refresh(state: CameraState): void {
    const track = this.#d.media.video;
    const t = state.track;
    const camera = track ? `${track.id}|${state.cameraId}|${t?.width}x${t?.height}@${t?.fps}` : "";
    if (camera === this.#camera) return;
    this.#camera = camera;
    if (camera) void this.#console.announce();
  }

  #announceNew(): void {
    for (const member of this.#d.gatekeeper.members) {
      if (member.status !== "verified") continue;
      const link = this.#d.broadcast.linkTo(member.id);
      if (!link?.connected || this.#announced.has(link)) continue;
      this.#announced.add(link);
      void this.#console.announce(member.id);
    }
  }

  /** "Focus set from the laptop": which laptop is said only when there are several (by their place in the list). */
  #changed(change: ConsoleChange): void {
    const members = this.#d.gatekeeper.members;
    const verified = members.filter((m) => m.status === "verified");
    const by = verified.length > 1 ? `laptop ${members.findIndex((m) => m.id === change.peer) + 1}` : "the laptop";
    this.#d.update({ type: "console-changed", last: { label: change.label, by, at: Date.now() } });
    clearTimeout(this.#fade);
    // The line goes back to "The laptop can adjust this camera" once the change is old news.
    this.#fade = setTimeout(() => this.#d.update(), CHANGE_SHOWN_MS + 50);
  }

  /** A laptop picked a lens, size or frame rate: the same steps as the phone's own settings. */
  async #choose(choice: CameraChoiceChange): Promise<string | undefined> {
    const media = this.#d.media;
    if ("lens" in choice) {
      await media.reacquire({ ...media.choice, deviceId: choice.lens });
      return media.video?.getSettings().deviceId === choice.lens
        ? undefined
        : "The phone could not switch to that camera; it kept the one it had.";
    }
    if ("resolution" in choice) await media.applyChoice({ ...media.choice, quality: choice.resolution });
    else await media.applyChoice({ ...media.choice, fps: choice.frameRate as FrameRate });
    return undefined;
  }
}

function isConsole(msg: LinkMessage): msg is ConsoleMessage | ConsoleFault {
  return msg.t.startsWith("console-");
}
