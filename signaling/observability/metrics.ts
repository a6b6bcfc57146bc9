// Prometheus metrics (prom-client) on a registry of the server's own. Counters only on the signal path; the
// gauges read state the server keeps current (engine client count, the store's O(1) stats), never walk it.
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { type ErrorCode, SIGNAL_EVENTS, type SignalEvent } from "../protocol.js";
import type { StoreStats } from "../store/store.js";

export type JoinResultLabel = "ok" | "reclaimed" | ErrorCode;

export interface Metrics {
  registry: Registry;
  joins: (result: JoinResultLabel) => void;
  forwarded: (event: SignalEvent) => void;
  refused: (event: SignalEvent, code: ErrorCode) => void;
  rateLimited: (scope: "join" | "code" | "socket" | "access") => void;
  codesIssued: () => void;
  /** Over-budget packets dropped undecoded (guards/event-budget.ts): counted as plain numbers, they come in floods. */
  packetsDropped: (n: number) => void;
  /** Connections closed by the server for what they did. */
  connectionsCut: (reason: "slow_reader" | "flood" | "polling_abuse") => void;
  /** Handshakes refused. */
  connectionsRefused: (reason: "address_limit" | "total_limit" | "host" | "origin" | "draining") => void;
}

export function createMetrics(sources: {
  connectedSockets: () => number;
  storeStats: () => Promise<StoreStats>;
  processMetrics: boolean;
}): Metrics {
  const registry = new Registry();
  if (sources.processMetrics) collectDefaultMetrics({ register: registry });

  new Gauge({
    name: "codecam_connected_sockets",
    help: "Socket.IO connections open on this process.",
    registers: [registry],
    collect() {
      this.set(sources.connectedSockets());
    },
  });
  const storeGauge = (name: string, help: string, pick: (s: StoreStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(pick(await sources.storeStats()));
      },
    });
  storeGauge(
    "codecam_live_codes",
    "Codes that can be joined: issued and unexpired, in use, or in their grace period.",
    (s) => s.codes,
  );
  storeGauge("codecam_live_rooms", "Codes with at least one member.", (s) => s.rooms);
  storeGauge("codecam_room_members", "Sockets in a code room.", (s) => s.members);

  const joins = new Counter({
    name: "codecam_joins_total",
    help: "join_room requests by result.",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  // Counted in plain numbers on the signal path and handed to prom-client only when scraped: a labelled
  // counter's inc() hashes its labels on every call.
  const forwardedCounts: Record<SignalEvent, number> = { offer: 0, answer: 0, ice_candidate: 0 };
  new Counter({
    name: "codecam_signals_forwarded_total",
    help: "Signals forwarded, by event.",
    labelNames: ["event"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const event of SIGNAL_EVENTS) this.labels(event).inc(forwardedCounts[event]);
    },
  });
  const refused = new Counter({
    name: "codecam_signals_refused_total",
    help: "Signals refused, by event and error code.",
    labelNames: ["event", "code"] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: "codecam_rate_limited_total",
    help: "Requests refused by a rate limit, by scope (join: failed-join guard per IP; code: code generation per IP; socket: per-socket event budget; access: wrong access keys per IP).",
    labelNames: ["scope"] as const,
    registers: [registry],
  });
  const codesIssued = new Counter({ name: "codecam_codes_issued_total", help: "Codes issued.", registers: [registry] });
  let dropped = 0;
  new Counter({
    name: "codecam_packets_dropped_total",
    help: "Packets over a socket's event budget, dropped without being decoded or answered.",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(dropped);
    },
  });
  const cut = new Counter({
    name: "codecam_connections_cut_total",
    help: "Connections closed by the server, by reason (slow_reader: too much queued for it; flood: sustained flooding; polling_abuse: an oversized or overfull polling request).",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  const refusedConnections = new Counter({
    name: "codecam_connections_refused_total",
    help: "Socket.IO handshakes refused, by reason.",
    labelNames: ["reason"] as const,
    registers: [registry],
  });

  return {
    registry,
    joins: (result) => joins.labels(result).inc(),
    forwarded: (event) => forwardedCounts[event]++,
    refused: (event, code) => refused.labels(event, code).inc(),
    rateLimited: (scope) => rateLimited.labels(scope).inc(),
    codesIssued: () => codesIssued.inc(),
    packetsDropped: (n) => {
      dropped += n;
    },
    connectionsCut: (reason) => cut.labels(reason).inc(),
    connectionsRefused: (reason) => refusedConnections.labels(reason).inc(),
  };
}
