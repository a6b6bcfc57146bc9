// Every environment variable the server reads: its type, its range and its default (zod).
import proxyAddr from "proxy-addr";
import { z } from "zod";

const iceServerSchema = z.object({
  urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  username: z.string().optional(),
  credential: z.string().optional(),
});

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"])
  .transform((v) => v === "true" || v === "1" || v === "yes" || v === "on");

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const port = int(0, 65_535);

/** Comma-separated list; blanks dropped. */
const list = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

/** A comma-separated list of URLs of one family, e.g. `turn:`/`turns:`. */
const urlList = (schemes: RegExp, example: string) =>
  list.pipe(z.array(z.string().regex(schemes, `each URL must start with ${example}`)));

/** A shared secret: long enough that it cannot be guessed, checked without ever echoing it. */
const secret = (minChars: number) =>
  z.string().min(minChars, `must be at least ${minChars} characters (e.g. \`openssl rand -base64 32\`)`);

/**
 * Every environment variable the server reads, with its default. The README's configuration table mirrors this.
 * Names match the constants they set (STYLE.md "Naming").
 */
export const envSchema = z.object({
  PORT: port.default(5000),
  HOST: z.string().min(1).default("0.0.0.0"),
  HTTPS_PORT: port.default(5443),
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  CERT_DIR: z.string().min(1).default(".certs"),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  STATIC_DIR: z.string().min(1).default("dist/client"),
  CODE_TTL_SECONDS: int(1, 86_400).default(600),
  ROOM_GRACE_SECONDS: int(0, 86_400).default(60),
  MAX_VIEWERS: int(1, 64).default(4),
  JOIN_FAILURES_PER_MINUTE: int(1, 1_000_000).default(10),
  CODES_PER_MINUTE: int(1, 1_000_000).default(30),
  SOCKET_EVENTS_PER_SECOND: int(1, 1_000_000).default(50),
  SOCKET_EVENT_BURST: int(1, 1_000_000).default(200),
  CORS_ORIGINS: list.default([]),
  ALLOWED_HOSTS: list.default([]),
  MAX_CONNECTIONS_PER_ADDRESS: int(1, 1_000_000).default(256),
  MAX_CONNECTIONS: int(1, 10_000_000).optional(),
  MAX_QUEUED_BYTES: int(64 * 1024, 1024 * 1024 * 1024).default(1024 * 1024),
  METRICS_PORT: port.optional(),
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  METRICS_TOKEN: z.string().min(16).optional(),
  TRUST_PROXY: z
    .string()
    .default("false")
    .transform((v, ctx): boolean | number | string => {
      // Express's own forms: a boolean, a hop count, or a list of trusted addresses/subnets.
      if (/^(true|false)$/.test(v)) return v === "true";
      if (/^\d+$/.test(v)) return Number(v);
      try {
        proxyAddr.compile(v.split(",").map((s) => s.trim()));
      } catch (err) {
        ctx.addIssue({
          code: "custom",
          message: `must be true, false, a hop count, or addresses/subnets such as "loopback, 10.0.0.0/8" (${(err as Error).message})`,
        });
        return z.NEVER;
      }
      return v;
    }),
  ICE_SERVERS: z
    .string()
    .default("[]")
    .transform((v, ctx) => {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: 'must be JSON, e.g. [{"urls":"stun:stun.example.org:3478"}]' });
        return z.NEVER;
      }
    })
    .pipe(z.array(iceServerSchema)),
  STUN_URLS: urlList(/^stuns?:/i, "stun: or stuns:").default([]),
  TURN_URLS: urlList(/^turns?:/i, "turn: or turns:").default([]),
  TURN_SECRET: secret(16).optional(),
  TURN_TTL_SECONDS: int(60, 7 * 86_400).default(3600),
  TURN_USERNAME: z.string().optional(),
  TURN_PASSWORD: z.string().optional(),
  ICE_TRANSPORT_POLICY: z.enum(["all", "relay"]).optional(),
  ACCESS_KEYS: list.pipe(z.array(secret(16))).default([]),
  ACCESS_JWT_SECRET: secret(32).optional(),
  ACCESS_FAILURES_PER_MINUTE: int(1, 1_000_000).default(10),
  MAX_HTTP_BUFFER_SIZE: int(100 * 1024, 64 * 1024 * 1024).default(128 * 1024),
  SHUTDOWN_TIMEOUT_MS: int(0, 120_000).default(10_000),
  SHUTDOWN_DRAIN_MS: int(0, 60_000).default(2_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PRINT_BANNER: bool.default(true),
  // Several processes: all of them on one Redis (README "Running several processes"). Unset: in-memory, one process.
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379" })
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, "1-64 letters, digits or :_.-")
    .default("codecam:"),
  REDIS_HEARTBEAT_SECONDS: int(1, 300).default(10),
  REDIS_COMMAND_TIMEOUT_MS: int(50, 60_000).default(1_000),
});
