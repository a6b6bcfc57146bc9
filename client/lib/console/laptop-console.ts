// The laptop's side of the remote console as state: what the phone last reported (capabilities, settings,
// lenses, lock) and the last refusal, and the pure present() the console panel renders. The console shows
// what the phone reports, never what was asked.
import type { ConsoleCaps, ConsoleSettings, Lens } from "./capabilities.js";
import type { ConsoleMessage } from "./messages.js";
import { buildConsole, formatValue, type ConsoleControl } from "./model.js";
import { MODE_WORDS } from "./properties.js";

export interface ConsoleState {
  /** The phone's capabilities: only a verified laptop ever gets them, so their presence means "may control". */
  caps: ConsoleCaps | undefined;
  settings: ConsoleSettings;
  lenses: Lens[];
  /** The holder locked the console on the phone. */
  locked: boolean;
  /** The panel is open. */
  open: boolean;
  /** The phone's last refusal, in its words; the next success clears it. */
  error: string | undefined;
}

export const INITIAL_CONSOLE: ConsoleState = {
  caps: undefined,
  settings: {},
  lenses: [],
  locked: false,
  open: false,
  error: undefined,
};

/** The state after a message from the phone (commands are the laptop's own and change nothing here). */
export function consoleReceived(state: ConsoleState, msg: ConsoleMessage): ConsoleState {
  switch (msg.t) {
    case "console-caps":
      return { ...state, caps: msg.caps, settings: msg.settings, lenses: msg.lenses };
    case "console-settings":
      return { ...state, settings: msg.settings };
    case "console-result":
      return { ...state, settings: msg.settings, error: msg.error };
    case "console-lock":
      return { ...state, locked: msg.locked, error: undefined };
    default:
      return state;
  }
}

/** The link to the phone went away: nothing the phone said still holds (the panel stays open or closed). */
export function consoleGone(state: ConsoleState): ConsoleState {
  return { ...INITIAL_CONSOLE, open: state.open };
}

export type ConsoleItem = ConsoleControl & {
  /** The phone-reported value as the panel shows it ("50 m", "Auto", "On", "1280×720"). */
  valueText: string;
};

export interface ConsoleView {
  /** The viewer's controls offer the console (the phone sent what its camera can do). */
  available: boolean;
  open: boolean;
  items: ConsoleItem[];
  /** Controls are inert while the holder has locked the console. */
  disabled: boolean;
  /** A line under the controls: the lock, or the phone's last refusal. */
  status: { text: string; tone: "info" | "error" } | undefined;
  /** The picture takes a click to focus there. */
  tapToFocus: boolean;
}

export function presentConsole(state: ConsoleState): ConsoleView {
  const available = state.caps !== undefined;
  const controls = state.caps ? buildConsole(state.caps, state.settings, state.lenses) : [];
  const items = controls.map((c): ConsoleItem => ({ ...c, valueText: valueText(c, state.locked) }));
  const status = state.locked
    ? { text: "The phone's holder locked these controls. They can unlock them on the phone.", tone: "info" as const }
    : state.error
      ? { text: state.error, tone: "error" as const }
      : undefined;
  return {
    available,
    open: available && state.open,
    items,
    disabled: state.locked,
    status,
    tapToFocus: !state.locked && controls.some((c) => c.kind === "point"),
  };
}

function valueText(c: ConsoleControl, locked: boolean): string {
  switch (c.kind) {
    case "range":
      return c.auto?.on ? `Auto (${formatValue(c, c.value)})` : formatValue(c, c.value);
    case "mode":
      return c.value ? MODE_WORDS[c.value] : "–";
    case "switch":
      return c.value ? "On" : "Off";
    case "choice":
      return c.options.find((o) => o.value === c.value)?.label ?? (c.valueText || "–");
    case "point":
      return locked ? "Locked on the phone" : "Click the picture to focus and expose there";
  }
}
