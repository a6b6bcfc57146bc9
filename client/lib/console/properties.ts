// The one table of camera properties the remote console knows: wire name, kind, label and unit. Messages,
// validation and the console model all read it, so a property is added in one place.
import { QUALITY_PRESETS, type Quality } from "../media/media.js";

/** Numeric image-capture properties (W3C Media Capture Image: MediaSettingsRange). */
export const RANGE_PROPS = [
  "zoom",
  "focusDistance",
  "exposureCompensation",
  "exposureTime",
  "colorTemperature",
  "iso",
] as const;
export type RangeProp = (typeof RANGE_PROPS)[number];

/** The "Auto or not" properties (W3C MeteringMode). */
export const MODE_PROPS = ["focusMode", "exposureMode", "whiteBalanceMode"] as const;
export type ModeProp = (typeof MODE_PROPS)[number];

export const METERING_MODES = ["none", "manual", "single-shot", "continuous"] as const;
export type MeteringMode = (typeof METERING_MODES)[number];

/** Choices the phone makes by reopening its camera (MediaControl), not by applyConstraints on the track. */
export const CHOICE_PROPS = ["lens", "resolution", "frameRate"] as const;
export type ChoiceProp = (typeof CHOICE_PROPS)[number];

/** Every property a console command may name. */
export type ConsoleProp = RangeProp | ModeProp | ChoiceProp | "torch" | "pointsOfInterest";

export const QUALITIES = Object.keys(QUALITY_PRESETS) as Quality[];

interface RangeInfo {
  label: string;
  /** Shown after the value; `scale` turns the browser's unit into the shown one (exposureTime: 100 µs → ms). */
  unit: string;
  scale: number;
  /** The mode property whose "manual" a manual value needs (moving the slider leaves Auto). */
  mode?: ModeProp;
}

/**
 * Labels and units. Units follow the spec: focusDistance in metres, exposureTime in 100 µs steps, colour
 * temperature in kelvin, exposure compensation in EV. exposureCompensation needs no manual mode: it biases Auto.
 */
export const RANGE_INFO: Record<RangeProp, RangeInfo> = {
  zoom: { label: "Zoom", unit: "×", scale: 1 },
  focusDistance: { label: "Focus", unit: "m", scale: 1, mode: "focusMode" },
  exposureTime: { label: "Exposure", unit: "ms", scale: 0.1, mode: "exposureMode" },
  exposureCompensation: { label: "Exposure compensation", unit: "EV", scale: 1 },
  iso: { label: "ISO", unit: "", scale: 1, mode: "exposureMode" },
  colorTemperature: { label: "White balance", unit: "K", scale: 1, mode: "whiteBalanceMode" },
};

export const MODE_LABELS: Record<ModeProp, string> = {
  focusMode: "Focus",
  exposureMode: "Exposure",
  whiteBalanceMode: "White balance",
};

/** How a metering mode reads on a switch or a menu. */
export const MODE_WORDS: Record<MeteringMode, string> = {
  continuous: "Auto",
  "single-shot": "Once",
  manual: "Manual",
  none: "Off",
};

const OTHER_LABELS: Record<ChoiceProp | "torch" | "pointsOfInterest", string> = {
  lens: "Camera",
  resolution: "Resolution",
  frameRate: "Frame rate",
  torch: "Torch",
  pointsOfInterest: "Focus point",
};

/** The word a person knows a property by ("Focus" for focusDistance), for the console and the phone's indicator. */
export function labelOf(prop: ConsoleProp): string {
  if (isRangeProp(prop)) return RANGE_INFO[prop].label;
  if (isModeProp(prop)) return MODE_LABELS[prop];
  return OTHER_LABELS[prop];
}

export function isRangeProp(x: unknown): x is RangeProp {
  return (RANGE_PROPS as readonly unknown[]).includes(x);
}
export function isModeProp(x: unknown): x is ModeProp {
  return (MODE_PROPS as readonly unknown[]).includes(x);
}
export function isMeteringMode(x: unknown): x is MeteringMode {
  return (METERING_MODES as readonly unknown[]).includes(x);
}
export function isChoiceProp(x: unknown): x is ChoiceProp {
  return (CHOICE_PROPS as readonly unknown[]).includes(x);
}
export function isQuality(x: unknown): x is Quality {
  return typeof x === "string" && Object.hasOwn(QUALITY_PRESETS, x);
}
