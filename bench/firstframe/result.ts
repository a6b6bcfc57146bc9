// The first-frame section's result, as bench/results/*.json records it and the report and BENCHMARKS.md read it.
import type { LinkConditions } from "../link.js";

export interface TimelineEntry {
  page: string;
  name: string;
  ms: number;
  count: number;
}

export interface FirstFrameResult {
  /** The camera page's emulated link; loopback when absent. */
  link?: LinkConditions;
  runs: Array<{
    openToFrameMs: number;
    joinToFrameMs: number;
    openToJoinMs: number;
    frameWidth: number;
    frameHeight: number;
    how: string | null;
    cameraJsBytes: number;
    viewerJsBytes: number;
    timeline: TimelineEntry[];
  }>;
  /** Median of each milestone over the runs (ms from the camera page's navigation start). */
  timeline?: Array<{ page: string; name: string; ms: number; count: number }>;
  errors: string[];
  openToFrameP50Ms: number;
  joinToFrameP50Ms: number;
  openToJoinP50Ms: number;
  note?: string;
}
