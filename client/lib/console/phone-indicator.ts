// What the phone shows about the remote console: which laptop changed what ("Focus set from the laptop"),
// and the one button that locks the console (and unlocks it again). Pure: the camera page renders it.

/** How long "Focus set from the laptop" stays before the line goes back to saying who may adjust. */
export const CHANGE_SHOWN_MS = 10_000;

export interface IndicatorState {
  /** The last change a laptop made: its label ("Focus"), the laptop's name as the page calls it, and when. */
  last: { label: string; by: string; at: number } | undefined;
  locked: boolean;
  /** Verified laptops linked now (only they may adjust). */
  laptops: number;
}

export interface IndicatorView {
  shown: boolean;
  text: string;
  /** The button's words; its action is to flip `locked`. */
  button: "Lock" | "Unlock";
  /** For a screen reader and a tooltip: what the button does. */
  buttonHint: string;
  /** The line just changed because of a laptop (the page can draw attention to it). */
  fresh: boolean;
}

export function presentIndicator(s: IndicatorState, now: number): IndicatorView {
  const button = s.locked ? "Unlock" : "Lock";
  const buttonHint = s.locked ? "Let the laptop adjust this camera again" : "Stop laptops from adjusting this camera";
  if (s.locked) {
    return { shown: true, text: "Laptop controls locked", button, buttonHint, fresh: false };
  }
  const fresh = s.last !== undefined && now - s.last.at < CHANGE_SHOWN_MS;
  if (fresh && s.last) {
    return { shown: true, text: `${s.last.label} set from ${s.last.by}`, button, buttonHint, fresh: true };
  }
  const text = s.laptops > 1 ? "The laptops can adjust this camera" : "The laptop can adjust this camera";
  return { shown: s.laptops > 0, text, button, buttonHint, fresh: false };
}
