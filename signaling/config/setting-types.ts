// The kinds of setting schema.ts lists: each builder makes the zod schema (parsing, range, default) and the words
// the reference page shows for it, from the same arguments.
import { readFileSync } from "node:fs";
import proxyAddr from "proxy-addr";
import { z } from "zod";

/** One setting: its variable, its zod schema (parsing, range, default), and the words of the reference page. */
export interface Setting<T> {
  env: string;
  schema: z.ZodType<T>;
  /** The type as the reference page shows it. */
  type: string;
  /** The default as the reference page shows it; undefined: unset unless given. */
  default: string | undefined;
  description: string;
}

export type Parsed<T> = Omit<Setting<T>, "env" | "description">;

const number = new Intl.NumberFormat("en-US");

export function int(min: number, max: number): Parsed<number>;
export function int(min: number, max: number, dflt: number): Parsed<number>;
export function int(min: number, max: number, dflt?: number): Parsed<number | undefined> {
  const base = z.coerce.number().int().min(min).max(max);
  return {
    schema: dflt === undefined ? base.optional() : base.default(dflt),
    type: `integer, ${number.format(min)} to ${number.format(max)}`,
    default: dflt === undefined ? undefined : String(dflt),
  };
}

export function port(dflt?: number): Parsed<number | undefined> {
  const base = z.coerce.number().int().min(0).max(65_535);
  return {
    schema: dflt === undefined ? base.optional() : base.default(dflt),
    type: "port, 0 to 65,535",
    default: dflt === undefined ? undefined : String(dflt),
  };
}

export function text(dflt: string): Parsed<string>;
export function text(): Parsed<string | undefined>;
export function text(dflt?: string): Parsed<string | undefined> {
  const base = z.string().min(1);
  return {
    schema: dflt === undefined ? base.optional() : base.default(dflt),
    type: "string",
    default: dflt,
  };
}

export function bool(dflt: boolean): Parsed<boolean> {
  return {
    schema: z
      .enum(["true", "false", "1", "0", "yes", "no", "on", "off"])
      .default(dflt ? "true" : "false")
      .transform((v) => v === "true" || v === "1" || v === "yes" || v === "on"),
    type: "boolean: true/false, 1/0, yes/no, on/off",
    default: String(dflt),
  };
}

export function oneOf<const V extends readonly [string, ...string[]]>(values: V, dflt?: V[number]): Parsed<V[number]> {
  const base = z.enum(values);
  return {
    schema: (dflt === undefined ? base.optional() : base.default(dflt)) as z.ZodType<V[number]>,
    type: `one of ${values.map((v) => `\`${v}\``).join(", ")}`,
    default: dflt,
  };
}

/** Comma-separated list; blanks dropped. */
const listOf = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

export function list(item: z.ZodType<string, string> = z.string(), type = "comma-separated list"): Parsed<string[]> {
  return { schema: listOf.pipe(z.array(item)).default([]), type, default: undefined };
}

/** A comma-separated list of URLs of one family, e.g. `turn:`/`turns:`. */
export function urlList(schemes: RegExp, example: string): Parsed<string[]> {
  return list(z.string().regex(schemes, `each URL must start with ${example}`), `comma-separated ${example} URLs`);
}

/** A shared secret: long enough that it cannot be guessed, checked without ever echoing it. */
export const secretText = (minChars: number) =>
  z.string().min(minChars, `must be at least ${minChars} characters (e.g. \`openssl rand -base64 32\`)`);

export function secret(minChars: number): Parsed<string | undefined> {
  return { schema: secretText(minChars).optional(), type: `secret, ${minChars}+ characters`, default: undefined };
}

const iceServerSchema = z.object({
  urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = { urls: string | string[]; username?: string; credential?: string };

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

/** An http(s) origin; a trailing slash is dropped. */
export function httpUrl(): Parsed<string | undefined> {
  return {
    schema: z
      .url({ protocol: /^https?$/ })
      .optional()
      .transform((v) => v?.replace(/\/+$/, "")),
    type: "http(s) URL",
    default: undefined,
  };
}

/** MAX_CONNECTIONS: by default under the process's descriptor limit. */
export function connectionCap(): Parsed<number> {
  return {
    schema: z.coerce
      .number()
      .int()
      .min(1)
      .max(10_000_000)
      .optional()
      .transform((v) => v ?? defaultMaxConnections()),
    type: "integer, 1 to 10,000,000",
    default: "descriptor limit − 10 %",
  };
}

/** A string with no constraint, unset by default. */
export function anyText(): Parsed<string | undefined> {
  return { schema: z.string().optional(), type: "string", default: undefined };
}

/** Express's `trust proxy` forms: a boolean, a hop count, or a list of trusted addresses/subnets. */
export function trustProxy(): Parsed<boolean | number | string> {
  return {
    schema: z
      .string()
      .default("false")
      .transform((v, ctx): boolean | number | string => {
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
    type: "`true`, `false`, a hop count, or addresses/subnets",
    default: "false",
  };
}

/** A JSON list of RTCIceServer; optional fields the JSON left out stay absent rather than present as undefined. */
export function iceServerList(): Parsed<IceServer[]> {
  return {
    schema: z
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
      .pipe(z.array(iceServerSchema))
      .transform((servers): IceServer[] =>
        servers.map(({ urls, username, credential }) => ({
          urls,
          ...(username === undefined ? {} : { username }),
          ...(credential === undefined ? {} : { credential }),
        })),
      ),
    type: "JSON list of RTCIceServer",
    default: "[]",
  };
}

export function redisUrl(): Parsed<string | undefined> {
  return {
    schema: z
      .url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379" })
      .optional(),
    type: "redis:// or rediss:// URL",
    default: undefined,
  };
}

export function keyPrefix(dflt: string): Parsed<string> {
  return {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9:_.-]{1,64}$/, "1-64 letters, digits or :_.-")
      .default(dflt),
    type: "1-64 letters, digits or `:_.-`",
    default: dflt,
  };
}
