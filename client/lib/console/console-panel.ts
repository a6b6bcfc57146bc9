// The console panel on the laptop, DOM only: draws the controls presentConsole() lists and turns the hand's
// input into commands. Values shown are the phone's; a slider being dragged is left where the hand is until
// the hand has let go for a moment, then it shows the phone's value too.
import type { ConsoleItem, ConsoleView } from "./laptop-console.js";
import type { ConsoleCommand } from "./messages.js";
import { formatValue } from "./model.js";
import { isModeProp, isQuality, type MeteringMode } from "./properties.js";

export interface PanelHandlers {
  command(cmd: ConsoleCommand): void;
  close(): void;
}

/** How long after the last touch of a slider the phone's value may move it again. */
const HAND_HOLD_MS = 1_200;

export class ConsolePanel {
  readonly #root: HTMLElement;
  readonly #list: HTMLElement;
  readonly #status: HTMLElement;
  readonly #handlers: PanelHandlers;
  #shape = "";
  #view: ConsoleView | undefined;
  #touched = new Map<string, number>();
  #settle: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement, handlers: PanelHandlers) {
    this.#root = root;
    this.#handlers = handlers;
    root.classList.add("console-panel");
    root.setAttribute("role", "region");
    root.setAttribute("aria-label", "Phone camera controls");
    const head = el("div", "console-head");
    const title = el("h2", "console-title", "Phone camera");
    const close = el("button", "btn btn-quiet btn-sm", "Close");
    close.setAttribute("type", "button");
    close.setAttribute("aria-label", "Close the phone camera controls");
    close.addEventListener("click", () => handlers.close());
    head.append(title, close);
    this.#list = el("div", "console-list");
    this.#status = el("p", "console-status");
    this.#status.setAttribute("role", "status");
    root.append(head, this.#list, this.#status);
  }

  render(view: ConsoleView): void {
    this.#view = view;
    this.#root.hidden = !view.open;
    const shape = JSON.stringify(view.items.map((item) => [item.kind, item.prop, item.label, shapeOf(item)]));
    if (shape !== this.#shape) {
      this.#shape = shape;
      this.#list.replaceChildren(...view.items.map((item) => this.#build(item)));
    }
    for (const item of view.items) this.#fill(item, view.disabled);
    this.#status.textContent = view.status?.text ?? "";
    this.#status.dataset.tone = view.status?.tone ?? "info";
  }

  #build(item: ConsoleItem): HTMLElement {
    const box = el("div", "console-item");
    box.dataset.prop = item.prop;
    const id = `console-${item.prop}`;
    const head = el("div", "console-row");
    const value = el("output", "console-value");
    value.dataset.consoleValue = item.prop;
    value.setAttribute("aria-live", "polite");
    if (item.kind === "point") {
      head.append(el("span", "console-label", item.label), value);
      box.append(head);
      return box;
    }
    const label = el("label", "console-label", item.label);
    label.setAttribute("for", id);
    head.append(label, value);
    box.append(head);
    const row = el("div", "console-row");
    box.append(row);
    switch (item.kind) {
      case "range": {
        const input = document.createElement("input");
        Object.assign(input, { type: "range", id, min: String(item.min), max: String(item.max) });
        input.step = String(item.step);
        const send = () => {
          this.#touch(item.prop);
          input.setAttribute("aria-valuetext", formatValue(item, Number(input.value)));
          this.#handlers.command({ prop: item.prop, value: Number(input.value) });
        };
        input.addEventListener("input", send);
        input.addEventListener("pointerdown", () => this.#touch(item.prop));
        input.addEventListener("pointerup", () => this.#touch(item.prop));
        row.append(input);
        if (item.auto) {
          const auto = item.auto;
          const wrap = el("label", "switch console-auto");
          const box = document.createElement("input");
          box.type = "checkbox";
          box.dataset.auto = auto.prop;
          box.setAttribute("aria-label", `Auto ${item.label.toLowerCase()}`);
          box.addEventListener("change", () =>
            this.#handlers.command({ prop: auto.prop, value: box.checked ? auto.autoMode : "manual" }),
          );
          wrap.append(box, document.createTextNode("Auto"));
          row.append(wrap);
        }
        break;
      }
      case "switch": {
        const input = document.createElement("input");
        Object.assign(input, { type: "checkbox", id });
        input.setAttribute("role", "switch");
        input.addEventListener("change", () => this.#handlers.command({ prop: "torch", value: input.checked }));
        const wrap = el("span", "switch");
        wrap.append(input);
        row.append(wrap);
        break;
      }
      case "mode":
      case "choice": {
        const select = el("select", "select");
        select.id = id;
        for (const o of item.options) select.append(new Option(o.label, o.value));
        select.addEventListener("change", () => {
          const cmd = commandFor(item.prop, select.value);
          if (cmd) this.#handlers.command(cmd);
        });
        row.append(select);
        break;
      }
    }
    return box;
  }

  #fill(item: ConsoleItem, disabled: boolean): void {
    const box = this.#list.querySelector<HTMLElement>(`[data-prop="${item.prop}"]`);
    if (!box) return;
    const value = box.querySelector("output");
    if (value && value.textContent !== item.valueText) value.textContent = item.valueText;
    for (const input of box.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select")) {
      input.disabled = disabled;
    }
    const main = box.querySelector<HTMLInputElement | HTMLSelectElement>(`#console-${item.prop}`);
    if (!main) return;
    if (item.kind === "range") {
      const auto = box.querySelector<HTMLInputElement>("[data-auto]");
      if (auto && item.auto) auto.checked = item.auto.on;
      if (item.value !== undefined && !this.#held(item.prop)) {
        (main as HTMLInputElement).value = String(item.value);
        main.setAttribute("aria-valuetext", formatValue(item, item.value));
      }
    } else if (item.kind === "switch") {
      (main as HTMLInputElement).checked = item.value;
    } else if (item.kind === "mode" || item.kind === "choice") {
      // A value the phone runs that is not an option (a size off the presets) leaves the menu blank.
      (main as HTMLSelectElement).value = item.value ?? "";
    }
  }

  #touch(prop: string): void {
    this.#touched.set(prop, performance.now());
    clearTimeout(this.#settle);
    // Once the hand has let go, show the phone's value (it may have clamped what was asked).
    this.#settle = setTimeout(() => this.#view && this.render(this.#view), HAND_HOLD_MS + 50);
  }

  #held(prop: string): boolean {
    const at = this.#touched.get(prop);
    return at !== undefined && performance.now() - at < HAND_HOLD_MS;
  }
}

function commandFor(prop: ConsoleItem["prop"], value: string): ConsoleCommand | undefined {
  if (isModeProp(prop)) return { prop, value: value as MeteringMode };
  if (prop === "lens") return { prop, value };
  if (prop === "resolution") return isQuality(value) ? { prop, value } : undefined;
  if (prop === "frameRate") return { prop, value: Number(value) };
  return undefined;
}

/** What makes a control look different (its range or options), as opposed to its current value. */
function shapeOf(item: ConsoleItem): unknown {
  if (item.kind === "range") return [item.min, item.max, item.step, item.unit, item.auto?.prop];
  return item.kind === "mode" || item.kind === "choice" ? item.options : [];
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
