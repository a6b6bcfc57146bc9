// The phone's side of Low delay (issue 20, item 5), wiring only: a laptop's "delay-mode" request goes to that
// laptop's own link (LowDelaySender on its video sender), so one laptop's choice never changes another's picture.
// Only a laptop that may watch is heard (its link carries media: verified or allowed), as with the clock pings;
// anyone else's request changes nothing. After the camera changes height the factor is worked out again.
import type { Broadcast } from "../lib/rtc/broadcast.js";
import { LowDelaySender } from "../lib/rtc/low-delay.js";
import type { PeerLink } from "../lib/rtc/peer-link.js";

export interface LowDelayHostDeps {
  broadcast: Pick<Broadcast, "on" | "linkTo">;
  /** The height of the video track the links send now (undefined while the camera is off). */
  height: () => number | undefined;
  /** Which laptops are in low delay changed: the phone's member list says it beside them. */
  onChange: () => void;
}

interface Entry {
  link: PeerLink;
  sender: LowDelaySender;
}

export class LowDelayHost {
  readonly #d: LowDelayHostDeps;
  /** Per viewer, the link it asked on last; a new link (a reconnect) starts at full size again. */
  readonly #entries = new Map<string, Entry>();
  #height: number | undefined;

  constructor(deps: LowDelayHostDeps) {
    this.#d = deps;
    deps.broadcast.on("link", (id, link) => {
      link.on("message", (msg) => msg.t === "delay-mode" && this.#request(id, link, msg.low));
      link.on("closed", () => {
        if (this.#entries.get(id)?.link !== link) return;
        this.#entries.delete(id);
        deps.onChange();
      });
    });
  }

  /** The viewers whose link sends in low delay now (as asked: the browser's own change may still be on its way). */
  get viewers(): string[] {
    return [...this.#entries].filter(([, e]) => e.sender.low).map(([id]) => id);
  }

  /**
   * Called after every change of the page's state: when the track's height changed (another lens, size or frame
   * rate) every link in low delay gets its factor again. replaceTrack kept the old one, made for the old height.
   */
  refresh(): void {
    const height = this.#d.height();
    if (height === this.#height) return;
    this.#height = height;
    if (height === undefined) return;
    for (const { sender } of this.#entries.values()) if (sender.low) void sender.set(true, height);
  }

  #request(id: string, link: PeerLink, low: boolean): void {
    // A laptop nobody allowed gets no media, and no say over the sender either.
    if (!link.mediaAllowed || this.#d.broadcast.linkTo(id) !== link) return;
    let entry = this.#entries.get(id);
    if (entry?.link !== link) {
      const sender = link.sender("video");
      if (!sender) return;
      entry = { link, sender: new LowDelaySender(sender) };
      this.#entries.set(id, entry);
    }
    // The laptop says its setting on every opening and every "allowed": only a change is worth new parameters.
    if (entry.sender.low === low) return;
    void entry.sender.set(low, this.#d.height());
    this.#d.onChange();
  }
}
