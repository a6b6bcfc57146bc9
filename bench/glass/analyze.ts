// From what the pages recorded to glass-to-glass figures: each frame the viewer presented is matched, by the index
// it carries, to that frame's capture on the camera page; the difference is that frame's delay. Pure, so the
// matching and the stall count are unit-tested on recorded inputs (analyze.test.ts).
import { percentile } from "../stats.js";

/**
 * The camera page's record per frame, flat: index (-1: unreadable), epoch ms when the page's reader got the frame,
 * and the frame's own timestamp in ms (VideoFrame.timestamp: its capture time, on a clock of its own).
 */
export const CAMERA_FIELDS = 3;
/**
 * The viewer page's record per presented frame, flat: index (-1 unreadable), expectedDisplayTime,
 * presentationTime, receiveTime (NaN where the browser gives none), rtpTimestamp (NaN likewise), width, height,
 * and when the callback ran. Times are epoch ms (timeOrigin + the page's timestamps), one clock for both pages.
 */
export const VIEWER_FIELDS = 8;

/** A gap between two presented frames longer than this is a stall (issue 20: none over 500 ms in 60 s). */
export const STALL_MS = 500;
/** A frame is matched to the camera's latest capture of its index no older than this (the clip loops). */
export const MAX_AGE_MS = 5_000;

export interface GlassFigures {
  /** Presented frames in the window whose index was read and matched. */
  frames: number;
  /** Presented frames whose picture gave no index (blurred, mid-switch), and read ones with no camera record. */
  unreadable: number;
  unmatched: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Frames presented per second over the window, and the frames the camera page got per second. */
  fps: number;
  cameraFps: number;
  /** Median presented size. */
  width: number;
  height: number;
  /** The smallest presented size (width × height) in the window. */
  minWidth: number;
  minHeight: number;
  /** Gaps longer than STALL_MS between presented frames (the window's edges count as frames), and the longest. */
  stalls: number;
  longestGapMs: number;
  /**
   * Medians per matched frame, where the browser gives the times: captured → received (hand-off, encode, send,
   * network), received → presentation (jitter buffer, decode), presentation → expected display (compositing).
   */
  toReceiveMs: number;
  receiveToPresentMs: number;
  presentToDisplayMs: number;
}

/** Arithmetic mean; NaN for an empty array. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

interface Delivery {
  times: number[];
}

/** The latest time in ascending `times` at or before `t`, or undefined. */
function latestAtOrBefore(times: readonly number[], t: number): number | undefined {
  let lo = 0;
  let hi = times.length - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) {
      found = times[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * What to add to a frame's timestamp to put it on the camera page's clock: the smallest gap seen between a frame's
 * timestamp and its reader getting it, that is the quickest hand-off from capture to the page (~1 ms). A frame's
 * time is then its capture time, however late the page's main thread got round to reading it.
 */
export function captureClock(camera: readonly number[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i + CAMERA_FIELDS <= camera.length; i += CAMERA_FIELDS)
    best = Math.min(best, camera[i + 1]! - camera[i + 2]!);
  return best;
}

/**
 * Figures for the frames the viewer expected to display in [from, to] (epoch ms). `camera` and `viewer` are the
 * pages' flat records (CAMERA_FIELDS, VIEWER_FIELDS), in the order they were recorded.
 */
export function analyze(
  camera: readonly number[],
  viewer: readonly number[],
  from: number,
  to: number,
  maxAgeMs = MAX_AGE_MS,
): GlassFigures {
  if (!(to > from)) throw new RangeError("the window must end after it starts");
  const toPage = captureClock(camera);
  const byIndex = new Map<number, Delivery>();
  let cameraFrames = 0;
  for (let i = 0; i + CAMERA_FIELDS <= camera.length; i += CAMERA_FIELDS) {
    const index = camera[i]!;
    const t = camera[i + 2]! + toPage;
    if (t >= from && t <= to) cameraFrames++;
    if (index < 0) continue;
    const d = byIndex.get(index) ?? { times: [] };
    d.times.push(t);
    byIndex.set(index, d);
  }
  for (const d of byIndex.values()) d.times.sort((a, b) => a - b);

  const delays: number[] = [];
  const toReceive: number[] = [];
  const receiveToPresent: number[] = [];
  const presentToDisplay: number[] = [];
  const widths: number[] = [];
  const heights: number[] = [];
  const shown: number[] = [];
  let unreadable = 0;
  let unmatched = 0;
  let minArea = Number.POSITIVE_INFINITY;
  let minSize: [number, number] = [Number.NaN, Number.NaN];
  for (let i = 0; i + VIEWER_FIELDS <= viewer.length; i += VIEWER_FIELDS) {
    const [index, displayAt, presentedAt, receivedAt, , width, height] = viewer.slice(i, i + VIEWER_FIELDS) as number[];
    if (!(displayAt! >= from && displayAt! <= to)) continue;
    shown.push(displayAt!);
    widths.push(width!);
    heights.push(height!);
    if (width! * height! < minArea) {
      minArea = width! * height!;
      minSize = [width!, height!];
    }
    if (index! < 0) {
      unreadable++;
      continue;
    }
    const sent = latestAtOrBefore(byIndex.get(index!)?.times ?? [], displayAt!);
    if (sent === undefined || displayAt! - sent > maxAgeMs) {
      unmatched++;
      continue;
    }
    delays.push(displayAt! - sent);
    if (Number.isFinite(receivedAt)) {
      toReceive.push(receivedAt! - sent);
      receiveToPresent.push(presentedAt! - receivedAt!);
    }
    presentToDisplay.push(displayAt! - presentedAt!);
  }

  shown.sort((a, b) => a - b);
  const edges = [from, ...shown, to];
  let stalls = 0;
  let longestGapMs = 0;
  for (let i = 1; i < edges.length; i++) {
    const gap = edges[i]! - edges[i - 1]!;
    if (gap > STALL_MS) stalls++;
    longestGapMs = Math.max(longestGapMs, gap);
  }
  const seconds = (to - from) / 1000;
  return {
    frames: delays.length,
    unreadable,
    unmatched,
    meanMs: mean(delays),
    p50Ms: percentile(delays, 50),
    p95Ms: percentile(delays, 95),
    p99Ms: percentile(delays, 99),
    maxMs: delays.length ? Math.max(...delays) : Number.NaN,
    fps: shown.length / seconds,
    cameraFps: cameraFrames / seconds,
    width: percentile(widths, 50),
    height: percentile(heights, 50),
    minWidth: minSize[0],
    minHeight: minSize[1],
    stalls,
    longestGapMs,
    toReceiveMs: percentile(toReceive, 50),
    receiveToPresentMs: percentile(receiveToPresent, 50),
    presentToDisplayMs: percentile(presentToDisplay, 50),
  };
}
