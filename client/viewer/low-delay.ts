// The laptop's Low delay setting (issue 20, item 5): the button and the `L` key, the remembered choice, and the
// "delay-mode" message that asks the phone to send this laptop a smaller picture, sooner. The phone applies it to
// this laptop's link only (camera/low-delay-host.ts), and only once it lets this laptop watch.
import type { LinkMessage } from "../lib/rtc/link-messages.js";
import type { PeerLink } from "../lib/rtc/peer-link.js";
import type { Receiver } from "../lib/rtc/receiver.js";
import type { ViewerChange, ViewerState } from "./state.js";

const STORAGE_KEY = "codecam:low-delay";

/** Where the choice is kept (localStorage in the page; absent where storage is disabled). */
export type ChoiceStore = Pick<Storage, "getItem" | "setItem">;

/**
 * The setting the page starts with: `?delay=low` or `?delay=normal` in the address (an OBS source, the bench)
 * decides and is remembered, as a click would be; otherwise the remembered choice; otherwise off.
 */
export function initialLowDelay(search: string, store: ChoiceStore | undefined): boolean {
  const asked = new URLSearchParams(search).get("delay");
  if (asked === "low" || asked === "normal") {
    saveLowDelay(asked === "low", store);
    return asked === "low";
  }
  try {
    return store?.getItem(STORAGE_KEY) === "1";
  } catch {
    return false;
  }
}

export function saveLowDelay(on: boolean, store: ChoiceStore | undefined): void {
  try {
    store?.setItem(STORAGE_KEY, on ? "1" : "0");
  } catch {
    // storage disabled: the setting lasts as long as the page
  }
}

/** The page's storage, or none where reading it throws (storage disabled). */
function pageStore(): ChoiceStore | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}

export class LowDelayControl {
  readonly #state: () => ViewerState;
  readonly #update: (change: ViewerChange) => void;
  /** Every link to the camera that is open: the current one and one that may take over from it. */
  readonly #links = new Set<PeerLink>();

  constructor(receiver: Receiver, state: () => ViewerState, update: (change: ViewerChange) => void) {
    this.#state = state;
    this.#update = update;
    update({ type: "low-delay", on: initialLowDelay(location.search, pageStore()) });
    receiver.on("link", (link) => {
      this.#links.add(link);
      // Said as the link opens, and again once the phone lets this laptop watch: it ignores a laptop before that.
      link.on("connected", () => this.#tell(link));
      link.on("message", (msg) => letIn(msg) && this.#tell(link));
      link.on("closed", () => this.#links.delete(link));
    });
  }

  /** The button and the `L` key (wired with the other video controls, video-controls.ts). */
  toggle(): void {
    const on = !this.#state().lowDelay;
    saveLowDelay(on, pageStore());
    this.#update({ type: "low-delay", on });
    for (const link of this.#links) this.#tell(link);
  }

  #tell(link: PeerLink): void {
    link.send({ t: "delay-mode", low: this.#state().lowDelay });
  }
}

/** The phone's word that this laptop may watch (link message "access"). */
function letIn(msg: LinkMessage): boolean {
  return msg.t === "access" && (msg.state === "verified" || msg.state === "allowed");
}
