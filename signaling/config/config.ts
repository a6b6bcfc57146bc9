// loadConfig(env): the only reader of process.env. The settings themselves (names, types, defaults) are schema.ts's.
import { type Config, envSchema, SETTINGS } from "./schema.js";

export type { Config } from "./schema.js";

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
  const config = parsed.success ? toConfig(parsed.data) : undefined;
  if (config) problems.push(...combinationProblems(config));
  if (!config || problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** The parsed variables under Config's keys. */
function toConfig(byVariable: Record<string, unknown>): Config {
  return Object.fromEntries(Object.entries(SETTINGS).map(([key, s]) => [key, byVariable[s.env]])) as Config;
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

/** Settings that are each valid but do not work together. */
function combinationProblems(c: Config): string[] {
  const problems: string[] = [];
  if (c.iceTransportPolicy === "relay" && c.turnUrls.length === 0 && !c.iceServers.some(isTurnServer))
    problems.push("ICE_TRANSPORT_POLICY: relay needs a TURN server (TURN_URLS, or a turn: entry in ICE_SERVERS)");
  if (c.shutdownDrainMs >= c.shutdownTimeoutMs && c.shutdownTimeoutMs > 0) {
    problems.push(
      "SHUTDOWN_DRAIN_MS: must be shorter than SHUTDOWN_TIMEOUT_MS, or the drain would use up the whole deadline",
    );
  }
  return problems;
}

function isTurnServer(server: { urls: string | string[] }): boolean {
  return (Array.isArray(server.urls) ? server.urls : [server.urls]).some((url) => /^turns?:/i.test(url));
}
