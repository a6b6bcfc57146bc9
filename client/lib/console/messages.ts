// The remote console's messages on the peer-to-peer data channel (docs/PROTOCOL.md, "Data channel"): the phone
// tells verified laptops what its camera can do and does; a laptop asks for a change; the phone answers with
// the settings that took effect. Decoding is as strict as the server's: known properties only, types checked.
import type { Quality } from "../media/media.js";
import {
  type ConsoleCaps,
  type ConsoleSettings,
  type Lens,
  MAX_LENS_ID,
  MAX_LENS_LABEL,
  MAX_LENSES,
  pickCaps,
  pickSettings,
} from "./capabilities.js";
import {
  isMeteringMode,
  isModeProp,
  isQuality,
  isRangeProp,
  labelOf,
  type MeteringMode,
  type ModeProp,
  type RangeProp,
} from "./properties.js";

/** A change a laptop asks for. Choices (lens, resolution, frame rate) reopen the camera; the rest are constraints. */
export type ConsoleCommand =
  | { prop: RangeProp; value: number }
  | { prop: ModeProp; value: MeteringMode }
  | { prop: "torch"; value: boolean }
  /** Where to focus and expose, as fractions of the picture (0,0 top left; 1,1 bottom right). */
  | { prop: "pointsOfInterest"; value: { x: number; y: number } }
  | { prop: "lens"; value: string }
  | { prop: "resolution"; value: Quality }
  | { prop: "frameRate"; value: number };

export type ConsoleMessage =
  /** phone → verified laptop: on verification and after every camera switch. */
  | { t: "console-caps"; caps: ConsoleCaps; settings: ConsoleSettings; lenses: Lens[] }
  /** phone → verified laptops: the settings changed (another laptop, or the phone's own controls). */
  | { t: "console-settings"; settings: ConsoleSettings }
  /** laptop → phone: `id` is the laptop's own counter, echoed in the result. */
  | ({ t: "console-set"; id: number } & ConsoleCommand)
  /** phone → the laptop that asked: the settings in effect afterwards, and why it failed if it did. */
  | { t: "console-result"; id: number; settings: ConsoleSettings; error?: string }
  /** phone → verified laptops: the holder locked (or unlocked) the console; commands are refused while locked. */
  | { t: "console-lock"; locked: boolean };

/** A console message, or why one could not be read (with the command's id when it had one, to answer it). */
export type DecodedConsole = { ok: true; msg: ConsoleMessage } | { ok: false; id?: number; error: string };

/**
 * Never sent: what the data channel's decoder (link-messages.ts) hands on for a console message that failed its
 * checks, so the phone can still answer the command's id with the reason.
 */
export interface ConsoleFault {
  t: "console-fault";
  id?: number;
  error: string;
}

/** A decoded console message as the link passes it on: the message itself, or the fault. */
export function consoleIncoming(decoded: DecodedConsole): ConsoleMessage | ConsoleFault {
  if (decoded.ok) return decoded.msg;
  return decoded.id === undefined
    ? { t: "console-fault", error: decoded.error }
    : { t: "console-fault", id: decoded.id, error: decoded.error };
}

export const MAX_CONSOLE_MESSAGE_CHARS = 16_384;
export const MAX_ERROR_CHARS = 300;

export function encodeConsoleMessage(msg: ConsoleMessage): string {
  return JSON.stringify(msg);
}

/**
 * Reads one data-channel message. Undefined when it is not a console message at all (not JSON, or a `t` without
 * the "console-" prefix: another module's); `{ok: false}` when it is one but malformed.
 */
