// Every setting the server reads, listed once: environment variable, Config key, type, range, default and what it
// does. loadConfig (config.ts) parses the environment with it, the Config type is derived from it, and
// docs/CONFIGURATION.md is generated from it (`npm run docs:config`, checked by reference.test.ts).
import { z } from "zod";
import {
  anyText,
  bool,
  connectionCap,
  httpUrl,
  iceServerList,
  int,
  keyPrefix,
  list,
  oneOf,
  type Parsed,
  port,
  redisUrl,
  secret,
  secretText,
  type Setting,
  text,
  trustProxy,
  urlList,
} from "./setting-types.js";

export type { Setting } from "./setting-types.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** The settings, in the order of the reference page; the keys are Config's. Names match STYLE.md "Naming". */
export const SETTINGS = {
  port: {
    env: "PORT",
    ...(port(5000) as Parsed<number>),
    description: "HTTP port (pages, API and Socket.IO).",
  },
  host: {
    env: "HOST",
    ...text("0.0.0.0"),
    description: "Listen address; `127.0.0.1` keeps the server off the network.",
  },
  httpsPort: {
    env: "HTTPS_PORT",
    ...(port(5443) as Parsed<number>),
    description: "HTTPS port, same app; `0` turns HTTPS off.",
  },
  tlsCertFile: {
    env: "TLS_CERT",
    ...text(),
    description: "PEM file of your own certificate; set `TLS_KEY` too. Without both a self-signed one is made.",
  },
  tlsKeyFile: {
    env: "TLS_KEY",
    ...text(),
    description: "PEM file of the key of `TLS_CERT`; both or neither.",
  },
  certDir: {
    env: "CERT_DIR",
    ...text(".certs"),
    description: "Where the self-signed certificate is kept (re-made near expiry or when the LAN addresses change).",
  },
  publicUrl: {
    env: "PUBLIC_URL",
    ...httpUrl(),
    description:
      "Origin for links and QR codes (e.g. behind a reverse proxy); else the LAN HTTPS address. Its host is always allowed.",
  },
  staticDir: {
    env: "STATIC_DIR",
    ...text("dist/client"),
    description: "The built pages.",
  },
  codeTtlSeconds: {
    env: "CODE_TTL_SECONDS",
    ...int(1, 86_400, 600),
    description: "An issued code nobody joins expires after this.",
  },
  roomGraceSeconds: {
    env: "ROOM_GRACE_SECONDS",
    ...int(0, 86_400, 60),
    description: "After the last member leaves, the code stays joinable this long.",
  },
  maxViewers: {
    env: "MAX_VIEWERS",
    ...int(1, 64, 4),
    description: "Viewers per room (plus one camera).",
  },
  joinFailuresPerMinute: {
    env: "JOIN_FAILURES_PER_MINUTE",
    ...int(1, 1_000_000, 10),
    description: "Failed joins per client address in any 60 s before every join from it is refused.",
  },
  codesPerMinute: {
    env: "CODES_PER_MINUTE",
    ...int(1, 1_000_000, 30),
    description: "Code generations per client address per minute (then HTTP 429).",
  },
  socketEventsPerSecond: {
    env: "SOCKET_EVENTS_PER_SECOND",
    ...int(1, 1_000_000, 50),
    description: "Sustained events per socket; beyond it `RATE_LIMITED`.",
  },
  socketEventBurst: {
    env: "SOCKET_EVENT_BURST",
    ...int(1, 1_000_000, 200),
    description: "Events a socket may send at once; also the most packets one long-polling request may carry.",
  },
  corsOrigins: {
    env: "CORS_ORIGINS",
    ...list(),
    description:
      "Foreign origins whose pages may open a Socket.IO connection (same origin always may). The HTTP API sends no CORS headers, and a cross-site code request is refused even from a listed origin.",
  },
  allowedHosts: {
    env: "ALLOWED_HOSTS",
    ...list(),
    description:
      "Extra host names the server answers to, as Vite's `server.allowedHosts`: `cam.example.org`, `.example.org` (the domain and its subdomains), or `*` (any: turns the check off). IP addresses, `localhost`, the machine's own name (and `NAME.local`) and `PUBLIC_URL`'s host always pass.",
  },
  maxConnectionsPerAddress: {
    env: "MAX_CONNECTIONS_PER_ADDRESS",
    ...int(1, 1_000_000, 256),
    description:
      "Concurrent Socket.IO connections per client address (an IPv6 client per /64); more are refused at the handshake.",
  },
  maxConnections: {
    env: "MAX_CONNECTIONS",
    ...connectionCap(),
    description:
      "Concurrent connections in total. Default on Linux: the process's open-file limit less 10 % (at least 64 spare, at most 100,000); 10,000 where the limit can't be read or is 128 or under.",
  },
  maxQueuedBytes: {
    env: "MAX_QUEUED_BYTES",
    ...int(64 * 1024, 1024 * 1024 * 1024, 1024 * 1024),
    description: "Bytes that may wait to be sent to one socket; past that it is cut off as too slow a reader.",
  },
  metricsPort: {
    env: "METRICS_PORT",
    ...port(),
    description: "Serve `/metrics` on a listener of its own (and not on the main one).",
  },
  metricsHost: {
    env: "METRICS_HOST",
    ...text("127.0.0.1"),
    description: "Address of the `METRICS_PORT` listener.",
  },
  metricsToken: {
    env: "METRICS_TOKEN",
    ...secret(16),
    description: "Bearer token that `/metrics` then requires, on either listener.",
  },
  trustProxy: {
    env: "TRUST_PROXY",
    ...trustProxy(),
    description: "Express's `trust proxy`: which forwarded client address to believe (e.g. `loopback, 10.0.0.0/8`).",
  },
  iceServers: {
    env: "ICE_SERVERS",
    ...iceServerList(),
    description:
      'ICE servers, e.g. `[{"urls":"stun:stun.example.org:3478"}]`; entries with a `credential` (TURN) are only given out with a live code. Kept for existing setups; `STUN_URLS`/`TURN_URLS` are the better way.',
  },
  stunUrls: {
    env: "STUN_URLS",
    ...urlList(/^stuns?:/i, "stun: or stuns:"),
    description: "STUN servers, given to every page.",
  },
  turnUrls: {
    env: "TURN_URLS",
    ...urlList(/^turns?:/i, "turn: or turns:"),
    description:
      "Your TURN relay; needs `TURN_SECRET` or `TURN_USERNAME`/`TURN_PASSWORD`. Given out, with credentials, only for a live code.",
  },
  turnSecret: {
    env: "TURN_SECRET",
    ...secret(16),
    description:
      "coturn's `static-auth-secret`: each page gets its own short-lived credential (TURN REST API). Never leaves the server.",
  },
  turnTtlSeconds: {
    env: "TURN_TTL_SECONDS",
    ...int(60, 7 * 86_400, 3600),
    description: "Lifetime of one TURN credential.",
  },
  turnUsername: {
    env: "TURN_USERNAME",
    ...anyText(),
    description: "A fixed TURN user instead of `TURN_SECRET` (with `TURN_PASSWORD`; not with `TURN_SECRET`).",
  },
  turnPassword: {
    env: "TURN_PASSWORD",
    ...anyText(),
    description: "The password of `TURN_USERNAME`; both or neither.",
  },
  iceTransportPolicy: {
    env: "ICE_TRANSPORT_POLICY",
    ...(oneOf(["all", "relay"]) as Parsed<"all" | "relay" | undefined>),
    description: "`relay`: every page uses the relay only (needs a TURN server); `all`: the browser's default.",
  },
  accessKeys: {
    env: "ACCESS_KEYS",
    ...list(secretText(16), "comma-separated secrets, 16+ characters each"),
    description: "Operator keys: creating a code then needs one. Empty (and no `ACCESS_JWT_SECRET`): creation is open.",
  },
  accessJwtSecret: {
    env: "ACCESS_JWT_SECRET",
    ...secret(32),
    description: "HS256 secret: creating a code then also accepts a JWT signed with it.",
  },
  accessFailuresPerMinute: {
    env: "ACCESS_FAILURES_PER_MINUTE",
    ...int(1, 1_000_000, 10),
    description: "Wrong access keys per client address per minute before every attempt from it is refused.",
  },
  maxHttpBufferSize: {
    env: "MAX_HTTP_BUFFER_SIZE",
    ...int(100 * 1024, 64 * 1024 * 1024, 128 * 1024),
    description: "Socket.IO frame limit in bytes; a larger frame closes that connection.",
  },
  shutdownTimeoutMs: {
    env: "SHUTDOWN_TIMEOUT_MS",
    ...int(0, 120_000, 10_000),
    description: "Longest a graceful stop may take before the process exits anyway.",
  },
  shutdownDrainMs: {
    env: "SHUTDOWN_DRAIN_MS",
    ...int(0, 60_000, 2_000),
    description:
      "On SIGTERM, how long `/healthz` answers 503 (listeners still up, new sockets refused) before every client is closed; shorter than `SHUTDOWN_TIMEOUT_MS`.",
  },
  logLevel: {
    env: "LOG_LEVEL",
    ...oneOf(LOG_LEVELS, "info"),
    description: "pino level.",
  },
  printBanner: {
    env: "PRINT_BANNER",
    ...bool(true),
    description: "Print the addresses and a QR code at start.",
  },
  redisUrl: {
    env: "REDIS_URL",
    ...redisUrl(),
    description:
      "Codes, rooms and limits live in Redis and several processes share them; unset, everything is in this process's memory.",
  },
  redisKeyPrefix: {
    env: "REDIS_KEY_PREFIX",
    ...keyPrefix("codecam:"),
    description: "Prefix of every Redis key and adapter channel, so deployments can share one Redis.",
  },
  redisHeartbeatSeconds: {
    env: "REDIS_HEARTBEAT_SECONDS",
    ...int(1, 300, 10),
    description:
      "TTL of each process's heartbeat; a process silent this long is dead and its slots are freed within 1.5x this.",
  },
  redisCommandTimeoutMs: {
    env: "REDIS_COMMAND_TIMEOUT_MS",
    ...int(50, 60_000, 1_000),
    description: "A Redis command unanswered this long fails (`UNAVAILABLE`), so a lost Redis never hangs a request.",
  },
} satisfies Record<string, Setting<unknown>>;

type Settings = typeof SETTINGS;

/** The server's configuration: one field per setting, typed by its schema. */
export type Config = { [K in keyof Settings]: z.output<Settings[K]["schema"]> };

/** The environment's schema: every variable by name. */
export const envSchema = z.object(
  Object.fromEntries(Object.values(SETTINGS).map((s) => [s.env, s.schema as z.ZodType])) as Record<string, z.ZodType>,
);
