// Capabilities → the console's controls: what the laptop shows, built only from what the phone reported. A
// property the camera lacks makes no control, so nothing is disabled-and-mysterious.
import { FRAME_RATES, QUALITY_PRESETS, type Quality } from "../media/media.js";
import type { ConsoleCaps, ConsoleSettings, Lens, Range } from "./capabilities.js";
import {
  labelOf,
  MODE_PROPS,
  MODE_WORDS,
  QUALITIES,
  RANGE_INFO,
  type MeteringMode,
  type ModeProp,
  type RangeProp,
} from "./properties.js";

/** The "Auto" switch beside a manual control: on = the phone reports `autoMode`. */
export interface AutoSwitch {
  prop: ModeProp;
  autoMode: MeteringMode;
  on: boolean;
}

export interface RangeControl {
  kind: "range";
  prop: RangeProp;
  label: string;
  unit: string;
  /** Shown value = browser value × scale (exposureTime is in 100 µs units, shown in ms). */
  scale: number;
  min: number;
  max: number;
  step: number;
  /** As the phone reports it; undefined when it reports none. */
  value: number | undefined;
  auto?: AutoSwitch;
}

/** A mode with no manual value to go with it (iOS white balance): a menu of its modes. */
export interface ModeControl {
  kind: "mode";
  prop: ModeProp;
  label: string;
  options: { value: MeteringMode; label: string }[];
  value: MeteringMode | undefined;
}

export interface SwitchControl {
  kind: "switch";
  prop: "torch";
  label: string;
  value: boolean;
}

export interface ChoiceControl {
  kind: "choice";
  prop: "lens" | "resolution" | "frameRate";
  label: string;
  options: { value: string; label: string }[];
  /** One of the options' values, or undefined when the phone runs something else (valueText says what). */
  value: string | undefined;
  valueText: string;
}

/** Tap (or click) on the picture to focus and expose there. */
export interface PointControl {
  kind: "point";
  prop: "pointsOfInterest";
  label: string;
}

export type ConsoleControl = RangeControl | ModeControl | SwitchControl | ChoiceControl | PointControl;

/** The order a person scans them in: what to look through, then the picture, then the stream. */
const ORDER: readonly RangeProp[] = [
  "zoom",
  "focusDistance",
  "exposureTime",
  "exposureCompensation",
  "iso",
  "colorTemperature",
];

/**
 * The console for a camera with `caps`, showing `settings` (both as the phone reported them) and its `lenses`.
 * Ranges with nothing to choose (min = max), modes with one value and choices with one option make no control.
 */
export function buildConsole(caps: ConsoleCaps, settings: ConsoleSettings, lenses: readonly Lens[]): ConsoleControl[] {
  const controls: ConsoleControl[] = [];
  const lens = lensControl(lenses, settings);
  if (lens) controls.push(lens);
  const usedModes = new Set<ModeProp>();
  for (const prop of ORDER) {
    const range = caps[prop];
    if (!range || !(range.max > range.min)) continue;
    const control = rangeControl(prop, range, caps, settings);
    if (control.auto) usedModes.add(control.auto.prop);
    controls.push(control);
  }
  for (const prop of MODE_PROPS) {
    if (usedModes.has(prop)) continue;
    const modes = caps[prop] ?? [];
    if (modes.length < 2) continue;
    const menu: ModeControl = {
      kind: "mode",
      prop,
      label: labelOf(prop),
      options: modes.map((m) => ({ value: m, label: MODE_WORDS[m] })),
      value: settings[prop],
    };
    controls.push(menu);
  }
  if (caps.torch) controls.push({ kind: "switch", prop: "torch", label: "Torch", value: settings.torch === true });
  const resolution = resolutionControl(caps, settings);
  if (resolution) controls.push(resolution);
  const fps = frameRateControl(caps, settings);
  if (fps) controls.push(fps);
  if (caps.pointsOfInterest) controls.push({ kind: "point", prop: "pointsOfInterest", label: "Focus point" });
  return controls;
}

