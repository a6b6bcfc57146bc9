// The defences of one Engine.IO connection, wired to the metrics and the log: its event budget (guards/event-budget.ts),
// the slow-reader cap and the polling limits (slow-reader.ts, polling-limits.ts), and its slot under the connection caps. Every
// idle connection carries one, so it is one object whose reports are its methods, not a closure per report.
import type { Socket as EngineSocket } from "engine.io";
import type { Config } from "../config/config.js";
import type { ConnectionLimits } from "./connection-limits.js";
import { cutOff, pauseReading } from "../transport/connection-control.js";
import { guardPolling } from "./polling-limits.js";
import { capQueuedBytes } from "./slow-reader.js";
import { FloodGuard, type FloodEvents, type FloodLimits } from "./event-budget.js";
import type { LimitedLog } from "../observability/log-throttle.js";
import type { Metrics } from "../observability/metrics.js";

/** A flooding websocket is not read for this long after each strike. */
const FLOOD_PAUSE_MS = 1_000;

/** What every connection's guards share. */
export interface GuardDeps {
  config: Readonly<Config>;
  floodLimits: Readonly<FloodLimits>;
  limits: ConnectionLimits;
  metrics: Metrics;
  limitedLog: LimitedLog;
}

const guardsOf = new WeakMap<EngineSocket, ConnectionGuards>();

export class ConnectionGuards implements FloodEvents {
  readonly flood: FloodGuard;
  /** The connection-cap key whose slot this connection holds, until it closes. */
  #slot: string | undefined;

  /** Guards `raw`, from address `ip` (rate-limit key `key`), holding the connection-cap slot `slot` if any. */
  constructor(
    private readonly deps: GuardDeps,
    private readonly raw: EngineSocket,
    readonly ip: string,
    readonly key: string,
    slot: string | undefined,
  ) {
    this.#slot = slot;
    this.flood = new FloodGuard(deps.floodLimits, this);
    capQueuedBytes(raw, deps.config.maxQueuedBytes, this);
    guardPolling(raw, deps.config.socketEventBurst, this);
    guardsOf.set(raw, this);
    raw.on("close", releaseSlot);
  }

  static of(raw: EngineSocket): ConnectionGuards | undefined {
    return guardsOf.get(raw);
  }

  onDrop(): void {
    this.deps.metrics.packetsDropped(1);
  }

  onStrike(): void {
    this.deps.limitedLog.note(this.key, "flooding socket paused", { ip: this.ip });
    pauseReading(this.raw, FLOOD_PAUSE_MS);
  }

  onAbuse(): void {
    this.deps.metrics.connectionsCut("flood");
    this.deps.limitedLog.note(this.key, "flooding socket cut off", { ip: this.ip });
    cutOff(this.raw);
  }

  onSlowReader(queued: number): void {
    this.deps.metrics.connectionsCut("slow_reader");
    this.deps.limitedLog.note(this.key, "slow reader cut off", { ip: this.ip, queued });
  }

  onPollingRefused(why: string): void {
    this.deps.metrics.connectionsCut("polling_abuse");
    this.deps.limitedLog.note(this.key, "polling request refused", { ip: this.ip, why });
  }

  releaseSlot(): void {
    const slot = this.#slot;
    this.#slot = undefined;
    if (slot !== undefined) this.deps.limits.release(slot);
  }
}

/** Engine.IO's "close" (one function for every connection, called with the socket as `this`). */
function releaseSlot(this: EngineSocket): void {
  guardsOf.get(this)?.releaseSlot();
}
