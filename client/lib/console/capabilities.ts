// What a phone's camera can do and is doing, in the shapes the console sends: picked from the browser's
// getCapabilities()/getSettings() (known properties only, each type-checked) and the lenses enumerateDevices lists.
import {
  isMeteringMode,
  MODE_PROPS,
  RANGE_PROPS,
  type MeteringMode,
  type ModeProp,
  type RangeProp,
} from "./properties.js";

/** W3C MediaSettingsRange. */
export interface Range {
  min: number;
  max: number;
  step?: number;
}

type TrackRange = "width" | "height" | "frameRate";

/** The capabilities the console uses; a property the camera lacks is absent. */
export type ConsoleCaps = Partial<Record<RangeProp | TrackRange, Range>> &
  Partial<Record<ModeProp, MeteringMode[]>> & {
    torch?: boolean;
    /** Tap on the picture to focus or expose there (pointsOfInterest); worked out on the phone, see readCaps. */
    pointsOfInterest?: boolean;
  };

/** The settings in effect, as the phone's browser reports them. */
export type ConsoleSettings = Partial<Record<RangeProp | TrackRange, number>> &
  Partial<Record<ModeProp, MeteringMode>> & {
    torch?: boolean;
    /** The lens in use: one of the Lens ids. */
    deviceId?: string;
  };

/** One camera of the phone, as the console offers it. */
export interface Lens {
  id: string;
  label: string;
  facing?: "front" | "back";
}

export const MAX_LENSES = 16;
export const MAX_LENS_ID = 256;
export const MAX_LENS_LABEL = 80;

const TRACK_RANGES: readonly TrackRange[] = ["width", "height", "frameRate"];

function isFiniteNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

function pickRange(raw: unknown): Range | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const { min, max, step } = raw as Record<string, unknown>;
  if (!isFiniteNumber(min) || !isFiniteNumber(max) || min > max) return undefined;
  if (step === undefined) return { min, max };
  if (!isFiniteNumber(step) || step < 0) return undefined;
  return { min, max, step };
}

/**
 * Keeps the known capabilities whose type is right; `bad` names known ones that had the wrong type (the phone
 * drops them, a decoder refuses the message). Unknown names are left out silently: a newer browser reports more.
 * Unknown metering modes are dropped from a list the same way.
 */
export function pickCaps(raw: unknown): { caps: ConsoleCaps; bad: string[] } {
  const caps: ConsoleCaps = {};
  const bad: string[] = [];
  if (typeof raw !== "object" || raw === null) return { caps, bad: ["capabilities"] };
  const src = raw as Record<string, unknown>;
  for (const prop of [...RANGE_PROPS, ...TRACK_RANGES]) {
    if (src[prop] === undefined) continue;
    const range = pickRange(src[prop]);
    if (range) caps[prop] = range;
    else bad.push(prop);
  }
  for (const prop of MODE_PROPS) {
    const modes = src[prop];
    if (modes === undefined) continue;
    if (!Array.isArray(modes) || modes.length > 8 || !modes.every((m) => typeof m === "string")) bad.push(prop);
    else caps[prop] = [...new Set(modes.filter(isMeteringMode))];
  }
  // Chrome and Safari report `torch: true`; a list of booleans is read as "true is possible".
  const torch = src.torch;
  if (typeof torch === "boolean") caps.torch = torch;
  else if (Array.isArray(torch) && torch.every((t) => typeof t === "boolean")) caps.torch = torch.includes(true);
  else if (torch !== undefined) bad.push("torch");
  const poi = src.pointsOfInterest;
  if (typeof poi === "boolean") caps.pointsOfInterest = poi;
  else if (poi !== undefined) bad.push("pointsOfInterest");
  return { caps, bad };
}

/** Keeps the known settings whose type is right; `bad` as in pickCaps. */
export function pickSettings(raw: unknown): { settings: ConsoleSettings; bad: string[] } {
  const settings: ConsoleSettings = {};
  const bad: string[] = [];
  if (typeof raw !== "object" || raw === null) return { settings, bad: ["settings"] };
  const src = raw as Record<string, unknown>;
  for (const prop of [...RANGE_PROPS, ...TRACK_RANGES]) {
    const value = src[prop];
    if (isFiniteNumber(value)) settings[prop] = value;
    else if (value !== undefined) bad.push(prop);
  }
  for (const prop of MODE_PROPS) {
    const value = src[prop];
    if (isMeteringMode(value)) settings[prop] = value;
    else if (value !== undefined && typeof value !== "string") bad.push(prop);
  }
  if (typeof src.torch === "boolean") settings.torch = src.torch;
  else if (src.torch !== undefined) bad.push("torch");
  const id = src.deviceId;
  if (typeof id === "string" && id.length <= MAX_LENS_ID) settings.deviceId = id;
  else if (id !== undefined) bad.push("deviceId");
  return { settings, bad };
}

/** The minimum of a track the phone reads: getCapabilities and getSettings (MediaStreamTrack has both). */
export interface CapableTrack {
  getCapabilities(): object;
  getSettings(): object;
}

/**
 * The phone's camera capabilities for the console. `supported` is navigator.mediaDevices.getSupportedConstraints():
 * no browser lists pointsOfInterest in a track's capabilities, so tapping to focus is offered when the browser
 * knows the constraint and the camera has a focus or exposure mode it could steer (Chrome on Android, the fake
 * camera); iOS Safari does not know it.
 */
export function readCaps(track: CapableTrack, supported: object = {}): ConsoleCaps {
  const { caps } = pickCaps(track.getCapabilities());
  const steerable = [...(caps.focusMode ?? []), ...(caps.exposureMode ?? [])].some((m) => m !== "none");
  if ((supported as { pointsOfInterest?: unknown }).pointsOfInterest === true && steerable) {
    caps.pointsOfInterest = true;
  }
  return caps;
}

export function readSettings(track: CapableTrack): ConsoleSettings {
  return pickSettings(track.getSettings()).settings;
}

/** enumerateDevices() entries, as far as the lens list needs them. */
export interface DeviceEntry {
  kind: string;
  deviceId: string;
  label: string;
}

/**
 * The phone's cameras with names a person can pick from. Chrome on Android labels them "camera2 2, facing back",
 * which becomes "Back camera 2" (numbered only when a side has several); iOS labels ("Back Ultra Wide Camera")
 * are kept; unlabelled ones (no permission yet) are "Camera N".
 */
export function listLenses(devices: readonly DeviceEntry[]): Lens[] {
  const cams = devices
    .filter((d) => d.kind === "videoinput" && d.deviceId && d.deviceId.length <= MAX_LENS_ID)
    .slice(0, MAX_LENSES);
  const facings = cams.map((d) => facingOfLabel(d.label));
  const androidStyle = /^camera2? \d+, facing (front|back)$/i;
  const seen = { front: 0, back: 0 };
  return cams.map((d, i) => {
    const facing = facings[i];
    let label = d.label.trim().slice(0, MAX_LENS_LABEL);
    if (facing && (androidStyle.test(label) || !label)) {
      const count = facings.filter((f) => f === facing).length;
      seen[facing] += 1;
      const side = facing === "front" ? "Front camera" : "Back camera";
      label = count > 1 ? `${side} ${seen[facing]}` : side;
    }
    if (!label) label = `Camera ${i + 1}`;
    return facing ? { id: d.deviceId, label, facing } : { id: d.deviceId, label };
  });
}

function facingOfLabel(label: string): "front" | "back" | undefined {
  if (/\b(front|user|facetime)\b/i.test(label)) return "front";
  if (/\b(back|rear|environment)\b/i.test(label)) return "back";
  return undefined;
}
