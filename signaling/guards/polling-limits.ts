// Limits of a long-polling session: packets per POST, and a POST over the size limit closes the session.
import type { Socket as EngineSocket } from "engine.io";
import { transportOf } from "../transport/engine-socket.js";

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
  const transport = transportOf(raw);
  if (transport.name !== "polling") return;
  const onData = transport.onData.bind(transport);
  transport.onData = (data: unknown) => {
    if (typeof data === "string" && countPackets(data, maxPackets) > maxPackets) {
      report.onPollingRefused("too many packets in one request");
      transport.onError("too many packets in one request");
      return;
    }
    onData(data);
  };
  const onDataRequest = transport.onDataRequest?.bind(transport);
  if (!onDataRequest) return;
  transport.onDataRequest = (req, res) => {
    res.once("finish", () => {
      if (res.statusCode !== 413) return;
      report.onPollingRefused("request too large");
      transport.onError("request too large");
    });
    onDataRequest(req, res);
  };
}

/** Packets in a polling payload, counted up to `limit + 1` without splitting it. */
function countPackets(payload: string, limit: number): number {
  let n = 1;
  for (let i = payload.indexOf("\x1e"); i !== -1 && n <= limit; i = payload.indexOf("\x1e", i + 1)) n++;
  return n;
}
