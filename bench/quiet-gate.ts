// Waiting for a quiet machine before each measured run, within a budget shared by the whole bench run.
import type { ModeConfig } from "./modes.js";
import { waitForQuiet } from "./proc.js";

export type QuietWait = () => Promise<{ waitedMs: number; busyShare: number } | undefined>;

/** Waits (see ModeConfig.quietWait) at most perRunMs each time and totalMs over all calls; then no longer waits. */
export function quietGate(budget: ModeConfig["quietWait"]): QuietWait {
  let left = budget.totalMs;
  return async () => {
    if (left <= 0 || budget.perRunMs <= 0) return undefined;
    const q = await waitForQuiet(Math.min(budget.perRunMs, left));
    left -= q.waitedMs;
    return q;
  };
}
