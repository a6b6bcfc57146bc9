// What every HTTP route works with.
import type { Config } from "../config/config.js";
import type { HostCheck } from "../guards/allowed-hosts.js";
import type { CodeAccess } from "../guards/code-access.js";
import type { CodeIssueLimit } from "../guards/code-issue-limit.js";
import type { JoinGuard } from "../guards/join-guard.js";
import type { Logger } from "../observability/log.js";
import type { LimitedLog } from "../observability/log-throttle.js";
import type { Metrics } from "../observability/metrics.js";
import type { RoomStore } from "../store/store.js";
import type { MetricsAccess } from "./metrics-endpoint.js";
import type { BoundPorts } from "./share-urls.js";

export interface HttpContext {
  config: Readonly<Config>;
  rooms: RoomStore;
  codeLimit: CodeIssueLimit;
  /** Access keys / JWTs for code creation; lets everyone through when none are configured. */
  codeAccess: CodeAccess;
  /** The failed-join limit: a lookup of a wrong code in /api/config counts against it as a failed join does. */
  joinGuard: JoinGuard;
  hostCheck: HostCheck;
  /** Where /metrics may be read on this listener; undefined when it has a listener of its own. */
  metricsAccess: MetricsAccess | undefined;
  metrics: Metrics;
  log: Logger;
  limitedLog: LimitedLog;
  connectedSockets: () => number;
  /** True once shutdown began: health turns 503 so a balancer stops sending work. */
  draining: () => boolean;
  /** Why the backend cannot take work (e.g. Redis unreachable); undefined while it can. */
  unavailableReason?: () => string | undefined;
  trustProxy: (addr: string, hop: number) => boolean;
  boundPorts: () => BoundPorts;
}
