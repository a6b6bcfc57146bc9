// The delay codecam's viewer shows in its stats panel (client/lib/rtc/delay/), read during a glass run so the bench
// can print it beside the frame-identity figure of the same window (issue 20: within 15 ms of the p50). The panel
// is opened as a person would (its button); the page notes the row's text every half second with its own clock.
import type { Page } from "playwright-core";
import { median, round } from "../stats.js";

type OverlayWindow = { __glassOverlay?: Array<[number, string]> };

/** Opens the viewer's stats panel and starts noting its "Delay" row: [epoch ms, text]. */
export async function watchOverlay(viewer: Page): Promise<void> {
  await viewer.locator("#toggle-stats").click();
  await viewer.evaluate(() => {
    const w = window as unknown as OverlayWindow;
    w.__glassOverlay = [];
    setInterval(() => {
      const label = [...document.querySelectorAll("#stats dt")].find((dt) => dt.textContent === "Delay");
      const text = label?.nextElementSibling?.textContent;
      if (text != null) w.__glassOverlay!.push([performance.timeOrigin + performance.now(), text]);
    }, 500);
  });
}

export interface OverlayReading {
  /** Median of the figures the panel showed in the window, ms; undefined when it showed none. */
  medianMs?: number;
  /** Readings in the window that were a figure, and that were "—". */
  figures: number;
  dashes: number;
}

/** What the panel showed between `from` and `to` (epoch ms, the viewer's clock). */
export async function readOverlay(viewer: Page, from: number, to: number): Promise<OverlayReading> {
  const notes = await viewer.evaluate(() => (window as unknown as OverlayWindow).__glassOverlay ?? []);
  return overlayReading(notes, from, to);
}

export function overlayReading(
  notes: ReadonlyArray<readonly [number, string]>,
  from: number,
  to: number,
): OverlayReading {
  const inWindow = notes.filter(([t]) => t >= from && t <= to).map(([, text]) => text);
  const values = inWindow
    .map((text) => /^(\d+) ms$/.exec(text)?.[1])
    .filter((v) => v !== undefined)
    .map(Number);
  return {
    ...(values.length ? { medianMs: round(median(values), 4) } : {}),
    figures: values.length,
    dashes: inWindow.filter((text) => text === "—").length,
  };
}
