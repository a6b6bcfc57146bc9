// The phone's side of the remote console: tells verified laptops what the camera can do, takes their commands
// (verified senders only, rate-limited, refused while the holder has locked the console), applies them one at
// a time with the newest value per property winning, and answers with the settings that took effect.
import { applyCommand, isTrackCommand, type ConsoleTrack } from "./applier.js";
import { readCaps, readSettings, type ConsoleSettings, type Lens } from "./capabilities.js";
import { checkCommand } from "./command.js";
import {
  consoleIncoming,
  decodeConsoleMessage,
  type ConsoleCommand,
  type ConsoleFault,
  type ConsoleMessage,
} from "./messages.js";
import { LatestQueue, RateLimiter } from "./pacing.js";
import { labelOf, type ConsoleProp } from "./properties.js";
import type { Quality } from "../media/media.js";

/** A reopen of the camera the console asks the page for (the page's own camera settings change with it). */
export type CameraChoiceChange = { lens: string } | { resolution: Quality } | { frameRate: number };

/** A change a laptop made, for the phone's indicator ("Focus set from the laptop"). */
export interface ConsoleChange {
  prop: ConsoleProp;
  label: string;
  peer: string;
}

export interface PhoneConsoleDeps {
  send(peer: string, msg: ConsoleMessage): void;
  /** QR-named, remembered or allowed by the holder (design-16). Everyone else gets nothing and changes nothing. */
  isVerified(peer: string): boolean;
  /** The peers with a link now. */
  peers(): string[];
  /** The video track the phone is sending. */
  track(): ConsoleTrack | undefined;
  /** The phone's cameras (listLenses over enumerateDevices). */
  lenses(): Promise<Lens[]>;
  /** Reopens the camera; resolves with the plain-words failure, if any. The page re-announces afterwards. */
  choose(choice: CameraChoiceChange): Promise<string | undefined>;
  /** The track's basic constraints, kept across a change (see ApplyOptions.base). */
  base(): MediaTrackConstraints;
  /** navigator.mediaDevices.getSupportedConstraints(). */
  supported(): object;
  /** A laptop changed something. */
  onChange(change: ConsoleChange): void;
  now?: () => number;
}

interface Pending {
  peer: string;
  id: number;
  cmd: ConsoleCommand;
}

export const LOCKED_ERROR = "The phone's holder has locked the controls.";
export const RATE_ERROR = "Too many changes at once; wait a moment and try again.";

export class PhoneConsole {
  #locked = false;
  #lenses: Lens[] = [];
  readonly #d: PhoneConsoleDeps;
  readonly #limits = new Map<string, RateLimiter>();
  readonly #queue: LatestQueue<Pending>;

  constructor(deps: PhoneConsoleDeps) {
    this.#d = deps;
    // A superseded command is answered with the settings as they are: its laptop sent a newer one anyway.
    this.#queue = new LatestQueue(
      (p) => this.#apply(p),
      (old) => this.#answer(old, this.#settings()),
    );
  }

  get locked(): boolean {
    return this.#locked;
  }

  /**
   * Sends the camera's capabilities, settings, lenses and the lock state to `peer`, or to every verified peer:
   * on verification, and after every camera switch or change made on the phone itself.
   */
  async announce(peer?: string): Promise<void> {
    this.#lenses = await this.#d.lenses();
    const track = this.#d.track();
    if (!track || track.readyState === "ended") return;
    const caps = readCaps(track, this.#d.supported());
    const settings = readSettings(track);
    for (const to of peer === undefined ? this.#verified() : [peer]) {
      if (!this.#d.isVerified(to)) continue;
      this.#d.send(to, { t: "console-caps", caps, settings, lenses: this.#lenses });
      this.#d.send(to, { t: "console-lock", locked: this.#locked });
    }
  }

  /** The holder's one tap: locked, every command is refused until unlocked. */
  setLocked(locked: boolean): void {
    if (this.#locked === locked) return;
    this.#locked = locked;
    if (locked) for (const p of this.#queue.clear()) this.#answer(p, this.#settings(), LOCKED_ERROR);
    for (const to of this.#verified()) this.#d.send(to, { t: "console-lock", locked });
  }

  /** A link closed: its rate limit goes with it. */
  forget(peer: string): void {
    this.#limits.delete(peer);
  }

  /** Handles one data-channel message from `peer`; false when it is not a console message (someone else's). */
  receive(peer: string, data: string | Uint8Array): boolean {
    const decoded = decodeConsoleMessage(data);
    if (!decoded) return false;
    this.handle(peer, consoleIncoming(decoded));
    return true;
  }

  /** Handles one console message from `peer` as the link decoded it (link-messages.ts). */
  handle(peer: string, msg: ConsoleMessage | ConsoleFault): void {
    // An unverified laptop learns nothing, not even that its message was wrong.
    if (!this.#d.isVerified(peer)) return;
    if (msg.t === "console-fault") {
      if (msg.id !== undefined) this.#answer({ peer, id: msg.id }, this.#settings(), msg.error);
      return;
    }
    if (msg.t !== "console-set") return;
    const { t: _t, id, ...cmd } = msg;
    const refusal = this.#locked ? LOCKED_ERROR : this.#limiter(peer).take() ? undefined : RATE_ERROR;
    if (refusal) this.#answer({ peer, id }, this.#settings(), refusal);
    else this.#queue.push(cmd.prop, { peer, id, cmd });
  }

  /** Resolves once no command runs or waits (tests, and a clean camera switch). */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  async #apply(p: Pending): Promise<void> {
    if (!this.#d.isVerified(p.peer)) return;
    if (this.#locked) return this.#answer(p, this.#settings(), LOCKED_ERROR);
    const track = this.#d.track();
    if (!track || track.readyState === "ended") {
      return this.#answer(p, {}, `The camera is off, so ${labelOf(p.cmd.prop)} could not change.`);
    }
    let error: string | undefined;
    if (isTrackCommand(p.cmd)) {
      error = (await applyCommand(track, p.cmd, { base: this.#d.base(), supported: this.#d.supported() })).error;
    } else {
      const checked = checkCommand(p.cmd, readCaps(track, this.#d.supported()), this.#lenses);
      if (!checked.ok) error = checked.error;
      else if (checked.kind === "choice") error = await this.#d.choose(checked.choice);
    }
    const settings = this.#settings();
    this.#answer(p, settings, error);
    if (error) return;
    for (const to of this.#verified()) if (to !== p.peer) this.#d.send(to, { t: "console-settings", settings });
    this.#d.onChange({ prop: p.cmd.prop, label: labelOf(p.cmd.prop), peer: p.peer });
  }

  #answer(p: { peer: string; id: number }, settings: ConsoleSettings, error?: string): void {
    this.#d.send(
      p.peer,
      error === undefined
        ? { t: "console-result", id: p.id, settings }
        : { t: "console-result", id: p.id, settings, error },
    );
  }

  #settings(): ConsoleSettings {
    const track = this.#d.track();
    return track && track.readyState !== "ended" ? readSettings(track) : {};
  }

  #verified(): string[] {
    return this.#d.peers().filter((p) => this.#d.isVerified(p));
  }

  #limiter(peer: string): RateLimiter {
    let limit = this.#limits.get(peer);
    if (!limit) {
      limit = new RateLimiter(undefined, undefined, this.#d.now);
      this.#limits.set(peer, limit);
    }
    return limit;
  }
}
