// loadConfig(env): the only reader of process.env. Defaults, parsing and validation in one place.
import { readFileSync } from "node:fs";
import type { z } from "zod";
import type { ClientConfig } from "../protocol.js";
import { envSchema } from "./schema.js";

export interface Config {
  port: number;
  host: string;
  /** 0: no HTTPS listener. */
  httpsPort: number;
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
  certDir: string;
  publicUrl: string | undefined;
  staticDir: string;
  codeTtlSeconds: number;
  roomGraceSeconds: number;
  maxViewers: number;
  joinFailuresPerMinute: number;
  codesPerMinute: number;
  socketEventsPerSecond: number;
  socketEventBurst: number;
  corsOrigins: string[];
  /** Host names accepted besides the machine's own, localhost, IP literals and PUBLIC_URL's host (allowed-hosts.ts). */
  allowedHosts: string[];
  maxConnectionsPerAddress: number;
  maxConnections: number;
  /** Bytes that may wait to be sent to one socket before it is cut off as a reader too slow to keep up. */
  maxQueuedBytes: number;
  /** A listener of its own for /metrics; undefined: /metrics on the main listener, loopback or token only. */
  metricsPort: number | undefined;
  metricsHost: string;
  metricsToken: string | undefined;
  trustProxy: boolean | number | string;
  iceServers: ClientConfig["iceServers"];
  /** STUN servers, given to every page. */
  stunUrls: string[];
  /** TURN servers, given out with credentials and only for a live code (ice-servers.ts). */
  turnUrls: string[];
  /** coturn's `static-auth-secret` (REST API credentials). Never leaves the server. */
  turnSecret: string | undefined;
  /** Lifetime of one REST credential. */
  turnTtlSeconds: number;
  /** A fixed TURN user, the alternative to turnSecret. */
  turnUsername: string | undefined;
  turnPassword: string | undefined;
  /** "relay": every page uses relayed candidates only. Undefined: the browser's default ("all"). */
  iceTransportPolicy: "all" | "relay" | undefined;
  /** Operator keys that may create codes; with accessJwtSecret, empty means code creation is open. */
  accessKeys: string[];
  /** HS256 secret of JWTs that may create codes. */
  accessJwtSecret: string | undefined;
  /** Wrong keys or tokens per client address per minute before every attempt from it is refused. */
  accessFailuresPerMinute: number;
  maxHttpBufferSize: number;
  shutdownTimeoutMs: number;
  /** How long /healthz answers 503 before the sockets are closed, so a balancer stops sending new clients. */
  shutdownDrainMs: number;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  printBanner: boolean;
  /** Unset: the in-memory backend (one process). */
  redisUrl: string | undefined;
  /** Prefix of every Redis key and adapter channel, so several deployments can share one Redis. */
  redisKeyPrefix: string;
  /** TTL of each process's heartbeat: a process silent this long is dead and its slots are freed (within 1.5x this). */
  redisHeartbeatSeconds: number;
  /** A Redis command not answered within this is a failure (UNAVAILABLE), so a lost Redis never hangs a request. */
  redisCommandTimeoutMs: number;
}

/**
 * Every connection holds a file descriptor: with the total cap under the process's descriptor limit, a crowd of
 * sockets is refused at the handshake instead of leaving no descriptor for files, DNS or the store.
 * Headroom of 10 % (at least 64) for those; 10,000 where the limit cannot be read (not Linux).
 */