function rangeControl(prop: RangeProp, range: Range, caps: ConsoleCaps, settings: ConsoleSettings): RangeControl {
  const info = RANGE_INFO[prop];
  const control: RangeControl = {
    kind: "range",
    prop,
    label: info.label,
    unit: info.unit,
    scale: info.scale,
    min: range.min,
    max: range.max,
    step: range.step && range.step > 0 ? range.step : defaultStep(range),
    value: settings[prop],
  };
  const auto = info.mode ? autoSwitch(info.mode, caps, settings) : undefined;
  if (auto) control.auto = auto;
  return control;
}

/** An Auto switch needs both an automatic mode and "manual" to switch between. */
function autoSwitch(prop: ModeProp, caps: ConsoleCaps, settings: ConsoleSettings): AutoSwitch | undefined {
  const modes = caps[prop] ?? [];
  const autoMode = modes.includes("continuous") ? "continuous" : modes.includes("single-shot") ? "single-shot" : "";
  if (!autoMode || !modes.includes("manual")) return undefined;
  const now = settings[prop];
  return { prop, autoMode, on: now === "continuous" || now === "single-shot" };
}

/** A hundred steps across the range, rounded to one significant digit (0.37 → 0.4 is fine for a slider). */
function defaultStep(range: Range): number {
  const raw = (range.max - range.min) / 100;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return Math.round(raw / magnitude) * magnitude;
}

function lensControl(lenses: readonly Lens[], settings: ConsoleSettings): ChoiceControl | undefined {
  if (lenses.length < 2) return undefined;
  const current = lenses.find((l) => l.id === settings.deviceId);
  return {
    kind: "choice",
    prop: "lens",
    label: labelOf("lens"),
    options: lenses.map((l) => ({ value: l.id, label: l.label })),
    value: current?.id,
    valueText: current?.label ?? "",
  };
}

/** The quality presets the camera can reach (its largest frame, either way round). */
export function reachableQualities(caps: ConsoleCaps): Quality[] {
  const { width, height } = caps;
  if (!width || !height) return [];
  const long = Math.max(width.max, height.max);
  const short = Math.min(width.max, height.max);
  return QUALITIES.filter((q) => QUALITY_PRESETS[q].width <= long && QUALITY_PRESETS[q].height <= short);
}

/** The frame rates the camera can reach; 29.97 counts as 30. */
export function reachableFrameRates(caps: ConsoleCaps): number[] {
  const max = caps.frameRate?.max;
  return max === undefined ? [] : FRAME_RATES.filter((r) => r <= max + 0.5);
}

function resolutionControl(caps: ConsoleCaps, settings: ConsoleSettings): ChoiceControl | undefined {
  const qualities = reachableQualities(caps);
  if (qualities.length < 2) return undefined;
  const { width, height } = settings;
  const short = width && height ? Math.min(width, height) : undefined;
  const current = qualities.find((q) => QUALITY_PRESETS[q].height === short);
  return {
    kind: "choice",
    prop: "resolution",
    label: labelOf("resolution"),
    options: qualities.map((q) => ({ value: q, label: QUALITY_PRESETS[q].label })),
    value: current,
    valueText: width && height ? `${width}×${height}` : "",
  };
}

function frameRateControl(caps: ConsoleCaps, settings: ConsoleSettings): ChoiceControl | undefined {
  const rates = reachableFrameRates(caps);
  if (rates.length < 2) return undefined;
  const now = settings.frameRate;
  const current = now === undefined ? undefined : rates.find((r) => Math.abs(r - now) < 1);
  return {
    kind: "choice",
    prop: "frameRate",
    label: labelOf("frameRate"),
    options: rates.map((r) => ({ value: String(r), label: `${r} fps` })),
    value: current === undefined ? undefined : String(current),
    valueText: now === undefined ? "" : `${Math.round(now)} fps`,
  };
}

/**
 * A range value as the console shows it: scaled to the shown unit, with as many decimals as the step needs
 * (at most three). Zoom reads "2.5×", exposure time "5.0 ms", focus "0.30 m".
 */
export function formatValue(control: Pick<RangeControl, "unit" | "scale" | "step">, value: number | undefined): string {
  if (value === undefined) return "–";
  const shownStep = control.step * control.scale;
  const decimals = shownStep > 0 ? Math.min(3, Math.max(0, Math.ceil(-Math.log10(shownStep) - 1e-9))) : 0;
  const text = (value * control.scale).toFixed(decimals);
  if (!control.unit) return text;
  return control.unit === "×" ? `${text}×` : `${text} ${control.unit}`;
}
