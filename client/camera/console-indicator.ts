// The phone's console indicator, DOM only: the line presentIndicator() words ("Focus set from the laptop") and
// its one button, Lock or Unlock. main.ts handles the button's click.
import type { IndicatorView } from "../lib/console/phone-indicator.js";
import { $ } from "../lib/ui/dom.js";

export function indicatorElements() {
  return {
    root: $("console-indicator"),
    text: $("console-indicator-text"),
    lock: $<HTMLButtonElement>("console-lock"),
  };
}
export type IndicatorElements = ReturnType<typeof indicatorElements>;

export function renderIndicator(el: IndicatorElements, v: IndicatorView, cameraOn: boolean): void {
  el.root.hidden = !(v.shown && cameraOn);
  el.root.dataset.fresh = String(v.fresh);
  el.root.dataset.locked = String(v.button === "Unlock");
  if (el.text.textContent !== v.text) el.text.textContent = v.text;
  el.lock.textContent = v.button;
  // The name starts with the visible word (WCAG "label in name"); the hint says what the tap does.
  el.lock.setAttribute("aria-label", `${v.button} laptop controls`);
  el.lock.title = v.buttonHint;
}
