// What the glass measurement is made of: the variants measured, the options of a run, and the shapes of its runs,
// summaries and result (measure.ts runs them).
import { START_BITRATE_KBPS } from "../../client/lib/rtc/start-bitrate.js";
import type { GlassFigures } from "./analyze.js";
import type { Levers } from "./instrument.js";
import type { OverlayReading } from "./overlay.js";
import type { ShapedLink } from "./shape.js";

export type GlassTarget = "codecam" | "floor";

/** One thing measured: a target, and the levers applied to it (none: as shipped / browser defaults). */
export interface Variant {
  name: string;
  target: GlassTarget;
  levers?: Levers;
  /** codecam: more of the viewer's address after `?code=NNNNNN` (a setting the product itself offers). */
  viewerParams?: string;
}

export const CODECAM: Variant = { name: "codecam", target: "codecam" };
/**
 * codecam with the viewer's Low delay setting on, through the product's own path: `&delay=low` in the viewer's
 * address, so the phone scales that laptop's video down to 360 lines (client/lib/rtc/low-delay.ts).
 */
export const CODECAM_LOW_DELAY: Variant = { name: "codecam, low delay", target: "codecam", viewerParams: "&delay=low" };
export const FLOOR: Variant = { name: "floor", target: "floor" };
/**
 * The floor starting at codecam's start bitrate (client/lib/rtc/start-bitrate.ts): with the browser's default
 * 300 kbps start the floor spends its first seconds at a quarter of the pixels, so this one shows the floor at the
 * resolution codecam sends. Context, not the target's reference: ratios stay to the floor with defaults.
 */
export const FLOOR_SAME_START: Variant = {
  name: "floor, 1 Mbit/s start",
  target: "floor",
  levers: { startBitrateKbps: START_BITRATE_KBPS },
};

export interface GlassOptions {
  variants: Variant[];
  links: ShapedLink[];
  rounds: number;
  /** Seconds measured per run, after warm-up; per link when given there. */
  seconds: number;
  secondsByLink?: Record<string, number>;
  /** Seconds of streaming before the measured window (the bandwidth estimate ramps up). */
  warmupSeconds: number;
  /** Length of the clip (it loops). */
  clipSeconds: number;
  fromSource: boolean;
  buildClient: boolean;
  beforeRun?: () => Promise<unknown>;
  log?: (line: string) => void;
  /** Keep each run's raw records, and (floor) time a data-channel ping every 100 ms: inputs for unit tests. */
  keepRecords?: boolean;
}

/** A run's raw records (keepRecords): the pages' flat arrays, the window, and the floor's ping exchanges. */
export interface GlassRecords {
  cam: number[];
  view: number[];
  from: number;
  to: number;
  /** [t0, t1, t2, t3] per exchange: viewer sends, camera receives and replies, viewer receives (epoch ms). */
  pings: number[][];
}

export interface StatsEntry {
  "inbound-rtp"?: Record<string, unknown>;
  "outbound-rtp"?: Record<string, unknown>;
  path?: { local: string; remote: string; rttMs: number | null; availableOutgoingBitrate: number | null };
}

export interface GlassRun {
  variant: string;
  target: GlassTarget;
  link: string;
  round: number;
  /** Position in its round (0: ran first). */
  slot: number;
  figures?: GlassFigures;
  /** codecam: the delay its viewer's stats panel showed in the window (overlay.ts). */
  overlay?: OverlayReading;
  /** Per-frame means over the window from getStats: where the time goes inside the browser. */
  trace?: Trace;
  codec?: string;
  path?: string;
  applied?: Record<string, unknown>;
  records?: GlassRecords;
  /** Bytes through the shaper during the run (shaped links only). */
  shapedBytes?: number;
  shapedDrops?: number;
  /** Share of all cores busy (every process, ours included, plus steal) during the window, and load average. */
  machineBusy?: number;
  loadavg?: number;
  /** What the pages logged as failed (missing APIs and such). */
  pageErrors?: string[];
  error?: string;
}

export interface Trace {
  encodeMs?: number;
  packetSendDelayMs?: number;
  jitterBufferMs?: number;
  jitterBufferTargetMs?: number;
  decodeMs?: number;
  processingMs?: number;
  qualityLimitation?: string;
  framesDroppedViewer?: number;
  freezes?: number;
  freezesMs?: number;
  nacks?: number;
  plis?: number;
  keyFramesEncoded?: number;
  packetsLost?: number;
  kbps?: number;
}

/** Means over a variant's rounds on one link, and its ratios to the floor's. */
export interface GlassSummary
  extends Omit<GlassFigures, "frames" | "unreadable" | "unmatched" | "maxMs" | "cameraFps"> {
  variant: string;
  link: string;
  rounds: number;
  /** Each round's mean, to show how much they move. */
  roundMeans: number[];
  /** codecam: the mean over rounds of the stats panel's median delay in the window. */
  overlayMs?: number;
  ratio?: { meanMs: number; p50Ms: number; p95Ms: number; p99Ms: number };
  trace: Trace;
  seconds: number;
}

export interface GlassResult {
  clip: { width: number; height: number; fps: number; seconds: number };
  rounds: number;
  warmupSeconds: number;
  secondsByLink: Record<string, number>;
  runs: GlassRun[];
  summaries: GlassSummary[];
  errors: string[];
}
