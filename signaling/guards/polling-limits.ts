// Limits of a long-polling session: packets per POST, and a POST over the size limit closes the session.
import type { Socket as EngineSocket } from "engine.io";
import { interceptPolling } from "../transport/engine-internals.js";

/**
 * Long-polling: a POST may carry many packets (separated by \x1e), which Engine.IO would decode one by one.
 * One with more than `maxPackets` closes the session before any is decoded. And a POST over the size limit,
 * answered 413 by Engine.IO, closes its session too, as an oversized websocket frame does.
 */
export function guardPolling(
  raw: EngineSocket,
  maxPackets: number,
  report: { onPollingRefused(why: string): void },
): void {
  interceptPolling(
    raw,
    (payload) =>
      countPackets(payload, maxPackets) > maxPackets ? refuse(report, "too many packets in one request") : undefined,
    (status) => (status === 413 ? refuse(report, "request too large") : undefined),
  );
}

function refuse(report: { onPollingRefused(why: string): void }, why: string): string {
  report.onPollingRefused(why);
  return why;
}

/** Packets in a polling payload, counted up to `limit + 1` without splitting it. */
function countPackets(payload: string, limit: number): number {
  let n = 1;
  for (let i = payload.indexOf("\x1e"); i !== -1 && n <= limit; i = payload.indexOf("\x1e", i + 1)) n++;
  return n;
}