export function decodeConsoleMessage(data: Uint8Array | string): DecodedConsole | undefined {
  let raw: unknown;
  try {
    const text = typeof data === "string" ? data : new TextDecoder().decode(data);
    if (text.length > MAX_CONSOLE_MESSAGE_CHARS) return { ok: false, error: "console message too long" };
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  if (typeof m.t !== "string" || !m.t.startsWith("console-")) return undefined;
  switch (m.t) {
    case "console-caps":
      return decodeCaps(m);
    case "console-settings": {
      const settings = strictSettings(m.settings);
      return typeof settings === "string" ? fail(settings) : { ok: true, msg: { t: "console-settings", settings } };
    }
    case "console-set":
      return decodeSet(m);
    case "console-result":
      return decodeResult(m);
    case "console-lock":
      return typeof m.locked === "boolean"
        ? { ok: true, msg: { t: "console-lock", locked: m.locked } }
        : fail("console-lock needs locked: true or false");
    default:
      return fail(`unknown console message "${m.t.slice(0, 40)}"`);
  }
}

function fail(error: string, id?: number): DecodedConsole {
  return id === undefined ? { ok: false, error } : { ok: false, id, error };
}

function isId(x: unknown): x is number {
  return Number.isSafeInteger(x) && (x as number) >= 0;
}

function strictSettings(raw: unknown): ConsoleSettings | string {
  const { settings, bad } = pickSettings(raw);
  return bad.length ? `bad settings: ${bad.join(", ")}` : settings;
}

function decodeCaps(m: Record<string, unknown>): DecodedConsole {
  const { caps, bad } = pickCaps(m.caps);
  if (bad.length) return fail(`bad capabilities: ${bad.join(", ")}`);
  const settings = strictSettings(m.settings);
  if (typeof settings === "string") return fail(settings);
  if (!Array.isArray(m.lenses) || m.lenses.length > MAX_LENSES) return fail("bad lens list");
  const lenses: Lens[] = [];
  for (const item of m.lenses as unknown[]) {
    const lens = item as Partial<Record<keyof Lens, unknown>> | null;
    if (typeof lens !== "object" || lens === null) return fail("bad lens list");
    const { id, label, facing } = lens;
    if (typeof id !== "string" || !id || id.length > MAX_LENS_ID) return fail("bad lens id");
    if (typeof label !== "string" || label.length > MAX_LENS_LABEL) return fail("bad lens label");
    if (facing !== undefined && facing !== "front" && facing !== "back") return fail("bad lens facing");
    lenses.push(facing ? { id, label, facing } : { id, label });
  }
  return { ok: true, msg: { t: "console-caps", caps, settings, lenses } };
}

function decodeResult(m: Record<string, unknown>): DecodedConsole {
  if (!isId(m.id)) return fail("console-result needs an id");
  const settings = strictSettings(m.settings);
  if (typeof settings === "string") return fail(settings, m.id);
  if (m.error === undefined) return { ok: true, msg: { t: "console-result", id: m.id, settings } };
  if (typeof m.error !== "string" || m.error.length > MAX_ERROR_CHARS) return fail("bad error text", m.id);
  return { ok: true, msg: { t: "console-result", id: m.id, settings, error: m.error } };
}

/** Checks a command's value type for its property; ranges and the camera's own limits are command.ts's job. */
function decodeSet(m: Record<string, unknown>): DecodedConsole {
  if (!isId(m.id)) return fail("console-set needs an id");
  const { id, prop, value } = m;
  const cmd = readCommand(prop, value);
  return typeof cmd === "string" ? fail(cmd, id) : { ok: true, msg: { t: "console-set", id, ...cmd } };
}

/** The command for `prop` = `value`, or the plain-words reason it is not one. */
export function readCommand(prop: unknown, value: unknown): ConsoleCommand | string {
  if (isRangeProp(prop)) {
    return typeof value === "number" && Number.isFinite(value)
      ? { prop, value }
      : `${labelOf(prop)} needs a number, not ${describe(value)}.`;
  }
  if (isModeProp(prop)) {
    return isMeteringMode(value) ? { prop, value } : `${labelOf(prop)} has no mode ${describe(value)}.`;
  }
  switch (prop) {
    case "torch":
      return typeof value === "boolean" ? { prop, value } : `Torch is on or off, not ${describe(value)}.`;
    case "pointsOfInterest": {
      const p = value as { x?: unknown; y?: unknown } | null;
      const ok =
        typeof p === "object" &&
        p !== null &&
        Object.keys(p).length === 2 &&
        typeof p.x === "number" &&
        Number.isFinite(p.x) &&
        typeof p.y === "number" &&
        Number.isFinite(p.y);
      return ok ? { prop, value: { x: p.x as number, y: p.y as number } } : "A focus point needs x and y numbers.";
    }
    case "lens":
      return typeof value === "string" && value.length > 0 && value.length <= MAX_LENS_ID
        ? { prop, value }
        : "That is not one of the phone's cameras.";
    case "resolution":
      return isQuality(value) ? { prop, value } : `The resolution ${describe(value)} is not one the console offers.`;
    case "frameRate":
      return typeof value === "number" && Number.isFinite(value) && value > 0
        ? { prop, value }
        : `Frame rate needs a number of frames per second, not ${describe(value)}.`;
    default:
      return `The phone has no setting called ${describe(prop)}.`;
  }
}

/** A short, safe rendering of a received value for an error message. */
function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.slice(0, 40));
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (value === undefined) return "nothing";
  return Array.isArray(value) ? "a list" : "an object";
}
