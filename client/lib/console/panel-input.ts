// What the laptop's hand means for the console, without the DOM: a click on the picture as a focus point
// (letterbox bars excluded, mirroring undone), and the zoom keys.
import { clampToRange } from "./command.js";
import type { ConsoleCommand } from "./messages.js";
import type { ConsoleView } from "./laptop-console.js";
import type { RangeControl } from "./model.js";

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Where a click at (clientX, clientY) falls in the picture of a <video> drawn with `object-fit: contain` in
 * `box`, as fractions of the picture (0,0 top left). Undefined on the bars around the picture or before the
 * video has a size. `mirrored`: the page shows the picture flipped, so the phone's x is the other way round.
 */
export function pointInPicture(
  clientX: number,
  clientY: number,
  box: Box,
  video: { width: number; height: number },
  mirrored = false,
): { x: number; y: number } | undefined {
  if (!video.width || !video.height || !box.width || !box.height) return undefined;
  const scale = Math.min(box.width / video.width, box.height / video.height);
  const shownWidth = video.width * scale;
  const shownHeight = video.height * scale;
  const x = (clientX - box.left - (box.width - shownWidth) / 2) / shownWidth;
  const y = (clientY - box.top - (box.height - shownHeight) / 2) / shownHeight;
  if (x < 0 || x > 1 || y < 0 || y > 1) return undefined;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { x: round(mirrored ? 1 - x : x), y: round(y) };
}

/** Keys for zoom while the console is open: + (or =) in, - out, 0 back to the widest. */
export const ZOOM_KEYS = { in: ["+", "="], out: ["-", "_"], reset: ["0"] } as const;

/**
 * The zoom command a key asks for, or undefined (not a zoom key, no zoom on this camera, console locked, or
 * already at the end). One press moves a tenth of the range, on the camera's own step grid.
 */
export function zoomKeyCommand(key: string, view: ConsoleView): ConsoleCommand | undefined {
  if (view.disabled) return undefined;
  const zoom = view.items.find(
    (i): i is RangeControl & { valueText: string } => i.kind === "range" && i.prop === "zoom",
  );
  if (!zoom) return undefined;
  const now = zoom.value ?? zoom.min;
  const jump = Math.max(zoom.step, (zoom.max - zoom.min) / 10);
  let target: number;
  if ((ZOOM_KEYS.in as readonly string[]).includes(key)) target = now + jump;
  else if ((ZOOM_KEYS.out as readonly string[]).includes(key)) target = now - jump;
  else if ((ZOOM_KEYS.reset as readonly string[]).includes(key)) target = zoom.min;
  else return undefined;
  const value = clampToRange(target, zoom);
  return value === now ? undefined : { prop: "zoom", value };
}
