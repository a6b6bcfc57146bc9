// The laptop's remote console (issue 18), wiring and DOM: the "Camera controls" button, the panel, a click on the
// picture to focus there and the zoom keys. Commands go to the phone at its pace (ConsoleSender) on the link the
// picture comes on; what the phone answers goes to the page's state, and render() shows it.
import type { ConsoleView } from "../lib/console/laptop-console.js";
import type { ConsoleCommand } from "../lib/console/messages.js";
import { ConsolePanel } from "../lib/console/console-panel.js";
import { ConsoleSender } from "../lib/console/console-sender.js";
import { pointInPicture, zoomKeyCommand } from "../lib/console/panel-input.js";
import type { Receiver } from "../lib/rtc/receiver.js";
import { $ } from "../lib/ui/dom.js";
import type { ViewerChange } from "./state.js";

/** How long the ring stays where the picture was clicked. */
const MARK_MS = 900;

export function consoleElements() {
  return {
    toggle: $<HTMLButtonElement>("console-toggle"),
    panel: $("console-panel"),
    mark: $("console-mark"),
    stage: $("stage"),
    video: $<HTMLVideoElement>("video"),
  };
}
type ConsoleElements = ReturnType<typeof consoleElements>;

export class ViewerConsole {
  readonly #el: ConsoleElements;
  readonly #update: (change: ViewerChange) => void;
  readonly #panel: ConsolePanel;
  readonly #sender: ConsoleSender;
  #view: ConsoleView | undefined;
  #markTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(el: ConsoleElements, receiver: Receiver, update: (change: ViewerChange) => void) {
    this.#el = el;
    this.#update = update;
    this.#sender = new ConsoleSender((msg) => void receiver.link?.send(msg));
    this.#panel = new ConsolePanel(el.panel, {
      command: (cmd) => this.#command(cmd),
      close: () => {
        update({ type: "console-open", open: false });
        el.toggle.focus();
      },
    });
    receiver.on("console", (msg) => {
      if (msg.t === "console-result") this.#sender.resolve(msg.id);
      update({ type: "console-message", msg });
    });
    // The phone's word held for that link only: a new one sends its capabilities again.
    receiver.on("ended", () => this.#gone());
    receiver.on("bye", () => this.#gone());
    el.toggle.addEventListener("click", () => update({ type: "console-open", open: !this.#view?.open }));
    el.video.addEventListener("click", (e) => this.#focusAt(e));
    document.addEventListener("keydown", (e) => this.#key(e));
  }

  render(view: ConsoleView): void {
    const wasOpen = this.#view?.open ?? false;
    this.#view = view;
    this.#el.toggle.hidden = !view.available;
    this.#el.toggle.setAttribute("aria-expanded", String(view.open));
    this.#el.stage.dataset.tapFocus = String(view.open && view.tapToFocus);
    this.#panel.render(view);
    // Opened from the button: the keyboard goes on into the panel.
    if (view.open && !wasOpen) this.#el.panel.querySelector<HTMLElement>("input, select, button")?.focus();
  }

  #command(cmd: ConsoleCommand): void {
    if (!this.#view?.disabled) this.#sender.set(cmd);
  }

  #gone(): void {
    this.#sender.reset();
    this.#update({ type: "console-gone" });
  }

  /** A click on the picture while the panel is open: focus and expose there, where the camera can. */
  #focusAt(e: MouseEvent): void {
    const { video, mark, stage } = this.#el;
    if (!this.#view?.open || !this.#view.tapToFocus) return;
    const box = video.getBoundingClientRect();
    const point = pointInPicture(e.clientX, e.clientY, box, { width: video.videoWidth, height: video.videoHeight });
    if (!point) return;
    this.#command({ prop: "pointsOfInterest", value: point });
    const stageBox = stage.getBoundingClientRect();
    mark.style.left = `${e.clientX - stageBox.left}px`;
    mark.style.top = `${e.clientY - stageBox.top}px`;
    mark.hidden = false;
    clearTimeout(this.#markTimer);
    this.#markTimer = setTimeout(() => (mark.hidden = true), MARK_MS);
  }

  /** Zoom keys (+, -, 0) while the panel is open; Escape closes it. Typing in a field is left alone. */
  #key(e: KeyboardEvent): void {
    const view = this.#view;
    if (!view?.open || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target;
    if (target instanceof HTMLSelectElement) return;
    if (target instanceof HTMLInputElement && target.type !== "range" && target.type !== "checkbox") return;
    if (e.key === "Escape") {
      e.preventDefault();
      this.#update({ type: "console-open", open: false });
      this.#el.toggle.focus();
      return;
    }
    const cmd = zoomKeyCommand(e.key, view);
    if (!cmd) return;
    e.preventDefault();
    this.#command(cmd);
  }
}