function defaultMaxConnections(): number {
  try {
    const line = readFileSync("/proc/self/limits", "utf8")
      .split("\n")
      .find((l) => l.startsWith("Max open files"));
    const soft = Number(line?.split(/\s{2,}/)[1]);
    if (Number.isSafeInteger(soft) && soft > 128) return Math.min(100_000, soft - Math.max(64, Math.ceil(soft / 10)));
  } catch {
    // not Linux: fall through
  }
  return 10_000;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads and validates the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  // An empty variable means "not set", as in most shells' `FOO= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(present);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`);
  if ("TLS_CERT" in present !== "TLS_KEY" in present) problems.push("TLS_CERT and TLS_KEY: set both or neither");
  problems.push(...turnProblems(present));
  const relayWithoutTurn =
    parsed.success &&
    parsed.data.ICE_TRANSPORT_POLICY === "relay" &&
    parsed.data.TURN_URLS.length === 0 &&
    !parsed.data.ICE_SERVERS.some(isTurnServer);
  if (relayWithoutTurn)
    problems.push("ICE_TRANSPORT_POLICY: relay needs a TURN server (TURN_URLS, or a turn: entry in ICE_SERVERS)");
  if (
    parsed.success &&
    parsed.data.SHUTDOWN_DRAIN_MS >= parsed.data.SHUTDOWN_TIMEOUT_MS &&
    parsed.data.SHUTDOWN_TIMEOUT_MS > 0
  ) {
    problems.push(
      "SHUTDOWN_DRAIN_MS: must be shorter than SHUTDOWN_TIMEOUT_MS, or the drain would use up the whole deadline",
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    httpsPort: e.HTTPS_PORT,
    tlsCertFile: e.TLS_CERT,
    tlsKeyFile: e.TLS_KEY,
    certDir: e.CERT_DIR,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ""),
    staticDir: e.STATIC_DIR,
    codeTtlSeconds: e.CODE_TTL_SECONDS,
    roomGraceSeconds: e.ROOM_GRACE_SECONDS,
    maxViewers: e.MAX_VIEWERS,
    joinFailuresPerMinute: e.JOIN_FAILURES_PER_MINUTE,
    codesPerMinute: e.CODES_PER_MINUTE,
    socketEventsPerSecond: e.SOCKET_EVENTS_PER_SECOND,
    socketEventBurst: e.SOCKET_EVENT_BURST,
    corsOrigins: e.CORS_ORIGINS,
    allowedHosts: e.ALLOWED_HOSTS,
    maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
    maxConnections: e.MAX_CONNECTIONS ?? defaultMaxConnections(),
    maxQueuedBytes: e.MAX_QUEUED_BYTES,
    metricsPort: e.METRICS_PORT,
    metricsHost: e.METRICS_HOST,
    metricsToken: e.METRICS_TOKEN,
    trustProxy: e.TRUST_PROXY,
    // Optional fields the JSON left out stay absent rather than present as undefined.
    iceServers: e.ICE_SERVERS.map(({ urls, username, credential }) => ({
      urls,
      ...(username === undefined ? {} : { username }),
      ...(credential === undefined ? {} : { credential }),
    })),
    stunUrls: e.STUN_URLS,
    turnUrls: e.TURN_URLS,
    turnSecret: e.TURN_SECRET,
    turnTtlSeconds: e.TURN_TTL_SECONDS,
    turnUsername: e.TURN_USERNAME,
    turnPassword: e.TURN_PASSWORD,
    iceTransportPolicy: e.ICE_TRANSPORT_POLICY,
    accessKeys: e.ACCESS_KEYS,
    accessJwtSecret: e.ACCESS_JWT_SECRET,
    accessFailuresPerMinute: e.ACCESS_FAILURES_PER_MINUTE,
    maxHttpBufferSize: e.MAX_HTTP_BUFFER_SIZE,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    logLevel: e.LOG_LEVEL,
    printBanner: e.PRINT_BANNER,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    redisHeartbeatSeconds: e.REDIS_HEARTBEAT_SECONDS,
    redisCommandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
  });
}

/** TURN_URLS needs exactly one way to authenticate, and the credentials need somewhere to be used. */
function turnProblems(present: Record<string, unknown>): string[] {
  const has = (name: string) => name in present;
  const problems: string[] = [];
  if (has("TURN_USERNAME") !== has("TURN_PASSWORD"))
    problems.push("TURN_USERNAME and TURN_PASSWORD: set both or neither");
  const staticUser = has("TURN_USERNAME") || has("TURN_PASSWORD");
  if (has("TURN_SECRET") && staticUser) {
    problems.push("TURN_SECRET and TURN_USERNAME/TURN_PASSWORD: set one way to authenticate, not both");
  }
  if (has("TURN_URLS") && !has("TURN_SECRET") && !staticUser) {
    problems.push("TURN_URLS: needs TURN_SECRET (coturn's static-auth-secret) or TURN_USERNAME and TURN_PASSWORD");
  }
  if (!has("TURN_URLS") && (has("TURN_SECRET") || staticUser)) {
    problems.push("TURN_SECRET, TURN_USERNAME, TURN_PASSWORD: set TURN_URLS too, or the credentials are never used");
  }
  return problems;
}

function isTurnServer(server: { urls: string | string[] }): boolean {
  return (Array.isArray(server.urls) ? server.urls : [server.urls]).some((url) => /^turns?:/i.test(url));
}
