// A laptop's command checked against the phone's own camera: the property must exist on this camera, a number
// is clamped into its range and snapped to its step, a mode must be one it lists. The result is either the
// constraint set to apply or a choice for the camera page to reopen with, or the plain-words reason it cannot be.
import type { Quality } from "../media/media.js";
import type { ConsoleCaps, Lens, Range } from "./capabilities.js";
import type { ConsoleCommand } from "./messages.js";
import { reachableFrameRates, reachableQualities } from "./model.js";
import { isModeProp, isRangeProp, labelOf, MODE_WORDS, RANGE_INFO, type ConsoleProp } from "./properties.js";

/** The image-capture constraints of one command, applied together in one `advanced` set (all or nothing). */
export type ConstraintSet = Record<string, unknown>;

export type CheckedCommand =
  /** Apply `set` to the track. `clamped`: the value asked for was outside the camera's range or step grid. */
  | { ok: true; kind: "constraints"; prop: ConsoleProp; set: ConstraintSet; clamped: boolean }
  /** Reopen the camera with this lens, quality or frame rate (the phone's own camera settings change too). */
  | { ok: true; kind: "choice"; choice: { lens: string } | { resolution: Quality } | { frameRate: number } }
  | { ok: false; error: string };

/**
 * `value` inside `range` and on its step grid (counted from min), rounded to the grid's decimals so 0.1 + 0.2
 * stays 0.3. A range without a step only clamps.
 */
export function clampToRange(value: number, range: Range): number {
  const clamped = Math.min(range.max, Math.max(range.min, value));
  const step = range.step;
  if (!step || step <= 0) return clamped;
  const snapped = range.min + Math.round((clamped - range.min) / step) * step;
  // Browsers report float32 steps (1/6 EV is 0.1666666716337204): a value within a hair of a grid point is on
  // it already, and stays as sent rather than becoming 1.0000000894.
  if (Math.abs(snapped - clamped) <= step * 1e-4) return clamped;
  // Snapping up can pass max when (max - min) is not a whole number of steps.
  const inside = snapped > range.max + 1e-9 ? snapped - step : snapped;
  return Number(inside.toFixed(10));
}

/** Checks `cmd` against this camera's capabilities and lens list. */
export function checkCommand(cmd: ConsoleCommand, caps: ConsoleCaps, lenses: readonly Lens[]): CheckedCommand {
  const label = labelOf(cmd.prop);
  if (isRangeProp(cmd.prop)) {
    const range = caps[cmd.prop];
    if (!range) return { ok: false, error: `This camera has no ${label} control.` };
    const value = clampToRange(cmd.value as number, range);
    const set: ConstraintSet = { [cmd.prop]: value };
    // A manual value needs the manual mode: moving the Focus slider leaves autofocus.
    const mode = RANGE_INFO[cmd.prop].mode;
    if (mode && caps[mode]?.includes("manual")) set[mode] = "manual";
    return { ok: true, kind: "constraints", prop: cmd.prop, set, clamped: value !== cmd.value };
  }
  if (isModeProp(cmd.prop)) {
    const mode = cmd.value as keyof typeof MODE_WORDS;
    if (!caps[cmd.prop]?.includes(mode)) {
      return { ok: false, error: `${label} can't be set to ${MODE_WORDS[mode]} on this camera.` };
    }
    return { ok: true, kind: "constraints", prop: cmd.prop, set: { [cmd.prop]: mode }, clamped: false };
  }
  switch (cmd.prop) {
    case "torch":
      if (!caps.torch) return { ok: false, error: "This camera has no torch." };
      return { ok: true, kind: "constraints", prop: "torch", set: { torch: cmd.value }, clamped: false };
    case "pointsOfInterest":
      return checkPoint(cmd.value, caps);
    case "lens":
      if (!lenses.some((l) => l.id === cmd.value)) return { ok: false, error: "That camera is not on the phone." };
      return { ok: true, kind: "choice", choice: { lens: cmd.value } };
    case "resolution":
      if (!reachableQualities(caps).includes(cmd.value)) {
        return { ok: false, error: `This camera can't send ${cmd.value}.` };
      }
      return { ok: true, kind: "choice", choice: { resolution: cmd.value } };
    case "frameRate": {
      const rate = reachableFrameRates(caps).find((r) => r === cmd.value);
      if (rate === undefined) return { ok: false, error: `This camera can't send ${cmd.value} frames per second.` };
      return { ok: true, kind: "choice", choice: { frameRate: rate } };
    }
  }
}

/**
 * Tapping the picture means "focus and expose there": the point, plus each metering mode switched to one that
 * uses it (single-shot, else continuous), since a manual focus would ignore the point.
 */
function checkPoint(point: { x: number; y: number }, caps: ConsoleCaps): CheckedCommand {
  if (!caps.pointsOfInterest) return { ok: false, error: "This camera can't focus on a chosen point." };
  const x = Math.min(1, Math.max(0, point.x));
  const y = Math.min(1, Math.max(0, point.y));
  const set: ConstraintSet = { pointsOfInterest: [{ x, y }] };
  for (const mode of ["focusMode", "exposureMode"] as const) {
    const modes = caps[mode] ?? [];
    const metering = modes.includes("single-shot") ? "single-shot" : modes.includes("continuous") ? "continuous" : "";
    if (metering) set[mode] = metering;
  }
  return { ok: true, kind: "constraints", prop: "pointsOfInterest", set, clamped: x !== point.x || y !== point.y };
}
