// The phone applies one console command to the camera track it is sending: checked and clamped against the
// track's own capabilities, applied with applyConstraints in one `advanced` set, and answered with the settings
// the browser reports afterwards, or with what went wrong in plain words (the stream stays as it was).
import { type CapableTrack, type ConsoleSettings, readCaps, readSettings } from "./capabilities.js";
import { checkCommand } from "./command.js";
import type { ConsoleCommand } from "./messages.js";
import { isRangeProp, isModeProp, labelOf, type ChoiceProp, type ConsoleProp } from "./properties.js";

/** What applyCommand needs of a MediaStreamTrack. */
export interface ConsoleTrack extends CapableTrack {
  applyConstraints(constraints?: MediaTrackConstraints): Promise<void>;
  readonly readyState?: MediaStreamTrackState;
}

/** The commands that are constraints on the track; lens, resolution and frame rate reopen the camera instead. */
export type TrackCommand = Exclude<ConsoleCommand, { prop: ChoiceProp }>;

export interface ApplyOptions {
  /**
   * The track's basic constraints (resolution, frame rate, lens), sent again with the change: applyConstraints
   * replaces the whole constraint set, and a browser may otherwise fall back to its default resolution.
   */
  base?: MediaTrackConstraints;
  /** navigator.mediaDevices.getSupportedConstraints(), for tap-to-focus (see readCaps). */
  supported?: object;
}

export interface ApplyOutcome {
  /** getSettings() after the change (or after the failure: what still holds). */
  settings: ConsoleSettings;
  error?: string;
  /** The value asked for was outside the camera's range or step and was moved into it. */
  clamped?: boolean;
}

export function isTrackCommand(cmd: ConsoleCommand): cmd is TrackCommand {
  return isRangeProp(cmd.prop) || isModeProp(cmd.prop) || cmd.prop === "torch" || cmd.prop === "pointsOfInterest";
}

/** Applies `cmd` to `track` and reports the settings in effect afterwards. Never throws. */
export async function applyCommand(
  track: ConsoleTrack,
  cmd: TrackCommand,
  options: ApplyOptions = {},
): Promise<ApplyOutcome> {
  if (track.readyState === "ended") {
    return { settings: {}, error: `The camera is off, so ${labelOf(cmd.prop)} could not change.` };
  }
  const checked = checkCommand(cmd, readCaps(track, options.supported), []);
  if (!checked.ok) return { settings: readSettings(track), error: checked.error };
  if (checked.kind !== "constraints") {
    return { settings: readSettings(track), error: `${labelOf(cmd.prop)} is changed by reopening the camera.` };
  }
  try {
    await track.applyConstraints({ ...options.base, advanced: [checked.set as MediaTrackConstraintSet] });
  } catch (err) {
    return { settings: readSettings(track), error: describeApplyError(err, cmd.prop) };
  }
  const settings = readSettings(track);
  return checked.clamped ? { settings, clamped: true } : { settings };
}

/**
 * Why the browser refused a change, for the laptop's console. OverconstrainedError names the constraint that
 * failed, which can be the mode sent along with the value ("Auto" for Focus), so its own label is used.
 */
export function describeApplyError(err: unknown, prop: ConsoleProp): string {
  const name = typeof err === "object" && err !== null && "name" in err ? String(err.name) : "";
  const constraint = typeof err === "object" && err !== null && "constraint" in err ? String(err.constraint) : "";
  const failed = isKnownProp(constraint) ? labelOf(constraint) : labelOf(prop);
  switch (name) {
    case "OverconstrainedError":
      return `The phone's camera can't set ${failed} to that; nothing changed.`;
    case "NotReadableError":
    case "AbortError":
      return `The phone's camera is busy and could not change ${failed}; nothing changed.`;
    case "InvalidStateError":
      return `The camera is off, so ${failed} could not change.`;
    case "TypeError":
      return `The phone's browser does not accept that ${failed} setting; nothing changed.`;
    default:
      return `${failed} could not change (the phone's browser gave no reason); nothing changed.`;
  }
}

function isKnownProp(x: string): x is ConsoleProp {
  return isRangeProp(x) || isModeProp(x) || x === "torch" || x === "pointsOfInterest";
}
